"""Commissioning fixtures: two commissioning departments, providers of different sizes with
their profiles, a provider manager, a hostile provider manager of another organisation, and a
published outcome framework whose indicators rate cards can use."""

from datetime import date
from decimal import Decimal

import pytest

from joinedup.accounts.roles import Role
from joinedup.commissioning.models import Contract, Party, ProviderProfile
from joinedup.directory.models import Organisation
from joinedup.measures.models import Domain, FrameworkVersion, Indicator, Outcome, OutcomeFramework
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _threshold_five(threshold_five):
    """The commissioning figures here were worked by hand for an area that set the
    small-numbers threshold at 5 (the product's default is 10)."""


def org(name, kind="charity", *, commissions=False, income=None):
    made = Organisation.objects.create(
        name=name, kind=kind, sector="public" if commissions else "social", commissions=commissions
    )
    if income is not None:
        ProviderProfile.objects.create(
            organisation=made, annual_income=Decimal(income), accounts_year=2025
        )
    return made


@pytest.fixture
def housing(db):
    return org("Council Housing Options", "council_department", commissions=True)


@pytest.fixture
def adults(db):
    return org("Council Adult Social Care", "council_department", commissions=True)


@pytest.fixture
def prime(db):
    return org("Multiple Needs Service", income="2400000")


@pytest.fixture
def hostel(db):
    return org("Harbour Hostel", "housing_provider", income="1100000")


@pytest.fixture
def mentors(db):
    return org("Second Chance Peer Mentors", income="180000")


@pytest.fixture
def rival(db):
    return org("Rival Outreach", income="500000")


@pytest.fixture
def claire(housing):
    return make_user("claire@example.org", housing, Role.COMMISSIONER)


@pytest.fixture
def ruth(adults):
    return make_user("ruth@example.org", adults, Role.COMMISSIONER)


@pytest.fixture
def nadia(prime):
    return make_user("nadia@example.org", prime, Role.PROVIDER_MANAGER)


@pytest.fixture
def mallory(rival):
    """A provider manager of an organisation in no contract."""
    return make_user("mallory@example.org", rival, Role.PROVIDER_MANAGER)


@pytest.fixture
def analyst(housing):
    return make_user("ana@example.org", housing, Role.ANALYST)


def member(user):
    return user.memberships.select_related("organisation", "user").get()


@pytest.fixture
def indicator(housing):
    framework = OutcomeFramework.objects.create(name="Riverside outcomes", commissioner=housing)
    version = FrameworkVersion.objects.create(framework=framework, number=1, population="All")
    domain = Domain.objects.create(version=version, name="Somewhere to live")
    outcome = Outcome.objects.create(domain=domain, statement="I have a place of my own")
    made = Indicator.objects.create(
        outcome=outcome,
        name="Moved on",
        kind="list_status",
        params={"status": "moved_on"},
        direction="higher",
    )
    version.status = "published"
    version.save()
    return made


@pytest.fixture
def pbr(housing, claire, prime, hostel, mentors):
    """A £1,000,000 payment-by-results contract over 36 months: the prime carries 10% at
    risk, the hostel 20%, the small peer mentors 60% against the area's 20% cap."""
    contract = Contract.objects.create(
        reference="RMD-001",
        title="Co-ordination and move-on",
        commissioner=housing,
        mechanism="pbr",
        delivery="prime",
        starts_on=date(2026, 4, 1),
        ends_on=date(2029, 3, 31),
        value=Decimal("1000000.00"),
        upfront=Decimal("50000.00"),
        payment_lag_months=2,
        monthly_cost=Decimal("30000.00"),
    )
    Party.objects.create(
        contract=contract,
        organisation=prime,
        tier="prime",
        value=Decimal("700000"),
        at_risk=Decimal("70000"),
    )
    Party.objects.create(
        contract=contract,
        organisation=hostel,
        tier="sub",
        value=Decimal("200000"),
        at_risk=Decimal("40000"),
    )
    Party.objects.create(
        contract=contract,
        organisation=mentors,
        tier="sub",
        value=Decimal("100000"),
        at_risk=Decimal("60000"),
    )
    return contract
