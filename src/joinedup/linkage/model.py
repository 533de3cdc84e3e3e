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
#: noisy or missing: a nickname or swapped names (name_key), typos in both names or a spelling
#: no table knows (name_sx_key, by sound), a typo in one name (the date of birth with the other
#: name), no date of birth (the names alone, exactly or by sound), an alias or married surname
#: (first name and date of birth), no postcode (names, or surname and year of birth), one part
#: of a hyphenated surname.
BLOCKING_RULES = [
    "l.nhs = r.nhs",
    "l.name_key = r.name_key",
    "l.name_sx_key = r.name_sx_key",
    "l.forename_canon = r.forename_canon AND l.dob = r.dob",
    "l.surname_a = r.surname_a AND l.dob = r.dob",
    "l.surname_sx = r.surname_sx AND l.dob_year = r.dob_year",
    "l.forename_sx = r.forename_sx AND l.dob_year = r.dob_year "
    "AND substr(l.surname, 1, 1) = substr(r.surname, 1, 1)",
    "l.dob = r.dob AND l.pc_sector = r.pc_sector",
    "l.dob = r.dob AND l.postcode = r.postcode",
    "l.dob = r.dob AND substr(l.forename, 1, 1) = substr(r.forename, 1, 1)",
    "l.dob = r.dob AND substr(l.forename, 1, 1) = substr(r.surname, 1, 1)",
    "l.forename_canon = r.forename_canon AND l.dob = r.dob_swap",
    "l.dob_swap = r.dob AND l.forename_canon = r.forename_canon",
    "l.surname_b = r.surname_a AND l.forename_canon = r.forename_canon",
    "l.surname_a = r.surname_b AND l.forename_canon = r.forename_canon",
    "l.surname = r.surname AND l.postcode = r.postcode",
    "l.forename_canon = r.forename_canon AND substr(l.surname, 1, 2) = substr(r.surname, 1, 2)",
]

#: Pairs for EM training: each leaves the other fields free to be learnt.
TRAINING_RULES = ["l.dob = r.dob", "l.name_key = r.name_key AND l.postcode = r.postcode"]

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


def _tf(level, column: str):
    # The smallest u a rare value may stand for: one in a million pairs.
    return level.configure(
        tf_adjustment_column=column, tf_adjustment_weight=1.0, tf_minimum_u_value=1e-6
    )


def _tf_own(level, column: str):
    """A term frequency adjustment on a level that is not an exact match of `column`: its
    weight becomes m over the value's frequency (the level's own u is the base)."""
    return _tf(level, column).configure(disable_tf_exact_match_detection=True)


SWAPPED_SIMILAR = (
    "jaro_winkler(forename_l, surname_r) >= 0.9 AND jaro_winkler(surname_l, forename_r) >= 0.9"
)


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
            # How common the names are matters: two John Smiths are weaker evidence. The
            # frequencies are those of the extracts being linked (engine.term_frequencies).
            # Splink adjusts for them against the u of the level whose condition is exactly
            # `name_key_l = name_key_r`, so that level comes first and holds every pair with
            # the same names (as written, through a nickname, or in swapped order).
            _tf(
                _level("name_key_l = name_key_r", "same names (or a nickname, or swapped)"),
                "name_key",
            ),
            # Names that sound alike say as much as their sound is rare: the level's weight is
            # m over how often that sound (in either name order) is someone else's in these
            # extracts. That counts namesakes too, so it errs towards caution.
            _tf_own(
                _level(
                    "name_sx_key_l = name_sx_key_r AND ((jaro_winkler(forename_l, forename_r) "
                    ">= 0.8 AND jaro_winkler(surname_l, surname_r) >= 0.8) OR ("
                    "jaro_winkler(forename_l, surname_r) >= 0.8 "
                    "AND jaro_winkler(surname_l, forename_r) >= 0.8))",
                    "both names sound the same",
                ),
                "name_sx_key",
            ),
            _level(f"forename_canon_l = forename_canon_r AND {SAME_SURNAME}", "one surname part"),
            _level(
                "(jaro_winkler(forename_l, forename_r) >= 0.88 "
                f"AND jaro_winkler(surname_l, surname_r) >= 0.88) OR ({SWAPPED_SIMILAR})",
                "both names similar",
            ),
            _level(
                "forename_canon_l = forename_canon_r AND jaro_winkler(surname_l, surname_r) >= 0.8",
                "surname slip",
            ),
            _level(
                f"{SAME_SURNAME} AND substr(forename_l, 1, 1) = substr(forename_r, 1, 1)",
                "surname and initial",
            ),
            # Another first name, or a married or alias surname: weighed by how common the
            # name that is shared is (each level's condition is exactly its column's, which
            # Splink's term frequency adjustment needs).
            _tf(_level("surname_l = surname_r", "surname only (alias?)"), "surname"),
            _tf(_level("forename_canon_l = forename_canon_r", "first name only"), "forename_canon"),
            cll.ElseLevel(),
        ],
    )


def dob_comparison():
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_description="date of birth: swaps, slips, near dates, 1 January placeholders",
        comparison_levels=[
            cll.CustomLevel(
                "dob_year_l IS NULL OR dob_year_r IS NULL", label_for_charts="missing"
            ).configure(is_null_level=True),
            _level("dob_l = dob_r", "exact"),
            _level("dob_l = dob_swap_r", "day and month swapped"),
            _level("abs(dob_days_l - dob_days_r) <= 31", "within a month"),
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
            _tf(_level("postcode_l = postcode_r", "exact"), "postcode"),
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


#: When the first names agree (as written, through a nickname, by sound, or with the names
#: swapped), so (nearly always) does the sex: the name has said it already.
SAME_FIRST_NAME = (
    "(forename_canon_l = forename_canon_r OR forename_sx_l = forename_sx_r "
    "OR name_key_l = name_key_r OR name_sx_key_l = name_sx_key_r)"
)


def sex_comparison():
    """Sex, counted only where the names have not said it already.

    Two records sharing a first name share a sex whether or not they are one person, so a
    same sex there is no evidence; counted as if independent of the name (the model's
    assumption), it would double every namesake's odds. Such pairs are a level that says
    nothing (Splink's null level, weight 1); a different sex still counts against, names
    alike or not.
    """
    return cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=[
            _null("sex"),
            cll.CustomLevel(
                f"sex_l = sex_r AND {SAME_FIRST_NAME}", label_for_charts="said by the first name"
            ).configure(is_null_level=True),
            _level("sex_l = sex_r", "exact"),
            cll.ElseLevel(),
        ],
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
