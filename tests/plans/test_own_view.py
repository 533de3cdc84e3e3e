"""A person signed in as themselves sees their own plan, team and sharing, and nobody else."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import User
from joinedup.people.models import Consent, Person
from joinedup.plans import services
from joinedup.plans.models import PlanStep, SupportPlan
from tests.conftest import BACKEND

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(person):
    user = User.objects.create_user(
        email="dana@example.org", password="x" * 14, full_name="Dana Example"
    )
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    person.account = user
    person.save()
    plan = SupportPlan.objects.create(person=person, what_matters="My own front door")
    PlanStep.objects.create(plan=plan, position=1, area="housing", title="Move into a flat")
    return user


@pytest.fixture
def someone_else(owner_org):
    other = Person.objects.create(first_name="Zed", last_name="Other")
    Consent.objects.create(person=other, organisation=owner_org, basis="consent")
    return other


def test_a_person_sees_their_own_plan_in_plain_english(signed_in, dana, person):
    page = signed_in(dana).get(reverse("me")).content.decode()
    assert "Your plan, Dana" in page and "Move into a flat" in page
    assert "My own front door" in page


def test_a_person_writes_what_matters_to_them(signed_in, dana, person):
    page = signed_in(dana).get(reverse("me")).content.decode()
    assert 'name="version" value="1"' in page
    signed_in(dana).post(reverse("me"), {"what_matters": "Seeing my daughter", "version": 1})
    assert SupportPlan.objects.get(person=person).what_matters == "Seeing my daughter"


@pytest.mark.parametrize("version", [1, None, "0"])
def test_a_person_does_not_overwrite_what_their_coordinator_saved_meanwhile(
    signed_in, dana, person, version
):
    plan = SupportPlan.objects.get(person=person)
    services.save_what_matters(plan, "Her own front door, near her daughter", version=1)
    data = {"what_matters": "Seeing my daughter"}
    if version is not None:
        data["version"] = version
    response = signed_in(dana).post(reverse("me"), data)
    plan.refresh_from_db()
    assert plan.what_matters == "Her own front door, near her daughter"
    page = response.content.decode()
    assert "Someone else changed this since you opened it" in page
    assert "“Her own front door, near her daughter”" in page and "Seeing my daughter" in page


def test_a_person_sees_their_team_and_sharing(signed_in, dana, person, other_org):
    Consent.objects.create(person=person, organisation=other_org, basis="consent")
    client = signed_in(dana)
    assert "Riverside Drug and Alcohol Service" in client.get(reverse("me-team")).content.decode()
    sharing = client.get(reverse("me-sharing")).content.decode()
    assert "Riverside Police" in sharing and "because you agreed" in sharing


def test_nothing_of_anyone_else_is_reachable(signed_in, dana, person, someone_else):
    client = signed_in(dana)
    for url in (
        reverse("people:list"),
        reverse("people:detail", args=[someone_else.pk]),
        reverse("people:detail", args=[person.pk]),
        reverse("home"),
        reverse("plans:plan", args=[person.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("me"), url
    for url in ("/api/v1/people/", f"/api/v1/people/{someone_else.pk}"):
        assert client.get(url).status_code == 404
    assert "Zed" not in client.get(reverse("me")).content.decode()


def test_the_own_view_needs_the_second_factor(client, dana):
    client.force_login(dana, backend=BACKEND)
    response = client.get(reverse("me"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in-code"))
