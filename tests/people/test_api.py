"""The people API answers through the access layer, like the pages."""

import pytest

from joinedup.audit.models import AccessLog
from joinedup.people import services
from joinedup.plans.models import PlanStep, SupportPlan
from tests.conftest import BACKEND

pytestmark = pytest.mark.django_db


def test_it_lists_only_visible_people_and_logs_each(signed_in, alice, person):
    response = signed_in(alice).get("/api/v1/people/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["items"][0]["last_name"] == "Example"
    assert AccessLog.objects.filter(user=alice, action="list", person=person).count() == 1


def test_an_outsider_gets_an_empty_list_and_404_for_the_person(signed_in, charlie, person):
    client = signed_in(charlie)
    assert client.get("/api/v1/people/").json()["count"] == 0
    response = client.get(f"/api/v1/people/{person.pk}")
    assert response.status_code == 404
    assert AccessLog.objects.get(user=charlie).granted is False


def test_a_password_alone_is_not_enough_for_a_role_that_sees_people(client, alice, person):
    client.force_login(alice, backend=BACKEND)
    response = client.get(f"/api/v1/people/{person.pk}")
    assert response.status_code == 401
    assert not AccessLog.objects.exists()


def test_involvements_and_plan_come_through_the_access_layer(signed_in, alice, charlie, person):
    plan = SupportPlan.objects.create(person=person, what_matters="A home")
    PlanStep.objects.create(plan=plan, position=1, area="housing", title="Find a flat")
    client = signed_in(alice)
    involvements = client.get(f"/api/v1/people/{person.pk}/involvements").json()
    assert involvements[0]["organisation"] == "Riverside Drug and Alcohol Service"
    body = client.get(f"/api/v1/people/{person.pk}/plan").json()
    assert body["what_matters"] == "A home" and body["steps"][0]["title"] == "Find a flat"
    outsider = signed_in(charlie)
    assert outsider.get(f"/api/v1/people/{person.pk}/plan").status_code == 404
    assert outsider.get(f"/api/v1/people/{person.pk}/involvements").status_code == 404


def test_restricted_notes_never_leave_through_the_api(signed_in, alice, bob, person, owner_org):
    services.write_note(
        person,
        alice,
        owner_org,
        text="Only for Alice",
        visibility="restricted",
        named_readers=[alice],
    )
    services.write_note(person, alice, owner_org, text="For everyone", visibility="everyone")
    mine = [n["text"] for n in signed_in(alice).get(f"/api/v1/people/{person.pk}/notes").json()]
    theirs = [n["text"] for n in signed_in(bob).get(f"/api/v1/people/{person.pk}/notes").json()]
    assert set(mine) == {"Only for Alice", "For everyone"} and theirs == ["For everyone"]
