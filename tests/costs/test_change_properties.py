"""Properties of the cost-change engine that hold for any data (hypothesis)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from joinedup.costs.change import TOTAL, Event, Line, UnitCost, add_months, cost_change

KINDS = [f"k{i}" for i in range(6)]
pounds = st.integers(0, 10**7).map(lambda p: Decimal(p) / 100)
quantities = st.one_of(
    st.integers(0, 500).map(Decimal), st.integers(0, 10**6).map(lambda q: Decimal(q) / 10**4)
)
starts = st.dates(date(2000, 1, 1), date(2040, 12, 31))
months = st.integers(1, 36)


@st.composite
def areas(draw):
    """Unit costs, a cohort, and events around its start dates (some outside, some outsiders)."""
    unit_costs = [UnitCost(k, draw(st.sampled_from("abc")), draw(pounds)) for k in KINDS]
    cohort = draw(st.dictionaries(st.sampled_from("PQRSTU"), starts, max_size=6))
    n = draw(months)
    people = sorted(cohort) + ["outsider"]
    events = []
    for _ in range(draw(st.integers(0, 40))):
        person = draw(st.sampled_from(people))
        centre = cohort.get(person, date(2020, 1, 1))
        offset = draw(st.integers(-31 * n - 40, 31 * n + 40))
        day = centre + timedelta(days=offset)
        events.append(Event(person, draw(st.sampled_from(KINDS)), day, draw(quantities)))
    return events, unit_costs, cohort, n


@given(areas())
def test_total_is_the_sum_of_departments_and_of_kinds_exactly(area):
    result = cost_change(*area)
    for side in ("baseline", "follow_up"):
        total = getattr(result.exact_total, side)
        assert total == sum(getattr(d, side) for d in result.departments)
        assert total == sum(getattr(k, side) for k in result.kinds)
    rows = result.rows()
    assert rows[-1][0] == TOTAL
    for column in (1, 2, 3):
        assert rows[-1][column] == sum(row[column] for row in rows[:-1])


@given(areas())
def test_money_is_exact_decimal_pence_and_each_row_adds_up(area):
    for _name, baseline, follow_up, change, percent in cost_change(*area).rows():
        for amount in (baseline, follow_up, change):
            assert isinstance(amount, Decimal) and amount.as_tuple().exponent == -2
        assert change == follow_up - baseline
        assert percent == "" if baseline == 0 else isinstance(percent, Decimal)


@given(areas())
def test_departments_are_every_department_priced_in_name_order(area):
    names = [row[0] for row in cost_change(*area).rows()]
    assert names == sorted({u.department for u in area[1]}) + [TOTAL]


@st.composite
def placed(draw):
    """Events each placed in one window, on the first day of one of its N month slices."""
    unit_costs = [UnitCost(k, draw(st.sampled_from("abc")), draw(pounds)) for k in KINDS]
    n = draw(months)
    cohort = draw(st.dictionaries(st.sampled_from("PQRS"), starts, min_size=1, max_size=4))
    marks = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(cohort)),
                st.sampled_from(KINDS),
                st.booleans(),
                st.integers(0, n - 1),
                quantities,
            ),
            max_size=30,
        )
    )
    return unit_costs, cohort, n, marks


def events_of(cohort, n, marks, swap=False):
    out = []
    for person, kind, in_follow_up, slice_, quantity in marks:
        start = cohort[person]
        side = in_follow_up != swap
        out.append(Event(person, kind, add_months(start, slice_ if side else slice_ - n), quantity))
    return out


@given(placed())
def test_swapping_baseline_and_follow_up_negates_every_change(case):
    unit_costs, cohort, n, marks = case
    # Day 28 or earlier: month slices then line up exactly on both sides.
    cohort = {p: s.replace(day=min(s.day, 28)) for p, s in cohort.items()}
    there = cost_change(events_of(cohort, n, marks), unit_costs, cohort, n)
    back = cost_change(events_of(cohort, n, marks, swap=True), unit_costs, cohort, n)
    assert there.events_ignored == back.events_ignored == 0
    for a, b in zip(there.rows(), back.rows(), strict=True):
        assert a[0] == b[0] and (a[1], a[2]) == (b[2], b[1]) and a[3] == -b[3]
    for a, b in zip(there.kinds, back.kinds, strict=True):
        assert a.change == -b.change


@given(st.lists(st.tuples(pounds, pounds), max_size=10))
def test_swapping_any_lines_negates_their_change(pairs):
    for baseline, follow_up in pairs:
        assert Line("x", baseline, follow_up).change == -Line("x", follow_up, baseline).change


@given(starts, months)
def test_window_boundaries(start, n):
    before = add_months(start, -n)
    places = {
        "start": (start, "follow_up"),
        "day_before_start": (start - timedelta(days=1), "baseline"),
        "n_months_before": (before, "baseline"),
        "day_before_that": (before - timedelta(days=1), None),
        "last_follow_up_day": (add_months(start, n) - timedelta(days=1), "follow_up"),
        "n_months_after": (add_months(start, n), None),
    }
    unit_costs = [UnitCost(name, name, Decimal(1)) for name in places]
    events = [Event("p", name, day) for name, (day, _) in places.items()]
    result = cost_change(events, unit_costs, {"p": start}, n)
    for line in result.departments:
        expected = places[line.name][1]
        assert line.baseline == (1 if expected == "baseline" else 0), line
        assert line.follow_up == (1 if expected == "follow_up" else 0), line
    assert result.events_ignored == 2
