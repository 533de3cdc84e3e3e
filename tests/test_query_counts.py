"""List pages make a fixed number of queries however long the list (no N+1)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.assessment import services as barrier_services
from joinedup.people.models import Involvement, Person
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def add_people(n, organisation):
    for i in range(n):
        p = Person.objects.create(first_name=f"P{i}", last_name="Example")
        Involvement.objects.create(
            person=p, organisation=organisation, role="Worker", started_on=timezone.localdate()
        )
        barrier_services.log_barrier(
            None,
            organisation,
            person=p,
            rule="Rule",
            category="access",
            effect="Waited",
            raised_on=date(2026, 1, 1),
        )


@pytest.mark.parametrize("name", ["people:list", "home", "assessment:barriers"])
def test_list_pages_do_not_grow_with_the_list(
    signed_in, alice, owner_org, name, django_assert_max_num_queries
):
    client = signed_in(alice)
    add_people(3, owner_org)
    client.get(reverse(name))
    # A bound for the short list (the practitioner home reads its waiting work too); the
    # point is the next line: 30 more people cost no more queries.
    with django_assert_max_num_queries(45) as small:
        client.get(reverse(name))
    add_people(30, owner_org)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse(name))


def test_the_person_page_does_not_grow_with_the_team(
    signed_in, alice, person, owner_org, django_assert_max_num_queries
):
    client = signed_in(alice)
    url = reverse("people:detail", args=[person.pk])
    client.get(url)
    with django_assert_max_num_queries(60) as small:
        client.get(url)
    for i in range(20):
        colleague = make_user(f"w{i}@example.org", owner_org, Role.PRACTITIONER, device=False)
        Involvement.objects.create(
            person=person,
            organisation=owner_org,
            professional=colleague,
            role="Worker",
            started_on=timezone.localdate(),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
