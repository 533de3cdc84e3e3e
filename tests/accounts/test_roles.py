"""The navigation and home page depend on the role a user acts in; users may switch role."""

import pytest
from django.urls import reverse

from joinedup.accounts.models import Membership
from joinedup.accounts.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def nav_labels(response):
    return [item["label"] for item in response.context["navigation"]]


def test_a_practitioner_sees_people_but_not_the_access_log(signed_in, alice, person):
    response = signed_in(alice).get("/")
    assert nav_labels(response) == [
        "Home",
        "People",
        "Referrals",
        "By-name list",
        "Organisations",
        "Distance travelled",
        "Barriers",
        "Self-assessment",
    ]
    assert "Your people" in response.content.decode()
    assert "Practitioner, Riverside Drug and Alcohol Service" in response.content.decode()


def test_a_commissioner_sees_no_people_menu_and_no_people_pages(signed_in, owner_org, person):
    commissioner = make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)
    client = signed_in(commissioner)
    response = client.get("/")
    assert "People" not in nav_labels(response)
    assert "Dana" not in response.content.decode()
    assert client.get(reverse("people:list")).status_code == 403
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404


def test_an_administrator_sees_the_access_log(signed_in, owner_org, alice, person):
    admin = make_user("admin@example.org", owner_org, Role.ADMINISTRATOR)
    signed_in(alice).get(reverse("people:detail", args=[person.pk]))
    client = signed_in(admin)
    response = client.get("/")
    assert "Access log" in nav_labels(response)
    log = client.get(reverse("audit:log"))
    assert log.status_code == 200 and "Alice" in log.content.decode()


def test_only_administrators_open_the_access_log(signed_in, alice):
    assert signed_in(alice).get(reverse("audit:log")).status_code == 403


def test_a_user_with_two_roles_can_switch_between_them(signed_in, alice, other_org):
    second = Membership.objects.create(user=alice, organisation=other_org, role=Role.COMMISSIONER)
    client = signed_in(alice)
    assert "Your people" in client.get("/").content.decode()
    client.post(reverse("accounts:choose-role"), {"membership": second.pk})
    response = client.get("/")
    assert "Every department: your area" in response.content.decode()
    assert "Commissioner, Riverside Police" in response.content.decode()


def test_a_user_cannot_act_under_someone_elses_membership(signed_in, alice, charlie):
    client = signed_in(alice)
    theirs = charlie.memberships.get()
    client.post(reverse("accounts:choose-role"), {"membership": theirs.pk})
    assert "Practitioner, Riverside Drug" in client.get("/").content.decode()
