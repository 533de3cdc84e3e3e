"""The linker's pieces, without the database: cleaning, clustering and both backends."""

import shutil

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.linkage import engine
from joinedup.linkage.prepare import prepare
from joinedup.people.nhs import nhs_number_is_valid
from tests.linkage.conftest import extracts


def frame(files: int = 3):
    from io import StringIO

    return pd.concat(
        [pd.read_csv(StringIO(t), dtype=str, keep_default_na=False) for t in extracts()[:files]],
        ignore_index=True,
    )


def test_nhs_numbers_are_checked_with_their_check_digit():
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765918")
    assert not nhs_number_is_valid("943476591")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 8), st.integers(1, 9))
def test_any_single_mistyped_digit_fails_the_check(stem, position, shift):
    total = sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    if check == 10:
        return
    good = stem + str(check)
    bad = good[:position] + str((int(good[position]) + shift) % 10) + good[position + 1 :]
    assert nhs_number_is_valid(good) and not nhs_number_is_valid(bad)


def test_placeholders_nfa_nicknames_and_swaps_are_cleaned():
    rows = pd.DataFrame(
        {
            "source": ["a", "b", "c", "d"],
            "source_id": ["1", "2", "3", "4"],
            "first_name": ["Mike", "WALSH", "Sarah", "Bill"],
            "last_name": ["Walsh", "Michael", "Okafor-Lewis", "Smith"],
            "date_of_birth": ["1900-01-01", "07/03/1984", "01/01/1990", "1984-07-03"],
            "sex": ["m", "Male", "F", ""],
            "postcode": ["NFA", "no fixed abode", "rv2 3cd", "ZZ99 3VZ"],
            "nhs_number": ["943 476 5919", "9434765918", "", ""],
        }
    )
    p = prepare(rows)
    assert p["name_key"][0] == p["name_key"][1]  # nickname, and names swapped
    assert p["dob"][0] is None and p["dob_year"].isna()[0]  # placeholder
    assert p["dob"][1] == "1984-03-07" and p["dob_swap"][3] == "1984-03-07"
    assert p["dob"][2] is None and p["dob_year"][2] == 1990  # 1 January: year only
    assert list(p["postcode"]) == [None, None, "RV23CD", None]
    assert (p["surname_a"][2], p["surname_b"][2]) == ("okafor", "lewis")
    assert p["nhs"][0] == "9434765919" and p["nhs"][1] is None


def test_clustering_never_joins_what_a_reviewer_called_different():
    pairs = pd.DataFrame(
        {"unique_id_l": [0, 1], "unique_id_r": [1, 2], "match_probability": [0.99, 0.98]}
    )
    labels, _ = engine.cluster(3, pairs, 0.9, different=[(0, 2)])
    assert labels[0] != labels[2]
    assert labels[0] == labels[1]


pair_lists = st.lists(
    st.tuples(st.integers(0, 11), st.integers(0, 11), st.floats(0.0, 1.0)), max_size=40
)


@given(pair_lists, st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=6))
def test_no_chain_of_links_joins_a_pair_called_different(scored, different):
    different = [(a, b) for a, b in different if a != b]
    rows = [(min(a, b), max(a, b), p) for a, b, p in scored if a != b]
    pairs = pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r", "match_probability"])
    labels, best = engine.cluster(12, pairs, 0.5, different=different)
    for a, b in different:
        assert labels[a] != labels[b]
    assert ((best >= 0) & (best <= 1)).all()


def test_the_linker_finds_the_people_in_noisy_extracts():
    result = engine.link_frame(frame())
    labels = result.records["cluster"].to_numpy()
    for i in range(10):
        assert labels[i] == labels[10 + i] == labels[20 + i], f"person {i}"
    assert len(set(labels)) == 10


@pytest.mark.skipif(not shutil.which("java"), reason="Spark needs Java (17+) on the machine")
def test_duckdb_and_spark_give_the_same_clusters():
    pytest.importorskip("pyspark", reason="pyspark is the optional 'spark' extra")
    data = frame()
    duck = engine.link_frame(data)
    spark = engine.link_frame(data, backend="spark", model_json=duck.model_json)
    assert (duck.records["cluster"] == spark.records["cluster"]).all()
    merged = duck.pairs.merge(spark.pairs, on=["unique_id_l", "unique_id_r"])
    assert len(merged) == len(duck.pairs) == len(spark.pairs)
    assert (merged["match_probability_x"] - merged["match_probability_y"]).abs().max() < 1e-9


def test_a_training_rule_that_finds_no_pairs_leaves_the_model_whole():
    # The police extract has no postcodes, so 'same names and postcode' finds no pairs to
    # learn from: that step is skipped, and the model keeps its name and postcode comparisons.
    result = engine.link_frame(frame(files=2))
    kept = [c["output_column_name"] for c in result.model_json["comparisons"]]
    assert kept == ["name", "dob", "postcode", "nhs", "sex"]
    same_person = result.pairs[result.pairs["unique_id_r"] - result.pairs["unique_id_l"] == 10]
    assert len(same_person) == 10 and (same_person["match_probability"] > 0.9).all()
