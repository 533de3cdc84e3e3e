"""The linkage model as data: comparisons and blocking rules for this population.

Every SQL condition here uses only functions that DuckDB and Spark SQL both have (`=`,
`levenshtein`, `abs`, `coalesce`), so one trained model (its JSON) runs unchanged on either
backend. The columns are those `prepare.prepare` makes.
"""

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator

#: Deterministic rules used to estimate how likely two random records are the same person.
DETERMINISTIC_RULES = [
    "l.nhs = r.nhs",
    "l.name_key = r.name_key AND l.dob = r.dob",
]

#: Which pairs are compared at all. Each rule catches pairs the others miss when one field is
#: noisy: a nickname or swapped names (name_key), a typo in a name (dob with the other name), a
#: missing date of birth (names and postcode), one part of a hyphenated surname.
BLOCKING_RULES = [
    "l.nhs = r.nhs",
    "l.name_key = r.name_key",
    "l.forename_canon = r.forename_canon AND l.dob = r.dob",
    "l.surname_a = r.surname_a AND l.dob = r.dob",
    "l.surname_a = r.surname_a AND l.dob_year = r.dob_year",
    "l.dob = r.dob AND l.pc_sector = r.pc_sector",
    "l.forename_canon = r.forename_canon AND l.dob = r.dob_swap",
    "l.dob_swap = r.dob AND l.forename_canon = r.forename_canon",
    "l.surname_b = r.surname_a AND l.forename_canon = r.forename_canon",
    "l.surname_a = r.surname_b AND l.forename_canon = r.forename_canon",
    "l.surname = r.surname AND l.postcode = r.postcode",
    "l.forename_canon = r.forename_canon AND substr(l.surname, 1, 2) = substr(r.surname, 1, 2)",
]

#: Pairs for EM training: each leaves the other fields free to be learnt.
TRAINING_RULES = ["l.dob = r.dob", "l.name_key = r.name_key"]

SAME_SURNAME = (
    "(surname_a_l = surname_a_r OR surname_a_l = surname_b_r OR surname_b_l = surname_a_r "
    "OR surname_b_l = surname_b_r)"
)


# Conditions are written unquoted, as plain SQL both dialects read the same way: a library
# level would quote names for the dialect it was made in ("x" is a column in DuckDB, a string in
# Spark), and the saved model would not run on the other backend.
def _level(sql: str, label: str):
    return cll.CustomLevel(sql, label_for_charts=label)


def _null(column: str):
    return cll.CustomLevel(
        f"{column}_l IS NULL OR {column}_r IS NULL", label_for_charts="missing"
    ).configure(is_null_level=True)


def name_comparison():
    return cl.CustomComparison(
        output_column_name="name",
        comparison_description="first and last names, in either order, with nicknames",
        comparison_levels=[
            cll.CustomLevel(
                "(forename_l IS NULL AND surname_l IS NULL) "
                "OR (forename_r IS NULL AND surname_r IS NULL)",
                label_for_charts="names missing",
            ).configure(is_null_level=True),
            # How common the name is matters: two John Smiths are weaker evidence.
            _level("forename_l = forename_r AND surname_l = surname_r", "exact").configure(
                tf_adjustment_column="name_key", tf_adjustment_weight=1.0
            ),
            _level(
                "forename_canon_l = forename_canon_r AND surname_l = surname_r", "nickname"
            ).configure(tf_adjustment_column="name_key", tf_adjustment_weight=1.0),
            _level("name_key_l = name_key_r", "same names, swapped order").configure(
                tf_adjustment_column="name_key", tf_adjustment_weight=1.0
            ),
            _level(f"forename_canon_l = forename_canon_r AND {SAME_SURNAME}", "one surname part"),
            _level(
                "forename_canon_l = forename_canon_r AND levenshtein(surname_l, surname_r) <= 2",
                "surname slip",
            ),
            _level(
                "levenshtein(forename_l, forename_r) <= 1 "
                "AND levenshtein(surname_l, surname_r) <= 1",
                "slip in each",
            ),
            _level(
                f"{SAME_SURNAME} AND substr(forename_l, 1, 1) = substr(forename_r, 1, 1)",
                "surname and initial",
            ),
            _level(SAME_SURNAME, "surname only (alias?)"),
            _level("forename_canon_l = forename_canon_r", "first name only"),
            cll.ElseLevel(),
        ],
    )


def dob_comparison():
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_description="date of birth, with placeholders as year only",
        comparison_levels=[
            cll.CustomLevel(
                "dob_year_l IS NULL OR dob_year_r IS NULL", label_for_charts="missing"
            ).configure(is_null_level=True),
            _level("dob_l = dob_r", "exact"),
            _level("dob_l = dob_swap_r", "day and month swapped"),
            _level("levenshtein(dob_l, dob_r) <= 1", "one digit"),
            _level(
                "(dob_l IS NULL OR dob_r IS NULL) AND dob_year_l = dob_year_r",
                "year only (placeholder)",
            ),
            _level("abs(dob_year_l - dob_year_r) <= 1", "within a year"),
            cll.ElseLevel(),
        ],
    )


def postcode_comparison():
    return cl.CustomComparison(
        output_column_name="postcode",
        comparison_description="postcode; no fixed abode counts as missing",
        comparison_levels=[
            _null("postcode"),
            _level("postcode_l = postcode_r", "exact"),
            _level("pc_sector_l = pc_sector_r", "sector"),
            _level("pc_district_l = pc_district_r", "district"),
            cll.ElseLevel(),
        ],
    )


def nhs_comparison():
    return cl.CustomComparison(
        output_column_name="nhs",
        comparison_description="NHS number (only those passing the check digit)",
        comparison_levels=[_null("nhs"), _level("nhs_l = nhs_r", "exact"), cll.ElseLevel()],
    )


def sex_comparison():
    return cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=[_null("sex"), _level("sex_l = sex_r", "exact"), cll.ElseLevel()],
    )


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            name_comparison(),
            dob_comparison(),
            postcode_comparison(),
            nhs_comparison(),
            sex_comparison(),
        ],
        blocking_rules_to_generate_predictions=BLOCKING_RULES,
        # The comparison levels are the evidence reviewers see; the compared values are not
        # needed out of the database (the records are at hand).
        retain_intermediate_calculation_columns=True,
    )
