"""A small hand-made area for claims: a commissioner, a provider in a PbR contract with a
rate card on indicators of a draft framework, people the provider works with, and the
records that show (or do not show) outcomes. Every figure in the tests is worked by hand
from what is made here."""

from datetime import date
from decimal import Decimal

from joinedup.accounts.roles import Role
from joinedup.commissioning.models import Contract, Party, RateCardOutcome
from joinedup.directory.models import Organisation
from joinedup.measures.models import (
    Assessment,
    Domain,
    FrameworkVersion,
    Indicator,
    Instrument,
    Outcome,
    OutcomeFramework,
)
from joinedup.people.models import Involvement, Person
from tests.conftest import make_user

#: The contract runs through 2025; claims in the tests cover the first half.
START, END = date(2025, 1, 1), date(2025, 12, 31)
H1 = (date(2025, 1, 1), date(2025, 7, 1))


def commissioner_org(name="Riverside Council Housing Options"):
    return Organisation.objects.create(
        name=name, kind="council_department", sector="public", commissions=True
    )


def commissioner(org, email="cara@example.org"):
    return make_user(email, org, Role.COMMISSIONER).memberships.get()


def provider_manager(org, email="pat@example.org"):
    return make_user(email, org, Role.PROVIDER_MANAGER).memberships.get()


def indicator(org, kind="instrument_level", params=None, direction="higher"):
    framework = OutcomeFramework.objects.create(name=f"Outcomes {kind}", commissioner=org)
    version = FrameworkVersion.objects.create(framework=framework, number=1, population="All")
    domain = Domain.objects.create(version=version, name="Life")
    outcome = Outcome.objects.create(domain=domain, statement="Things are steadier")
    if params is None and kind == "instrument_level":
        params = {"instrument": "ndt", "level": 29, "compare": "at_or_below"}
    return Indicator.objects.create(
        outcome=outcome, name=kind, kind=kind, params=params or {}, direction=direction
    )


def contract(commissioner_org, provider_org, *, value="500000.00", cap=None, **kw):
    c = Contract.objects.create(
        reference=kw.pop("reference", "PBR-1"),
        title="Multiple needs support",
        commissioner=commissioner_org,
        mechanism=kw.pop("mechanism", "pbr"),
        status=Contract.Status.LIVE,
        starts_on=START,
        ends_on=END,
        value=Decimal(value),
        outcome_cap=Decimal(cap) if cap else None,
        **kw,
    )
    Party.objects.create(
        contract=c,
        organisation=provider_org,
        tier="prime",
        value=Decimal(value),
        at_risk=Decimal(value) / 2,
    )
    return c


def rate(contract, ind, *, price="1500.00", per_person=1, name="NDT below the threshold", pos=1):
    return RateCardOutcome.objects.create(
        contract=contract,
        name=name,
        indicator=ind,
        price=Decimal(price),
        per_person=per_person,
        position=pos,
    )


def ndt():
    return Instrument.objects.get_or_create(key="ndt", version=1, defaults={"name": "NDT"})[0]


def served_person(org, first="Ann", started=date(2024, 6, 1), ended=None):
    p = Person.objects.create(first_name=first, last_name="Served")
    Involvement.objects.create(
        person=p, organisation=org, role="Key worker", started_on=started, ended_on=ended
    )
    return p


def reading(person, on, score, org=None):
    return Assessment.objects.create(
        instrument=ndt(),
        person=person,
        assessed_on=on,
        total=score,
        score=Decimal(score),
        organisation=org,
    )


def crossing(person, on=date(2025, 3, 1), before=34, after=27, org=None):
    """An NDT of `before` in 2024 then `after` on `on`: the outcome achieved on `on`."""
    reading(person, date(2024, 10, 1), before, org)
    return reading(person, on, after, org)
