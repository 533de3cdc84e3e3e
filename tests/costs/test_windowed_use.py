"""The page's path adds service use up in the database (`queries.windowed_use`) before the
engine sees it; its figures must be exactly those of the engine on every event one by one,
whatever the data: deaths and custody on the by-name list, custody nights recorded, month ends,
people whose later periods have not ended, both ways of handling interruptions."""

import calendar
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from joinedup.costs import atrisk, change, kinds, queries
from joinedup.costs.models import ServiceUseEvent
from joinedup.people.models import Person
from joinedup.referrals.models import ListStatus, StatusChange

pytestmark = pytest.mark.django_db

AS_AT = date(2025, 9, 30)
KINDS = ["arrest", "custody_night", "ed_attendance", "hostel_night", "food_parcel", "bed_day"]
PRICES = [
    change.UnitCost(kind, str(kinds.category(kind)), Decimal(f"{17 * (n + 1)}.{n}5"))
    for n, kind in enumerate(KINDS)
]


def a_start(rng) -> date:
    """Half the people start on a month's last day (29 to 31), where month steps clamp."""
    year, month = rng.randrange(2022, 2024), rng.randrange(1, 13)
    if rng.random() < 0.5:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, rng.randrange(1, 29))


def build(organisation, seed: int) -> dict[int, date]:
    """About 40 people, 1,500 events, some deaths and custody spells; their start dates."""
    rng = random.Random(seed)
    starts, events = {}, []
    for i in range(40):
        person = Person.objects.create(first_name=f"P{i}", last_name="Windowed")
        start = a_start(rng)
        starts[person.pk] = start
        for _ in range(rng.randrange(0, 70)):
            kind = rng.choice(KINDS)
            events.append(
                ServiceUseEvent(
                    person=person,
                    organisation=organisation,
                    kind=kind,
                    category=kinds.category(kind),
                    occurred_on=start + timedelta(days=rng.randrange(-800, 1300)),
                    quantity=rng.choice([0, 1, 1, 1, 2, 7]),
                )
            )
        roll = rng.random()
        if roll < 0.15:
            died = start + timedelta(days=rng.randrange(-30, 900))
            StatusChange.objects.create(
                person=person, status=ListStatus.DIED, on=died, died_on=died
            )
        elif roll < 0.3:
            away = start + timedelta(days=rng.randrange(-300, 900))
            StatusChange.objects.create(person=person, status=ListStatus.IN_CUSTODY, on=away)
            back = away + timedelta(days=rng.randrange(1, 60))
            StatusChange.objects.create(person=person, status=ListStatus.ACTIVE, on=back)
    ServiceUseEvent.objects.bulk_create(events)
    return starts


def one_by_one():
    return [
        change.Event(str(p), kind, day, Decimal(q))
        for p, kind, day, q in ServiceUseEvent.objects.values_list(
            "person_id", "kind", "occurred_on", "quantity"
        )
    ]


def figures(result: atrisk.PeriodChange):
    c = result.change
    return (
        result.period,
        (result.people, result.not_yet, result.left_out_died, result.left_out_custody),
        result.annualised,
        c.departments,
        c.kinds,
        c.rows(),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("months", [1, 6, 12])
@pytest.mark.parametrize("handling", atrisk.HANDLINGS)
def test_period_changes_are_exactly_the_engine_s_on_every_event(owner_org, seed, months, handling):
    starts = build(owner_org, seed)
    from joinedup.referrals.cohorts import interruptions

    listed = interruptions(starts, today=AS_AT)
    cohort = {
        str(pk): atrisk.Member(start, *listed.get(pk, (None, ()))) for pk, start in starts.items()
    }
    expected = atrisk.period_changes(one_by_one(), PRICES, cohort, months, 3, handling, AS_AT)
    got = queries.cohort_period_changes(starts, PRICES, months, handling, 3, as_at=AS_AT)
    assert [figures(r) for r in got] == [figures(r) for r in expected]
    assert any(r.people for r in got)
    assert months < 12 or any(r.not_yet for r in got)  # some later periods have not ended


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("months", [1, 12])
def test_cost_change_is_exactly_the_engine_s_on_every_event(owner_org, seed, months):
    starts = build(owner_org, seed)
    cohort = {str(pk): start for pk, start in starts.items()}
    expected = change.cost_change(one_by_one(), PRICES, cohort, months)
    got = queries.cohort_cost_change(starts, PRICES, months)
    assert (got.departments, got.kinds, got.rows(), got.people) == (
        expected.departments,
        expected.kinds,
        expected.rows(),
        expected.people,
    )
    assert got.events_counted == expected.events_counted


def test_an_unpriced_kind_of_someone_nothing_interrupted_is_refused(person, owner_org):
    ServiceUseEvent.objects.create(
        person=person, organisation=owner_org, kind="arrest", category="criminal_justice",
        occurred_on=date(2024, 2, 1),
    )  # fmt: skip
    priced = [u for u in PRICES if u.kind != "arrest"]
    with pytest.raises(change.ContractError, match="arrest"):
        queries.cohort_period_changes({person.pk: date(2024, 3, 1)}, priced, 6, atrisk.EXCLUDE)
