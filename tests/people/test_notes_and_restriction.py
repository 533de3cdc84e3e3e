"""Notes are read only by those they are meant for; restricted records vanish for everyone else."""

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.people import access
from joinedup.people.models import Consent, Involvement, Note
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dave(other_org, person):
    """A practitioner of another organisation that the person's consent covers."""
    Consent.objects.create(person=person, organisation=other_org, basis=Consent.Basis.CONSENT)
    return make_user("dave@example.org", other_org, "practitioner")


@pytest.fixture(autouse=True)
def bob_works_with_the_person(bob, person, owner_org):
    """Readers and named users are chosen among the workers around the person."""
    Involvement.objects.create(
        person=person,
        organisation=owner_org,
        professional=bob,
        role="Co-ordinator",
        started_on=timezone.localdate(),
    )


def write(client, person, text, visibility, readers=()):
    return client.post(
        reverse("people:note-add", args=[person.pk]),
        {"text": text, "visibility": visibility, "named_readers": [u.pk for u in readers]},
    )


def page(client, name, person):
    return client.get(reverse(name, args=[person.pk])).content.decode()


def test_each_visibility_reaches_only_its_readers(signed_in, client, alice, bob, dave, person):
    signed_in(alice)
    write(client, person, "Seen by all", "everyone")
    write(client, person, "Seen by my organisation", "team")
    write(client, person, "Seen by Bob alone", "restricted", readers=[bob])
    text = lambda user: [n.text for n in access.notes_for(user, person)]  # noqa: E731
    assert set(text(alice)) == {"Seen by all", "Seen by my organisation", "Seen by Bob alone"}
    assert set(text(bob)) == {"Seen by all", "Seen by my organisation", "Seen by Bob alone"}
    assert set(text(dave)) == {"Seen by all"}


def test_restricted_notes_never_appear_to_others_on_any_page(
    signed_in, client, alice, bob, dave, person
):
    signed_in(alice)
    write(client, person, "Her new address is secret", "restricted", readers=[bob])
    signed_in(dave)
    for name in ("people:detail", "people:timeline"):
        assert "new address" not in page(client, name, person)


def test_a_restricted_note_must_name_its_readers(signed_in, client, alice, person):
    signed_in(alice)
    response = write(client, person, "Secret", "restricted")
    assert "Name at least one person" in response.content.decode()
    assert not Note.objects.exists()


def test_a_restricted_record_vanishes_for_everyone_not_named(
    signed_in, client, alice, bob, dave, person
):
    signed_in(alice)
    client.post(
        reverse("people:restriction", args=[person.pk]),
        {"restricted": "on", "named": [bob.pk]},
    )
    person.refresh_from_db()
    assert person.restricted and set(person.restricted_to.all()) == {alice, bob}
    for user in (alice, bob):
        assert access.can_see(user, person.pk)
    assert not access.can_see(dave, person.pk)
    signed_in(dave)
    search = client.get(reverse("people:list"), {"q": "Dana"}).content.decode()
    assert "Dana Example" not in search and "0 people" in search
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert client.get("/api/v1/people/").json()["count"] == 0
    assert client.get(f"/api/v1/people/{person.pk}").status_code == 404


def test_lifting_the_restriction_restores_the_usual_rules(signed_in, client, alice, dave, person):
    person.restricted = True
    person.save()
    person.restricted_to.add(alice)
    assert not access.can_see(dave, person.pk)
    signed_in(alice)
    client.post(reverse("people:restriction", args=[person.pk]), {"named": []})
    assert access.can_see(dave, person.pk)
