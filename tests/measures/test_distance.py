"""Distance travelled, the engine: first and latest readings, improved / stable / worse, and the
mean change with its 95% confidence interval from a paired t test."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.measures import distance
from joinedup.measures.distance import Direction, Reading

LOWER = Direction.LOWER_IS_BETTER
HIGHER = Direction.HIGHER_IS_BETTER


def test_the_paired_interval_matches_the_worked_example_to_two_decimals():
    """Six people's first and latest NDT totals, worked by hand:

    person   first  latest  change d   d - mean   (d - mean)^2
    1        30     24      -6         -2.3333    5.4444
    2        28     25      -3          0.6667    0.4444
    3        35     27      -8         -4.3333   18.7778
    4        22     23      +1          4.6667   21.7778
    5        31     26      -5         -1.3333    1.7778
    6        26     25      -1          2.6667    7.1111
    sum of d = -22, mean = -22 / 6 = -3.6667; sum of squares = 55.3333
    sd = sqrt(55.3333 / 5) = sqrt(11.0667) = 3.3267
    se = 3.3267 / sqrt(6) = 3.3267 / 2.4495 = 1.3581
    t(0.975, 5) = 2.5706; half-width = 2.5706 x 1.3581 = 3.4911
    interval = -3.6667 -/+ 3.4911 = -7.16 to -0.18
    """
    pairs = [(30, 24), (28, 25), (35, 27), (22, 23), (31, 26), (26, 25)]
    readings = []
    for person, (first, latest) in enumerate(pairs, start=1):
        readings.append(Reading(person, date(2025, 1, 6), Decimal(first)))
        readings.append(Reading(person, date(2025, 3, 3), Decimal(latest + 3)))  # in between
        readings.append(Reading(person, date(2025, 7, 7), Decimal(latest)))
    result = distance.distance(readings, LOWER)
    ci = result.interval
    assert ci.n == 6
    assert round(ci.mean, 2) == Decimal("-3.67")
    assert round(ci.sd, 2) == Decimal("3.33")
    assert round(ci.se, 2) == Decimal("1.36")
    assert round(ci.t, 4) == Decimal("2.5706")
    assert (round(ci.low, 2), round(ci.high, 2)) == (Decimal("-7.16"), Decimal("-0.18"))
    # Lower is better on the NDT: five fell (improved), one rose (worse).
    assert result.outcomes == {"improved": 5, "stable": 0, "worse": 1}
    assert result.improving_mean is True


def test_a_reliable_change_threshold_counts_small_changes_as_stable():
    changes = [(10, 4), (10, 7), (10, 10), (10, 12), (10, 15)]
    readings = [
        r
        for p, (a, b) in enumerate(changes)
        for r in (
            Reading(p, date(2025, 1, 1), Decimal(a)),
            Reading(p, date(2025, 6, 1), Decimal(b)),
        )
    ]
    assert distance.distance(readings, LOWER).outcomes == {"improved": 2, "stable": 1, "worse": 2}
    assert distance.distance(readings, LOWER, Decimal(3)).outcomes == {
        "improved": 2,  # -6 and -3: a change of exactly the threshold is reliable
        "stable": 2,  # 0 and +2
        "worse": 1,  # +5
    }
    with pytest.raises(ValueError, match="more than 0"):
        distance.distance(readings, LOWER, Decimal(0))


def test_people_with_one_reading_are_counted_apart_from_change():
    result = distance.distance(
        [
            Reading(1, date(2025, 1, 1), Decimal(20)),
            Reading(2, date(2025, 1, 1), Decimal(20)),
            Reading(2, date(2025, 2, 1), Decimal(25)),
        ],
        HIGHER,
    )
    assert result.one_reading == 1
    assert result.counted == 1
    assert result.interval.mean == 5 and result.interval.low is None  # no interval from one


def test_readings_on_one_day_take_the_one_given_last_as_latest():
    found = distance.pairs(
        [Reading(1, date(2025, 1, 1), Decimal(3)), Reading(1, date(2025, 1, 1), Decimal(5))]
    )
    assert (found[0].first, found[0].latest, found[0].readings) == (3, 5, 2)


scores = st.decimals(min_value=0, max_value=48, places=1, allow_nan=False)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 1, 1))
readings_lists = st.lists(
    st.builds(Reading, st.integers(1, 30), days, scores), min_size=0, max_size=120
)


@settings(deadline=None)
@given(readings_lists, st.sampled_from([LOWER, HIGHER]), st.none() | st.integers(1, 10))
def test_every_person_lands_in_exactly_one_place(readings, direction, threshold):
    threshold = None if threshold is None else Decimal(threshold)
    result = distance.distance(readings, direction, threshold)
    people = {r.person_id for r in readings}
    assert result.one_reading + result.counted == len(people)
    assert sum(result.outcomes.values()) == result.counted
    if result.counted >= 2:
        ci = result.interval
        assert ci.low <= ci.mean <= ci.high
        assert abs((ci.mean - ci.low) - (ci.high - ci.mean)) < Decimal("1e-20")
    flipped = distance.distance(readings, Direction(-direction.value), threshold)
    assert flipped.outcomes["improved"] == result.outcomes["worse"]
    assert flipped.outcomes["stable"] == result.outcomes["stable"]


@settings(deadline=None)
@given(readings_lists, st.integers(1, 10))
def test_a_threshold_never_adds_improvements(readings, threshold):
    plain = distance.distance(readings, HIGHER)
    strict = distance.distance(readings, HIGHER, Decimal(threshold))
    assert strict.outcomes["improved"] <= plain.outcomes["improved"]
    assert strict.outcomes["worse"] <= plain.outcomes["worse"]


@settings(deadline=None)
@given(readings_lists)
def test_the_order_readings_come_in_does_not_matter(readings):
    by_date = sorted(readings, key=lambda r: r.on)
    assert [(p.first, p.latest) for p in distance.pairs(reversed(by_date))] == [
        (p.first, p.latest) for p in distance.pairs(by_date)
    ] or len({(r.person_id, r.on) for r in readings}) < len(readings)  # same-day ties aside
