"""The people API answers through the access layer, like the pages."""

import pytest

from joinedup.audit.models import AccessLog
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
