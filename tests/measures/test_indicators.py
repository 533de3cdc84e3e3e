"""Each kind of indicator on a hand-counted fixture (tests/measures/conftest.py): numerator
and denominator exact, the value rounded once, small numbers hidden."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup import disclosure
from joinedup.measures import indicator_maths as maths
from joinedup.measures import indicators
from joinedup.measures.models import Indicator
from joinedup.plans.models import OutcomeRating, PersonalOutcome, SupportPlan
from tests.measures.conftest import PERIOD, TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("threshold_five")]  # worked for 5


def compute(version, kind_key, **params):
    indicator = Indicator(kind=kind_key, params=params, direction="higher", period_months=3)
    return indicators.evaluate(indicator, version, PERIOD, TODAY)


def test_the_period_is_the_latest_complete_quarter_of_the_financial_year():
    assert maths.latest_complete(TODAY, 3) == PERIOD
    assert maths.latest_complete(TODAY, 3, back=1) == (date(2026, 1, 1), date(2026, 4, 1))
    assert maths.latest_complete(TODAY, 12) == (date(2025, 4, 1), date(2026, 4, 1))
    assert maths.period_words(PERIOD) == "April 2026 to June 2026"


def test_the_population_is_everyone_on_the_list_in_the_period(version, people):
    pop = indicators.population(version, PERIOD)
    assert pop.size == 12  # p0 to p11; p12 left before, p13 came after
    assert "at some time in April 2026 to June 2026" in pop.words


def test_share_at_or_below_a_level_uses_each_persons_latest_reading(version, framework_readings):
    r = compute(version, "instrument_level", instrument="ndt", level=20, compare="at_or_below")
    # Latest in the period: 10 12 15 18 20 | 22 25 30 35 40 (p0's earlier 40 is not counted).
    assert (r.numerator, r.denominator, r.value) == (5, 10, Decimal("50.0"))
    assert (r.numerator_shown, r.denominator_shown, r.value_shown) == (5, 10, Decimal("50.0"))
    assert "at or below 20" in r.rule and r.period == PERIOD


def test_mean_reading(version, framework_readings):
    r = compute(version, "instrument_mean", instrument="ndt")
    assert (r.numerator, r.denominator, r.value) == (227, 10, Decimal("22.70"))


def test_service_use_per_person_counts_everyone_in_the_population(version, nights):
    r = compute(version, "service_use", kind="rough_sleeping_night")
    # 10 + 5 + 3 + 2 + 1 + 4 = 25 nights, by 5 people, over 12 people: 2.0833...
    assert (r.numerator, r.denominator, r.people, r.value) == (25, 12, 5, Decimal("2.08"))
    assert r.unit == "nights sleeping rough per person"


def test_plan_steps_done_in_the_period(version, steps):
    r = compute(version, "plan_steps_done")
    # 8 done in it; open in it: those 8, 4 still open, 2 done after it. Out: 2 done before,
    # 1 dropped, 1 done without a date.
    assert (r.numerator, r.denominator, r.value) == (8, 14, Decimal("57.1"))


def test_share_moved_on(version, people):
    r = compute(version, "list_status", status="moved_on")
    assert (r.numerator, r.denominator, r.value) == (6, 12, Decimal("50.0"))


def test_median_days_to_first_help(version, referrals):
    r = compute(version, "first_help")
    # 3 5 8 10 14 20: the middle two are 8 and 10.
    assert (r.numerator, r.denominator, r.value) == (6, 6, Decimal("9.0"))


def test_a_referral_not_yet_helped_hides_the_median_when_alone(version, referrals, people):
    from tests.measures.conftest import ProfileVersion, Referral

    profile = ProfileVersion.objects.create(
        person=people[6], number=1, what_is_happening="x", what_matters="y"
    )
    Referral.objects.create(
        person=people[6],
        panel=referrals,
        profile=profile,
        received_at=Referral.objects.first().received_at,
    )
    r = compute(version, "first_help")
    assert (r.numerator, r.denominator) == (6, 7)
    # One referral not helped could point at someone: the helped count is hidden with it.
    assert r.numerator_shown == disclosure.OR_MORE and r.value_shown is None and r.suppressed


def test_personal_outcomes_count_those_rated_higher_than_at_first(version, people):
    def outcome(person, *ratings):
        plan, _ = SupportPlan.objects.get_or_create(person=person)
        o = PersonalOutcome.objects.create(plan=plan, words="Mine", written_by="person")
        for on, rating in ratings:
            OutcomeRating.objects.create(outcome=o, rated_on=on, rating=rating, rated_by="person")

    outcome(people[0], (date(2026, 3, 1), 3), (date(2026, 5, 1), 6))  # counted, higher
    outcome(people[1], (date(2026, 3, 1), 5), (date(2026, 6, 1), 4))  # counted, lower
    outcome(people[2], (date(2026, 4, 10), 2), (date(2026, 5, 10), 2))  # counted, the same
    outcome(people[3], (date(2026, 5, 1), 4))  # one rating only: no change to count
    outcome(people[4], (date(2026, 2, 1), 2), (date(2026, 7, 10), 8))  # none in the period
    outcome(people[12], (date(2026, 4, 2), 1), (date(2026, 5, 2), 9))  # not in the population
    r = compute(version, "personal_outcome")
    assert r.available and (r.numerator, r.denominator) == (1, 3)


def test_a_small_share_is_hidden_with_its_partner(version, framework_readings):
    r = compute(version, "instrument_level", instrument="ndt", level=12, compare="at_or_below")
    assert (r.numerator, r.denominator) == (2, 10)
    assert r.numerator_shown == disclosure.FEWER
    assert r.denominator_shown == 10 and r.value_shown is None


def test_parameters_are_checked_naming_the_field(framework_readings):
    params, errors = indicators.clean_params(
        "instrument_level", {"instrument": "ndt", "item": "nope", "level": "ten", "compare": ""}
    )
    assert set(errors) == {"item", "level", "compare"}
    assert "its items are engagement" in errors["item"]
    assert "whole number" in errors["level"]
    _, errors = indicators.clean_params("no_such_kind", {})
    assert "kind" in errors


@given(st.integers(0, 500), st.integers(0, 500))
def test_a_share_is_exact_and_never_shows_a_small_cell(a, b):
    r = maths.protect(maths.share(a, a + b, rule="", period=PERIOD, population=""))
    if a + b:
        assert r.value == (Decimal(100 * a) / (a + b)).quantize(Decimal("0.1"), "ROUND_HALF_UP")
    if disclosure.is_small(a) or disclosure.is_small(b):
        # Zero says nothing about anyone and is shown, by the one rule; any other count
        # beside a small one is hidden with it.
        assert r.value_shown is None and (r.numerator_shown != a or a == 0)
    else:
        assert r.numerator_shown == a and r.value_shown == r.value
