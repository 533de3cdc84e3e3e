"""Shared fixtures: an owner organisation that works with a person, a colleague, and an
outsider from another agency who has no involvement, consent or role to see them."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import Membership, User
from joinedup.accounts.roles import Role
from joinedup.directory.models import Organisation
from joinedup.people.models import Involvement, Person

BACKEND = "django.contrib.auth.backends.ModelBackend"


def make_user(email, organisation, role, *, device=True):
    user = User.objects.create_user(
        email=email, password="correct horse battery", full_name=email.split("@")[0].title()
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    if device:
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def sign_in(client, user):
    """Signed in with the second factor proven, as after the code page."""
    client.force_login(user, backend=BACKEND)
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    if device:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: throttles (self-referrals per address, sign-in
    attempts) must not carry over from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def threshold_five(settings):
    """For tests worked for an area that set the small-numbers threshold at 5 (the product's
    default is 10): `pytestmark = pytest.mark.usefixtures("threshold_five")`."""
    settings.SMALL_NUMBERS_THRESHOLD = 5
    settings.SMALL_NUMBERS_ROUND_TO = 0


@pytest.fixture
def owner_org(db):
    return Organisation.objects.create(
        name="Riverside Drug and Alcohol Service", kind="drug_alcohol_service", sector="social"
    )


@pytest.fixture
def other_org(db):
    return Organisation.objects.create(name="Riverside Police", kind="police", sector="public")


@pytest.fixture
def alice(owner_org):
    """A practitioner whose organisation works with `person`."""
    return make_user("alice@example.org", owner_org, Role.PRACTITIONER)


@pytest.fixture
def bob(owner_org):
    """Alice's colleague."""
    return make_user("bob@example.org", owner_org, Role.COORDINATOR)


@pytest.fixture
def charlie(other_org):
    """A practitioner of another agency with no involvement, consent or role for `person`."""
    return make_user("charlie@example.org", other_org, Role.PRACTITIONER)


@pytest.fixture
def person(owner_org, alice):
    p = Person.objects.create(first_name="Dana", last_name="Example", postcode="RV1 2AB")
    Involvement.objects.create(
        person=p,
        organisation=owner_org,
        professional=alice,
        role="Recovery worker",
        started_on=timezone.localdate() - timedelta(days=30),
    )
    return p


@pytest.fixture
def signed_in(client):
    def _sign_in(user):
        return sign_in(client, user)

    return _sign_in
