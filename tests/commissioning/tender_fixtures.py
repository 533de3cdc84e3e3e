"""A small market for the tender tests: a council that commissions, its commissioner and an
analyst, a commissioner of another council to evaluate, two providers that bid (each with a
manager and a profile) and a hostile provider that does not. The tender weighs price 40,
quality 40 (two questions, 60 and 40) and social value 20 (one question).

Import with `from tests.commissioning.tender_fixtures import *  # noqa: F403`."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from joinedup.accounts.models import Membership, User
from joinedup.accounts.roles import Role
from joinedup.commissioning import tenders as services
from joinedup.commissioning.models import ProviderProfile
from joinedup.commissioning.tender_models import Criterion, Tender, TenderEvaluator
from joinedup.directory.models import Organisation
from tests.conftest import make_user

__all__ = [
    "council",
    "other_council",
    "priya",
    "grace",
    "ruth",
    "harbour",
    "haven",
    "hostile",
    "hana",
    "ivan",
    "mallory",
    "tender",
    "open_tender",
    "bid_for",
    "close",
    "membership_of",
]


def membership_of(user) -> Membership:
    return user.memberships.select_related("organisation", "user").first()


@pytest.fixture
def council(db):
    return Organisation.objects.create(
        name="Riverside Council Housing", kind="council_department", sector="public",
        commissions=True,
    )  # fmt: skip


@pytest.fixture
def other_council(db):
    return Organisation.objects.create(
        name="Riverside Council Adults", kind="council_department", sector="public",
        commissions=True,
    )  # fmt: skip


@pytest.fixture
def priya(council) -> User:
    return make_user("priya@council.example", council, Role.COMMISSIONER, device=False)


@pytest.fixture
def grace(council) -> User:
    return make_user("grace@council.example", council, Role.ANALYST, device=False)


@pytest.fixture
def ruth(other_council) -> User:
    return make_user("ruth@adults.example", other_council, Role.COMMISSIONER, device=False)


def _provider(name, income):
    org = Organisation.objects.create(name=name, kind="housing_provider", sector="social")
    ProviderProfile.objects.create(
        organisation=org, annual_income=Decimal(income), accounts_year=2025, staff=12,
        summary=f"{name} houses people others turn away.", social_value="Peer mentors.",
    )  # fmt: skip
    return org


@pytest.fixture
def harbour(db):
    return _provider("Harbour Hostel", "450000.00")


@pytest.fixture
def haven(db):
    return _provider("Haven Housing First", "2400000.00")


@pytest.fixture
def hostile(db):
    return _provider("Rival Care Ltd", "9000000.00")


@pytest.fixture
def hana(harbour):
    return make_user("hana@harbour.example", harbour, Role.PROVIDER_MANAGER)


@pytest.fixture
def ivan(haven):
    return make_user("ivan@haven.example", haven, Role.PROVIDER_MANAGER)


@pytest.fixture
def mallory(hostile):
    return make_user("mallory@rival.example", hostile, Role.PROVIDER_MANAGER)


@pytest.fixture
def tender(council, priya) -> Tender:
    """Coming: price 40, quality 40 (60 + 40), social value 20 (100), open book."""
    today = timezone.localdate()
    tender = services.start_tender(
        membership_of(priya),
        title="Housing First for women",
        description="Twenty homes with intensive support for women sleeping rough.",
        estimated_value=Decimal("300000.00"),
        publish_on=today,
        closes_on=today + timedelta(days=28),
        price_weight=40,
        quality_weight=40,
        social_value_weight=20,
        open_book=True,
        open_book_reason="To see what serving women with the most complex needs costs.",
    )
    m = membership_of(priya)
    services.add_criterion(
        m, tender, part="quality", question="How will you engage women?", weight=60
    )
    services.add_criterion(
        m, tender, part="quality", question="How will you keep them housed?", weight=40
    )
    services.add_criterion(
        m, tender, part="social_value", question="What social value?", weight=100
    )
    return tender


@pytest.fixture
def open_tender(tender, priya, ruth, grace) -> Tender:
    services.publish(membership_of(priya), tender, today=timezone.localdate())
    TenderEvaluator.objects.create(tender=tender, user=priya)
    TenderEvaluator.objects.create(tender=tender, user=ruth)
    tender.refresh_from_db()
    return tender


def bid_for(tender, user, price, *, costs=None):
    answers = {c.pk: f"Our answer to {c.question}" for c in tender.criteria.all()}
    if costs is None:
        costs = {"front_line": (Decimal(price) * Decimal("0.8"), "Four workers")}
    return services.submit_bid(
        membership_of(user), tender, price=Decimal(price), answers=answers, costs=costs,
        today=timezone.localdate(),
    )  # fmt: skip


def close(tender, priya):
    """Past its closing date, into evaluation."""
    Tender.objects.filter(pk=tender.pk).update(
        closes_on=timezone.localdate() - timedelta(days=1),
        publish_on=timezone.localdate() - timedelta(days=30),
    )
    tender.refresh_from_db()
    return services.start_evaluation(membership_of(priya), tender, today=timezone.localdate())


def criteria(tender) -> dict:
    return {c.question: c for c in tender.criteria.all()}


Part = Criterion.Part
