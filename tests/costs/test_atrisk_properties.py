"""Days at risk, deaths and custody in the period engine (hypothesis), and hand-worked cases."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.costs import atrisk
from joinedup.costs.atrisk import ANNUALISE, EXCLUDE, Member, period_changes
from joinedup.costs.change import (
    Event,
    UnitCost,
    cost_change,
    read_cohort,
    read_events,
    read_unit_costs,
)
from tests.costs import cambridgeshire

KINDS = ["arrest", "ed_attendance", "hostel_night", "custody_night"]
pounds = st.integers(0, 10**6).map(lambda p: Decimal(p) / 100)
starts = st.dates(date(2015, 1, 1), date(2022, 12, 31))
FAR = date(2100, 1, 1)


@st.composite
def areas(draw, interruptions=True):
    unit_costs = [UnitCost(k, draw(st.sampled_from("abc")), draw(pounds)) for k in KINDS]
    months = draw(st.integers(1, 13))
    cohort = {}
    for person in draw(st.lists(st.sampled_from("PQRSTU"), unique=True, max_size=6)):
        start = draw(starts)
        died = None
        spells = ()
        if interruptions and draw(st.booleans()):
            died = start + timedelta(days=draw(st.integers(-200, 400)))
        if interruptions and draw(st.booleans()):
            begin = start + timedelta(days=draw(st.integers(-200, 400)))
            spells = ((begin, begin + timedelta(days=draw(st.integers(1, 90)))),)
        cohort[person] = Member(start, died, spells)
    events = []
    for _ in range(draw(st.integers(0, 40))):
        person = draw(st.sampled_from(sorted(cohort) + ["outsider"]))
        centre = cohort[person].start if person in cohort else date(2018, 1, 1)
        day = centre + timedelta(days=draw(st.integers(-31 * months - 20, 93 * months + 20)))
        kind = draw(st.sampled_from(KINDS if interruptions else KINDS[:3]))
        events.append(Event(person, kind, day, Decimal(draw(st.integers(0, 20)))))
    return events, unit_costs, cohort, months


handlings = st.sampled_from([EXCLUDE, ANNUALISE])


@given(areas(), handlings)
@settings(max_examples=150)
def test_totals_equal_the_sum_of_departments_and_of_items_for_any_data(area, handling):
    for result in period_changes(*area, periods=3, handling=handling, as_at=FAR):
        total = result.change.exact_total
        for side in ("baseline", "follow_up"):
            assert getattr(total, side) == sum(getattr(k, side) for k in result.change.kinds)
        rows = result.change.rows()
        for column in (1, 2, 3):
            assert rows[-1][column] == sum(row[column] for row in rows[:-1])
        left_out = result.left_out_died + result.left_out_custody
        assert result.people + left_out + result.not_yet == len(area[2])


@given(areas(interruptions=False), handlings)
def test_without_deaths_or_custody_period_one_is_the_cost_change_engine(area, handling):
    events, unit_costs, cohort, months = area
    [first] = period_changes(events, unit_costs, cohort, months, 1, handling, FAR)
    plain = cost_change(events, unit_costs, {p: m.start for p, m in cohort.items()}, months)
    assert first.change.rows() == plain.rows()
    assert first.annualised == first.left_out_died == first.left_out_custody == 0


@given(areas(), handlings)
def test_annualising_never_leaves_out_more_people_than_excluding(area, handling):
    kept = [r.people for r in period_changes(*area, 2, ANNUALISE, FAR)]
    dropped = [r.people for r in period_changes(*area, 2, EXCLUDE, FAR)]
    assert all(a >= e for a, e in zip(kept, dropped, strict=True))


@given(
    st.tuples(starts, st.integers(1, 400)).map(lambda t: (t[0], t[0] + timedelta(days=t[1]))),
    st.one_of(st.none(), starts),
    st.integers(0, 500),
)
def test_days_at_risk_lie_between_zero_and_the_window(window, died_on, nights):
    days = atrisk.days_at_risk(window, died_on, nights)
    assert 0 <= days <= atrisk.length(window)
    assert days <= atrisk.days_alive(window, died_on)


@given(st.integers(0, 10**8).map(lambda p: Decimal(p) / 100), st.integers(1, 400), st.data())
def test_scaling_by_days_at_risk_never_lowers_a_cost(amount, window_days, data):
    at_risk = data.draw(st.integers(1, window_days))
    grossed = atrisk.scaled(amount, window_days, at_risk)
    assert grossed >= amount
    assert atrisk.scaled(amount, window_days, window_days) == amount


def test_a_death_half_way_through_the_follow_up_doubles_its_costs_when_annualised():
    prices = [UnitCost("ed_attendance", "health", Decimal(100))]
    start = date(2024, 1, 1)  # follow-up 2024-01-01 .. 2024-12-31, 366 days
    cohort = {"P": Member(start, died_on=date(2024, 7, 1))}  # 182 days alive
    events = [Event("P", "ed_attendance", date(2024, 2, 1), Decimal(1)),
              Event("P", "ed_attendance", date(2023, 6, 1), Decimal(2))]  # fmt: skip
    [annualised] = period_changes(events, prices, cohort, 12, 1, ANNUALISE, FAR)
    assert annualised.annualised == 1
    line = annualised.change.departments[0]
    assert line.baseline == 200  # the baseline year was whole
    assert line.follow_up == Decimal("201.098901")  # 100 x 366 / 182, to a millionth
    [excluded] = period_changes(events, prices, cohort, 12, 1, EXCLUDE, FAR)
    assert (excluded.people, excluded.left_out_died) == (0, 1)


def test_custody_itself_is_counted_as_recorded_and_the_rest_scaled():
    prices = [UnitCost("custody_night", "cj", Decimal(250)), UnitCost("arrest", "cj", Decimal(500))]
    start = date(2023, 1, 1)  # follow-up 2023: 365 days; 73 nights inside leave 292 at risk
    events = [Event("P", "custody_night", date(2023, 3, 14), Decimal(73)),
              Event("P", "arrest", date(2023, 3, 1), Decimal(1))]  # fmt: skip
    cohort = {"P": Member(start, custody=((date(2023, 3, 1), date(2023, 3, 11)),))}
    [result] = period_changes(events, prices, cohort, 12, 1, ANNUALISE, FAR)
    # 73 nights recorded beat the list's 10-night spell; arrest 500 x 365/292 = 625.
    assert result.change.departments[0].follow_up == 73 * 250 + 625


def test_a_period_the_data_does_not_reach_counts_nobody():
    cohort = {"P": Member(date(2024, 1, 1))}
    one, two = period_changes([], [], cohort, 12, 2, EXCLUDE, as_at=date(2025, 6, 1))
    assert (one.people, one.not_yet) == (1, 0)
    assert (two.people, two.not_yet) == (0, 1)


def test_the_cambridgeshire_cohort_gives_the_hand_worked_figures(tmp_path):
    events_path, costs_path, cohort_path = cambridgeshire.write(tmp_path)
    unit_costs = read_unit_costs(costs_path)
    events = read_events(events_path, {u.kind for u in unit_costs})
    cohort = {p: Member(start) for p, start in read_cohort(cohort_path).items()}
    [result] = period_changes(events, unit_costs, cohort, cambridgeshire.MONTHS, 1,
                              EXCLUDE, as_at=FAR, custody_kinds=frozenset())  # fmt: skip
    assert result.change.rows()[1][1:4] == [Decimal("3000.00"), Decimal("2000.00"),
                                            Decimal("-1000.00")]  # fmt: skip
