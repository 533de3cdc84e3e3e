"""The team around the person: organisations on joinedup or not, their own people, history."""

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.people.models import Involvement, PersonalContact
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_worker_adds_an_outside_organisation_to_the_team(signed_in, alice, person, other_org):
    today = timezone.localdate()
    response = signed_in(alice).post(
        reverse("people:team-add", args=[person.pk]),
        {
            "organisation": other_org.pk,
            "professional_name": "PC Jane Doe",
            "role": "Neighbourhood officer",
            "contact": "07700 900123",
            "started_on_0": today.day,
            "started_on_1": today.month,
            "started_on_2": today.year,
        },
    )
    assert response.status_code == 302
    page = signed_in(alice).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "PC Jane Doe" in page and "Not on joinedup" in page and "07700 900123" in page


def test_a_missing_start_date_is_refused_with_a_clear_message(signed_in, alice, person, other_org):
    response = signed_in(alice).post(
        reverse("people:team-add", args=[person.pk]),
        {"organisation": other_org.pk, "role": "Officer"},
    )
    assert response.status_code == 200
    assert "Working with them since: enter the day, month and year" in response.content.decode()
    assert person.involvements.count() == 1


def test_leaving_the_team_keeps_the_history(signed_in, alice, person):
    involvement = person.involvements.get()
    involvement.started_on = timezone.localdate().replace(year=2020)
    involvement.save()
    client = signed_in(alice)
    client.post(
        reverse("people:team-end", args=[person.pk]),
        {"kind": "involvement", "id": involvement.pk},
    )
    involvement.refresh_from_db()
    assert involvement.ended_on == timezone.localdate()
    page = client.get(reverse("people:detail", args=[person.pk]))
    assert page.status_code == 404, "their organisation no longer works with the person"


def test_two_lead_workers_are_flagged_and_the_coordinator_shown(
    signed_in, alice, person, owner_org
):
    sam = make_user("sam@example.org", owner_org, Role.COORDINATOR)
    person.involvements.update(is_lead=True)
    Involvement.objects.create(
        person=person,
        organisation=owner_org,
        professional=sam,
        role="Co-ordinator",
        is_lead=True,
        started_on=timezone.localdate(),
    )
    page = signed_in(alice).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "2 lead workers" in page
    assert "Sam, Riverside Drug and Alcohol Service" in page


def test_their_own_people_with_a_dependant_child(signed_in, alice, person):
    client = signed_in(alice)
    client.post(
        reverse("people:network-add", args=[person.pk]),
        {
            "name": "Mia Example",
            "relationship": "child",
            "described_as": "my daughter",
            "is_dependant": "on",
        },
    )
    contact = PersonalContact.objects.get()
    assert contact.is_dependant
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Depend on Dana: Mia Example (my daughter)" in page


def test_an_outsider_cannot_end_someone_elses_team_member(signed_in, charlie, person):
    involvement = person.involvements.get()
    response = signed_in(charlie).post(
        reverse("people:team-end", args=[person.pk]),
        {"kind": "involvement", "id": involvement.pk},
    )
    assert response.status_code == 404
    involvement.refresh_from_db()
    assert involvement.ended_on is None


def test_someone_who_leaves_their_life_moves_to_history(signed_in, alice, person):
    contact = PersonalContact.objects.create(
        person=person, name="Lee Friend", relationship="friend"
    )
    client = signed_in(alice)
    client.post(reverse("people:team-end", args=[person.pk]), {"kind": "contact", "id": contact.pk})
    contact.refresh_from_db()
    assert contact.until == timezone.localdate()
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "People no longer around (1)" in page


def test_recording_contact_keeps_the_team_current(signed_in, alice, person):
    involvement = person.involvements.get()
    signed_in(alice).post(
        reverse("people:team-end", args=[person.pk]),
        {"kind": "involvement", "id": involvement.pk, "action": "contacted"},
    )
    involvement.refresh_from_db()
    assert involvement.last_contact_on == timezone.localdate() and involvement.ended_on is None
