"""The model on what real extracts do: records without a date of birth, swapped names and
dates, namesakes with different NHS numbers (issue 17's acceptance tests)."""

import pandas as pd
import pytest

from joinedup.linkage import engine
from joinedup.linkage.prepare import prepare
from tests.linkage.conftest import population

COLUMNS = [
    "source", "source_id", "first_name", "last_name", "date_of_birth", "sex", "postcode",
    "nhs_number",
]  # fmt: skip

RARE = [
    ("housing", "R1", "Zephyrine", "Quarrington", "1971-03-05", "F", "RV4 7QX", ""),
    ("police", "R2", "ZEPHYRINE", "QUARRINGTON", "05/03/1971", "F", "NFA", ""),
    ("health", "R3", "Zephyrine", "Quarrington", "1971-03-05", "F", "RV4 7QX", ""),
    # No date of birth, no postcode: only the (rare) names say who this is.
    ("drugs", "R4", "Zephyrine", "Quarrington", "", "F", "", ""),
]
# Four different John Smiths, each known to two agencies, and a fifth record with no date of
# birth: any of them could be its person.
COMMON = [
    row
    for k, (dob, postcode) in enumerate(
        [
            ("1980-02-11", "RV1 1AA"),
            ("1975-06-30", "RV2 2BB"),
            ("1991-09-14", "RV3 3DD"),
            ("1968-12-02", "RV5 5EE"),
        ]  # fmt: skip
    )
    for row in [
        ("housing", f"S{k}a", "John", "Smith", dob, "M", postcode, ""),
        ("police", f"S{k}b", "John", "Smith", dob, "M", postcode, ""),
    ]
] + [("drugs", "S-nodob", "John", "Smith", "", "M", "", "")]
SWAPS = [
    ("housing", "W1", "Tobias", "Wrenfield", "1984-03-07", "M", "RV6 2LP", ""),
    ("police", "W2", "Wrenfield", "Tobias", "07/03/1984", "M", "NFA", ""),  # names swapped
    ("health", "W3", "Tobias", "Wrenfield", "1984-07-03", "M", "RV6 2LP", ""),  # day/month
    ("drugs", "W4", "WRENFIELD", "TOBIAS", "1984-07-03", "M", "", ""),  # both
]
# Two Daniel Kerrs born the same day, told apart only by their (valid) NHS numbers; records
# without a number could be either.
NAMESAKES = [
    ("health", "K1", "Daniel", "Kerr", "1979-05-02", "M", "RV7 8NP", "9434765919"),
    ("gp", "K2", "Daniel", "Kerr", "1979-05-02", "M", "RV7 8NP", "9434765919"),
    ("health", "K3", "Daniel", "Kerr", "1979-05-02", "M", "RV8 1ST", "4010232137"),
    ("gp", "K4", "Daniel", "Kerr", "1979-05-02", "M", "RV8 1ST", "4010232137"),
    ("housing", "K5", "Daniel", "Kerr", "1979-05-02", "M", "RV7 8NP", ""),
    ("police", "K6", "Daniel", "Kerr", "1979-05-02", "M", "", ""),
]


@pytest.fixture(scope="module")
def linked():
    rows = population(300) + RARE + COMMON + SWAPS + NAMESAKES
    frame = pd.DataFrame(rows, columns=COLUMNS)
    result = engine.link_frame(frame)
    ids = frame["source_id"].tolist()
    label = dict(zip(ids, result.records["cluster"], strict=True))
    return result, ids, label


def test_a_record_without_a_date_of_birth_is_linked_when_its_names_are_rare(linked):
    _, _, label = linked
    assert label["R4"] == label["R1"] == label["R2"] == label["R3"]


def test_and_left_for_review_when_its_names_are_common(linked):
    result, ids, label = linked
    alone = label["S-nodob"]
    assert sum(v == alone for v in label.values()) == 1  # linked to none of the John Smiths
    at = ids.index("S-nodob")
    pairs = result.pairs
    mine = pairs[(pairs["unique_id_l"] == at) | (pairs["unique_id_r"] == at)]
    threshold = result.stats["threshold"]
    for_review = mine[
        mine["conflict"].notna()
        | (mine["match_probability"] >= engine.REVIEW_THRESHOLD)
        & (mine["match_probability"] < threshold)
    ]
    assert len(for_review) >= 2  # more than one John Smith it could be, shown to a reviewer


def test_swapped_names_and_swapped_day_and_month_are_linked(linked):
    _, _, label = linked
    assert label["W1"] == label["W2"] == label["W3"] == label["W4"]


def test_namesakes_with_different_nhs_numbers_are_never_put_together(linked):
    result, ids, label = linked
    assert label["K1"] == label["K2"] and label["K3"] == label["K4"]
    # The records without a number, the same names and date of birth as both, would bridge
    # the two; they may join one of them, never both.
    assert label["K1"] != label["K3"]


def test_the_run_prints_its_own_expected_precision_and_recall(linked):
    result, _, _ = linked
    expected = result.stats["expected"]
    assert 0.5 <= expected["threshold"] <= 0.99
    assert 0.9 < expected["precision"] <= 1 and 0.9 < expected["recall"] <= 1


def _scored(model_json: dict, rows: list[tuple]) -> pd.DataFrame:
    """Every candidate pair of `rows` among a background population (names' frequencies come
    from the extracts being linked), scored by a trained model, keyed by source ids."""
    frame = pd.DataFrame(population(300) + rows, columns=COLUMNS)
    pairs = engine.score(engine.linker_for(prepare(frame), "duckdb", model_json), keep=0.0)
    ids = frame["source_id"].to_numpy()
    pairs = pairs.assign(a=ids[pairs["unique_id_l"]], b=ids[pairs["unique_id_r"]])
    return pairs.set_index(["a", "b"])


def test_a_shared_first_name_has_said_the_sex_already(linked):
    # Namesakes share a sex whether or not they are one person: the same sex adds nothing to
    # a pair whose first names agree, and a different sex still counts against.
    model_json = linked[0].model_json
    pairs = _scored(
        model_json,
        [
            ("housing", "A", "Zephyrine", "Quarrington", "1971-03-05", "F", "RV4 7QX", ""),
            ("drugs", "B", "Zephyrine", "Quarrington", "", "F", "", ""),
            ("police", "C", "Zephyrine", "Quarrington", "", "", "", ""),
            ("gp", "D", "Zephyrine", "Quarrington", "", "M", "", ""),
        ],
    )
    same_sex, no_sex, other_sex = (pairs.loc[("A", x), "match_probability"] for x in "BCD")
    assert same_sex == pytest.approx(no_sex)
    assert pairs.loc[("A", "B"), "gamma_sex"] == -1
    assert other_sex < no_sex


def test_names_that_sound_alike_count_for_more_when_the_sound_is_rare(linked):
    # A slip in both names (or a slip and a swap) with no date of birth: a rare sound is good
    # evidence, a sound many people share is weak.
    model_json = linked[0].model_json
    smiths = [
        (f"a{k}", f"S{k}", "John", "Smith", f"19{60 + k}-02-1{k}", "M", "", "") for k in range(6)
    ]
    pairs = _scored(
        model_json,
        smiths
        + [
            ("drugs", "S-slip", "Jon", "Smyth", "", "M", "", ""),
            ("housing", "Z", "Zephyrine", "Quarrington", "1971-03-05", "F", "", ""),
            ("drugs", "Z-slip", "Zephyrin", "Quarington", "", "F", "", ""),
            ("police", "Z-swap", "Quarington", "Zephyrin", "", "F", "", ""),
        ],
    )
    rare, swapped = pairs.loc[("Z", "Z-slip")], pairs.loc[("Z", "Z-swap")]
    common = pairs.loc[("S0", "S-slip")]
    assert rare["gamma_name"] == swapped["gamma_name"] == common["gamma_name"] == 7
    assert rare["match_probability"] > 2 * common["match_probability"]
    assert swapped["match_probability"] == pytest.approx(rare["match_probability"])
