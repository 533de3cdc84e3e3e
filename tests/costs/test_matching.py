"""Nearest-neighbour matching for the comparison cohort: pure, so checked on its own."""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from joinedup.costs import matching
from joinedup.costs.matching import Subject

NAMES = ("needs", "baseline")


def test_each_supported_person_gets_the_nearest_unused_person_of_the_same_quarter():
    treated = [Subject("t1", "Q1", (2, 5.0)), Subject("t2", "Q1", (2, 5.1))]
    pool = [
        Subject("p-far", "Q1", (0, 0.0)),
        Subject("p-near", "Q1", (2, 5.0)),
        Subject("p-next", "Q1", (2, 5.2)),
        Subject("p-other-quarter", "Q2", (2, 5.0)),
    ]
    result = matching.match(treated, pool, NAMES, caliper=1.0)
    pairs = {t.person_id: p.person_id for t, p in result.pairs}
    assert set(pairs.values()) == {"p-near", "p-next"}  # nobody is used twice
    assert "p-other-quarter" not in pairs.values()
    assert result.unmatched == []


def test_nobody_within_the_caliper_stays_unmatched_and_is_reported():
    treated = [Subject("t1", "Q1", (5, 9.0)), Subject("t2", "Q1", (1, 1.0))]
    pool = [Subject("p1", "Q1", (1, 1.0)), Subject("p2", "Q1", (1, 1.1))]
    result = matching.match(treated, pool, NAMES, caliper=0.5)
    assert [t.person_id for t in result.unmatched] == ["t1"]
    assert [(t.person_id, p.person_id) for t, p in result.pairs] == [("t2", "p1")]
    assert result.matched_share == 0.5


def test_a_supported_person_is_never_their_own_comparison():
    treated = [Subject("same", "Q1", (1, 1.0))]
    pool = [Subject("same", "Q1", (1, 1.0)), Subject("other", "Q1", (1, 1.5))]
    result = matching.match(treated, pool, NAMES, caliper=5)
    assert result.pairs[0][1].person_id == "other"


def test_matching_improves_balance_on_a_skewed_pool():
    treated = [Subject(f"t{i}", "Q", (3, 8.0 + i / 10)) for i in range(10)]
    pool = [Subject(f"low{i}", "Q", (1, 2.0 + i / 10)) for i in range(40)]
    pool += [Subject(f"high{i}", "Q", (3, 8.0 + i / 10)) for i in range(10)]
    result = matching.match(treated, pool, NAMES)
    for row in result.balance:
        assert abs(row.smd_after) < abs(row.smd_before)
        assert row.balanced
    assert all(p.person_id.startswith("high") for _, p in result.pairs)


def test_the_standardised_difference_is_zero_when_both_sides_are_constant():
    assert matching.smd([1, 1], [1, 1]) == 0.0
    assert round(matching.smd([1, 2, 3], [2, 3, 4]), 6) == -1.0


subjects = st.lists(
    st.tuples(st.sampled_from("ABC"), st.integers(0, 5), st.floats(0, 10)), max_size=25
)


@given(subjects, subjects, st.floats(0.05, 3))
def test_every_supported_person_is_paired_or_reported_and_nobody_is_used_twice(t, p, caliper):
    treated = [Subject(f"t{i}", q, (a, b)) for i, (q, a, b) in enumerate(t)]
    pool = [Subject(f"p{i}", q, (a, b)) for i, (q, a, b) in enumerate(p)]
    result = matching.match(treated, pool, NAMES, caliper)
    assert len(result.pairs) + len(result.unmatched) == len(treated)
    used = [p.person_id for _, p in result.pairs]
    assert len(used) == len(set(used))
    assert all(t.period == p.period for t, p in result.pairs)
    assert len(result.pairs) <= len(pool)


def searched_whole_pool(treated, pool, names, caliper):
    """The matching done the plain way, every distance to the whole pool: what the tree's
    shortcut must reproduce pair for pair (same order, same ties broken the same way)."""
    treated_ids = {t.person_id for t in treated}
    pool = [p for p in pool if p.person_id not in treated_ids]
    scale = np.array(
        [matching._sd([s.features[i] for s in (*treated, *pool)]) or 1.0 for i in range(len(names))]
    )
    by_period = {}
    for p in pool:
        by_period.setdefault(p.period, []).append(p)
    grids = {
        k: np.array([p.features for p in v], dtype=float) / scale for k, v in by_period.items()
    }

    def distances(t):
        if t.period not in grids:
            return np.empty(0)
        diff = grids[t.period] - np.array(t.features, dtype=float) / scale
        return np.sqrt((diff**2).sum(axis=1) / len(names))

    first = {id(t): float(distances(t).min(initial=math.inf)) for t in treated}
    taken = {k: np.zeros(len(v), dtype=bool) for k, v in by_period.items()}
    pairs = []
    for t in sorted(treated, key=lambda t: -first[id(t)]):
        d = distances(t)
        if d.size:
            d = np.where(taken[t.period], np.inf, d)
            n = int(d.argmin())
            if d[n] <= caliper:
                taken[t.period][n] = True
                pairs.append((t.person_id, by_period[t.period][n].person_id))
    return pairs


# Few distinct values, so that many people are equally near and ties decide.
grid_values = st.lists(
    st.tuples(st.sampled_from("AB"), st.integers(0, 3), st.sampled_from([0.0, 0.5, 1.0, 7.25])),
    max_size=60,
)


@given(grid_values, grid_values, st.floats(0.05, 3))
def test_the_tree_finds_exactly_the_pairs_a_search_of_the_whole_pool_finds(t, p, caliper):
    treated = [Subject(f"t{i}", q, (a, b)) for i, (q, a, b) in enumerate(t)]
    pool = [Subject(f"p{i}", q, (a, b)) for i, (q, a, b) in enumerate(p)]
    result = matching.match(treated, pool, NAMES, caliper)
    assert [(a.person_id, b.person_id) for a, b in result.pairs] == searched_whole_pool(
        treated, pool, NAMES, caliper
    )
