"""Clustering without chaining, thresholds from the model's own estimates, review priority."""

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from joinedup.linkage import clustering

PAIRS = ["unique_id_l", "unique_id_r", "match_probability"]


def frame(rows):
    return pd.DataFrame(rows, columns=PAIRS)


numbers = st.lists(
    st.sampled_from([None, "9434765919", "4010232137", "6541238973"]), min_size=10, max_size=10
)
scored = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.floats(0, 1)), max_size=40)


@given(scored, numbers)
def test_no_cluster_ever_holds_two_different_nhs_numbers(rows, nhs):
    pairs = frame([(min(a, b), max(a, b), p) for a, b, p in rows if a != b])
    labels, _ = clustering.cluster(10, pairs, 0.5, nhs=pd.Series(nhs))
    for label in set(labels):
        held = {nhs[i] for i in range(10) if labels[i] == label and nhs[i]}
        assert len(held) <= 1


def test_a_chain_through_a_record_without_a_date_of_birth_does_not_join_two_people():
    # 0 and 2 were born years apart; 1 has no date of birth and looks like both.
    pairs = frame([(0, 1, 0.97), (1, 2, 0.96)])
    dob = pd.Series(["1980-02-11", None, "1991-09-14"])
    refused = []
    labels, _ = clustering.cluster(3, pairs, 0.9, dob=dob, refused=refused)
    assert labels[0] != labels[2]
    assert refused == [(1, 2, 0.96, "dates of birth conflict")]


def test_dates_that_can_be_one_persons_do_not_conflict():
    assert clustering.dates_agree("1984-03-07", "1984-07-03")  # day and month swapped
    assert clustering.dates_agree("1984-03-07", "1984-03-08")  # a day out
    assert clustering.dates_agree("1984-03-07", "1994-03-07")  # one digit
    assert not clustering.dates_agree("1984-03-07", "1991-09-14")


@given(st.lists(st.floats(0, 1), max_size=200))
def test_the_chosen_threshold_and_its_estimates_stay_in_range(probabilities):
    chosen = clustering.choose_threshold(np.array(probabilities))
    assert clustering.LOWEST_THRESHOLD <= chosen.threshold <= clustering.HIGHEST_THRESHOLD
    assert 0 <= chosen.precision <= 1 and 0 <= chosen.recall <= 1


def test_the_threshold_follows_the_data():
    # Pairs more likely matches than not raise the expected F1: they are linked.
    probabilities = np.array([0.999] * 50 + [0.7] * 10 + [0.2] * 100)
    chosen = clustering.choose_threshold(probabilities)
    assert chosen.threshold == 0.7
    assert abs(chosen.precision - (50 * 0.999 + 10 * 0.7) / 60) < 1e-12
    assert chosen.recall < 1  # the 0.2s hold some matches, by the model's own account
    assert clustering.choose_threshold(np.array([0.999] * 50 + [0.8] * 3)).threshold == 0.8


def test_review_comes_first_where_a_decision_changes_most():
    near_big = clustering.review_priority(0.88, 0.9, 6, 5, conflict=False)
    near_small = clustering.review_priority(0.88, 0.9, 1, 1, conflict=False)
    far_big = clustering.review_priority(0.52, 0.9, 6, 5, conflict=False)
    conflict = clustering.review_priority(0.95, 0.9, 6, 5, conflict=True)
    assert conflict > near_big > far_big and near_big > near_small
