"""Fixtures for the measures tests.

Distance travelled: an NDT instrument and people with scores over time (`readings`).
Outcome frameworks: a small, hand-counted area. The period is April to June 2026 (the latest
complete quarter on 15 August 2026). On the by-name list in it: p0 to p11 (12 people). p12 left
the list in February; p13 arrived in July (`people`, `framework_readings`, ...).
"""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.costs.models import ServiceUseEvent
from joinedup.directory.models import Organisation
from joinedup.measures import framework_services as services
from joinedup.measures import instruments
from joinedup.measures.models import Assessment, FrameworkVersion, Instrument
from joinedup.people.models import Involvement, Person
from joinedup.plans.models import PlanStep, SupportPlan
from joinedup.referrals.models import Allocation, Panel, ProfileVersion, Referral, StatusChange
from tests.conftest import make_user

START = date(2025, 1, 6)


@pytest.fixture
def ndt(db):
    instruments.load()
    return instruments.get("ndt")


@pytest.fixture
def readings(ndt):
    """Add people with these NDT totals over time, each involved with `organisation`."""

    def _add(series, organisation=None, *, postcode="RV1 2AB", name="Person"):
        people = []
        for n, totals in enumerate(series):
            person = Person.objects.create(first_name=name, last_name=str(n), postcode=postcode)
            if organisation is not None:
                Involvement.objects.create(
                    person=person,
                    organisation=organisation,
                    role="Key worker",
                    started_on=START - timedelta(days=30),
                )
            for k, total in enumerate(totals):
                Assessment.objects.create(
                    instrument=ndt,
                    person=person,
                    total=total,
                    score=total,
                    assessed_on=START + timedelta(days=60 * k),
                )
            people.append(person)
        return people

    return _add


TODAY = date(2026, 8, 15)
PERIOD = (date(2026, 4, 1), date(2026, 7, 1))


@pytest.fixture
def council(db):
    return Organisation.objects.create(
        name="Riverside Council", kind="council_department", sector="public", commissions=True
    )


@pytest.fixture
def priya(council):
    return make_user("priya@example.org", council, Role.COMMISSIONER)


@pytest.fixture
def people(db, owner_org, bob):
    found = [Person.objects.create(first_name=f"P{i}", last_name="Example") for i in range(14)]
    for p in found[:12]:
        StatusChange.objects.create(person=p, status="active", on=date(2026, 3, 1))
    for p in found[:6]:
        StatusChange.objects.create(
            person=p, status="moved_on", previous="active", on=date(2026, 5, 10)
        )
    StatusChange.objects.create(person=found[12], status="active", on=date(2026, 1, 1))
    StatusChange.objects.create(person=found[12], status="moved_on", on=date(2026, 2, 1))
    StatusChange.objects.create(person=found[13], status="referred", on=date(2026, 7, 5))
    return found


def reading(person, total, on):
    ndt = Instrument.objects.get(key="ndt")
    return Assessment.objects.create(
        instrument=ndt, person=person, total=total, score=total, assessed_on=on
    )


@pytest.fixture
def framework_readings(people):
    totals = [10, 12, 15, 18, 20, 22, 25, 30, 35, 40]
    reading(people[0], 40, date(2026, 4, 2))  # an earlier reading in the period: not the latest
    for p, total in zip(people, totals, strict=False):
        reading(p, total, date(2026, 6, 1))
    reading(people[10], 5, date(2026, 3, 15))  # before the period
    reading(people[12], 5, date(2026, 5, 1))  # not in the population


@pytest.fixture
def nights(people, owner_org):
    def night(p, n, on):
        ServiceUseEvent.objects.create(
            person=p,
            organisation=owner_org,
            kind="rough_sleeping_night",
            category="housing",
            occurred_on=on,
            quantity=n,
        )

    for i, n in [(0, 10), (1, 5), (1, 3), (2, 2), (3, 1), (4, 4)]:
        night(people[i], n, date(2026, 4, 10))
    night(people[5], 7, date(2026, 7, 2))  # after the period
    night(people[12], 100, date(2026, 5, 1))  # not in the population


@pytest.fixture
def steps(people):
    def add(plan, status, done_on=None):
        return PlanStep.objects.create(
            plan=plan, position=1, area="housing", title="A step", status=status, done_on=done_on
        )

    plans = [SupportPlan.objects.create(person=p) for p in people[:6]]
    SupportPlan.objects.update(created_at=timezone.make_aware(datetime(2026, 1, 1)))
    for n in range(8):
        add(plans[n % 6], "done", date(2026, 5, 1))
    for _ in range(2):
        add(plans[0], "done", date(2026, 3, 1))  # done before the period
    for status in ["not_started", "in_progress", "waiting", "blocked"]:
        add(plans[1], status)
    add(plans[2], "dropped")
    add(plans[2], "done")  # done, with no date
    for _ in range(2):
        add(plans[3], "done", date(2026, 7, 10))  # done after: open during the period


@pytest.fixture
def referrals(people, owner_org, bob):
    panel = Panel.objects.create(name="Panel", host=owner_org)

    def refer(p, received):
        profile = ProfileVersion.objects.create(
            person=p, number=1, what_is_happening="x", what_matters="y"
        )
        return Referral.objects.create(
            person=p,
            panel=panel,
            profile=profile,
            received_at=timezone.make_aware(datetime.combine(received, datetime.min.time())),
        )

    received = date(2026, 4, 20)
    for p, days in zip(people[:5], [3, 5, 8, 10, 14], strict=True):
        r = refer(p, received)
        Allocation.objects.create(
            person=p,
            coordinator=bob,
            organisation=owner_org,
            referral=r,
            started_on=received + timedelta(days=days),
        )
    refer(people[5], received)
    # No allocation made for the referral: the person's first one after it counts.
    Allocation.objects.create(
        person=people[5],
        coordinator=bob,
        organisation=owner_org,
        started_on=received - timedelta(days=30),
        ended_on=received - timedelta(days=10),
    )
    Allocation.objects.create(
        person=people[5],
        coordinator=bob,
        organisation=owner_org,
        started_on=received + timedelta(days=20),
    )
    return panel


@pytest.fixture
def version(priya):
    membership = priya.memberships.get()
    return services.start_framework(
        membership,
        name="Riverside multiple disadvantage outcomes",
        population="Adults facing several disadvantages at once.",
        cohort=FrameworkVersion.Cohort.ON_LIST,
    )
