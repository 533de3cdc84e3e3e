"""The matched comparison cohort and the declined cohort, on service use in the database."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from joinedup.costs import comparison
from joinedup.costs.change import UnitCost
from joinedup.costs.models import ServiceUseEvent
from joinedup.people.models import Person
from joinedup.referrals.models import Allocation, Decision, Panel, ProfileVersion, Referral

pytestmark = pytest.mark.django_db

COSTS = [UnitCost("arrest", "Criminal justice", Decimal(700)),
         UnitCost("gp_appointment", "Health", Decimal(40))]  # fmt: skip
START = date(2024, 7, 10)


def someone(name):
    return Person.objects.create(first_name=name, last_name="Example")


def use(person, org, kind, day, quantity=1):
    category = "health" if kind == "gp_appointment" else "criminal_justice"
    ServiceUseEvent.objects.create(person=person, organisation=org, kind=kind, category=category,
                                   occurred_on=day, quantity=quantity)  # fmt: skip


@pytest.fixture
def area(owner_org, bob):
    """Two co-ordinated people, their two look-alikes who were never co-ordinated (whose arrests
    also fall, as they did across the area), and one person unlike anyone."""
    people = {}
    for name in ("Ann", "Ben"):
        p = people[name] = someone(name)
        Allocation.objects.create(person=p, coordinator=bob, organisation=owner_org,
                                  started_on=START)  # fmt: skip
        use(p, owner_org, "arrest", date(2024, 3, 1), 4)  # baseline: 4 arrests
        use(p, owner_org, "arrest", date(2024, 9, 1), 1)  # follow-up: 1 arrest
        use(p, owner_org, "gp_appointment", date(2024, 10, 1), 5)
    for name in ("Cal", "Dee"):
        p = people[name] = someone(name)
        use(p, owner_org, "arrest", date(2024, 4, 1), 4)
        use(p, owner_org, "arrest", date(2024, 10, 1), 3)
    p = people["Eve"] = someone("Eve")
    use(p, owner_org, "gp_appointment", date(2024, 4, 1), 1)
    return people


def test_the_comparison_takes_look_alikes_who_were_never_co_ordinated(area):
    cohort = {area["Ann"].pk: START, area["Ben"].pk: START}
    result = comparison.matched_comparison(cohort, COSTS, 6)
    assert set(result.cohort) == {area["Cal"].pk, area["Dee"].pk}
    assert all(start == START for start in result.cohort.values())
    assert result.unmatched == 0
    assert result.pool_size == 3  # Cal, Dee and Eve had use in the quarter's baseline


def test_only_the_difference_from_the_comparison_is_credited(area):
    cohort = {area["Ann"].pk: START, area["Ben"].pk: START}
    result = comparison.matched_comparison(cohort, COSTS, 6)
    # Supported: 8 arrests to 2 (-4,200) and 10 GP appointments (+400): -3,800.
    assert result.treated_change.printed()[-1].change == Decimal("-3800.00")
    # Look-alikes: 8 arrests to 6, -1,400: what happened anyway.
    assert result.deadweight() == Decimal("-1400.00")
    assert result.credited_change() == Decimal("-2400.00")
    assert {b.feature for b in result.matching.balance} == set(comparison.FEATURES)


def test_nobody_in_the_pool_is_ever_co_ordinated(area, owner_org, bob):
    Allocation.objects.create(person=area["Cal"], coordinator=bob, organisation=owner_org,
                              started_on=date(2025, 1, 1), ended_on=date(2025, 2, 1))  # fmt: skip
    result = comparison.matched_comparison({area["Ann"].pk: START}, COSTS, 6)
    assert area["Cal"].pk not in result.cohort
    assert area["Ben"].pk not in result.cohort


def _declined(person, owner_org, on, score, threshold=20):
    panel = Panel.objects.first() or Panel.objects.create(name="Panel", host=owner_org)
    number = ProfileVersion.objects.filter(person=person).count() + 1
    profile = ProfileVersion.objects.create(person=person, number=number, organisation=owner_org)
    at = timezone.make_aware(datetime(on.year, on.month, on.day, 12))
    referral = Referral.objects.create(person=person, panel=panel, profile=profile,
                                       received_at=at, status=Referral.Status.DECLINED)  # fmt: skip
    return Decision.objects.create(referral=referral, outcome=Decision.Outcome.DECLINE,
                                   rationale="r", ndt_total=score, threshold=threshold,
                                   recorded_at=at)  # fmt: skip


def test_the_declined_cohort_is_people_turned_away_below_the_threshold(area, owner_org):
    _declined(area["Cal"], owner_org, date(2024, 5, 1), 12)
    _declined(area["Dee"], owner_org, date(2024, 5, 1), 25)  # above: declined for another reason
    later = _declined(area["Cal"], owner_org, date(2024, 8, 1), 18)  # came back, higher need
    later.outcome = Decision.Outcome.ACCEPT
    later.save()
    result = comparison.declined_cohort(date(2024, 1, 1), date(2025, 1, 1), COSTS, 6)
    assert result.cohort == {area["Cal"].pk: date(2024, 5, 1)}
    assert (result.returned, result.higher_need_on_return) == (1, 1)
    assert result.cost.printed()[-1].follow_up == Decimal("2100.00")  # Cal's 3 arrests after
