"""The person's own view: how to reach their co-ordinator, who has looked at their record,
and their sharing and account told in their own words."""

import pytest
from django.urls import reverse

from joinedup.accounts.roles import Role
from joinedup.audit.models import AccessLog
from joinedup.people.models import Consent, Involvement
from tests.conftest import make_user
from tests.plans.test_own_view import dana  # noqa: F401  (the person, signed in as themselves)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(owner_org, person):
    sam = make_user("sam@example.org", owner_org, Role.COORDINATOR)
    sam.phone = "01632 960 123"
    sam.save()
    since = person.involvements.first().started_on
    Involvement.objects.create(person=person, organisation=owner_org, professional=sam,
                               role="Co-ordinator", started_on=since)  # fmt: skip
    return sam


def test_the_person_sees_how_to_reach_their_coordinator(signed_in, dana, coordinator):  # noqa: F811
    page = signed_in(dana).get(reverse("me")).content.decode()
    reach = page[page.index('data-testid="reach-coordinator"') :]
    assert "Sam" in reach and "Riverside Drug and Alcohol Service" in reach
    assert 'href="tel:01632960123"' in reach and 'href="mailto:sam@example.org"' in reach


def test_without_a_coordinator_the_person_is_told_so(signed_in, dana):  # noqa: F811
    page = signed_in(dana).get(reverse("me")).content.decode()
    assert "You do not have a co-ordinator at the moment" in page


def test_the_person_sees_who_has_looked_at_their_record_in_plain_words(
    signed_in,
    dana,  # noqa: F811
    person,
    alice,
    charlie,
):
    record = reverse("people:detail", args=[person.pk])
    assert signed_in(alice).get(record).status_code == 200
    assert signed_in(alice).get(record).status_code == 200
    assert signed_in(charlie).get(record).status_code == 404
    page = signed_in(dana).get(reverse("me-seen")).content.decode()
    seen = page[page.index('data-testid="seen"') :]
    assert (
        "Alice (practitioner, Riverside Drug and Alcohol Service) opened your record, 2 times"
        in seen
    )
    assert (
        "Charlie (practitioner, Riverside Police) tried to open your record and was stopped" in seen
    )
    assert "own view" not in seen  # their own visits are left out
    assert AccessLog.objects.filter(user=dana, purpose="own view: who has looked").exists()


def test_the_sharing_page_speaks_to_the_person(signed_in, dana, person, other_org):  # noqa: F811
    Consent.objects.create(person=person, organisation=other_org, basis="consent",
                           sections=["story", "plan"])  # fmt: skip
    page = signed_in(dana).get(reverse("me-sharing")).content.decode()
    assert "who you are, your story, in your words, your support plan and key dates" in page
    assert "their story" not in page.lower()


def test_the_person_s_account_page_does_not_talk_of_roles(signed_in, dana):  # noqa: F811
    page = signed_in(dana).get(reverse("accounts:account")).content.decode()
    assert "This account is yours" in page
    assert "no role" not in page and "Your roles" not in page
