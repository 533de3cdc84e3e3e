"""The synthetic area is deterministic and gives every role something to do."""

import pytest
from django.core.management import call_command
from django.db import connection

from joinedup.accounts.models import Membership
from joinedup.accounts.roles import Role
from joinedup.people import access
from joinedup.synthetic.generator import generate

pytestmark = pytest.mark.django_db


def snapshot():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT first_name, last_name, date_of_birth, postcode FROM people_person ORDER BY id"
        )
        return cursor.fetchall()


# These two rebuild the area with `flush`, which PostgreSQL runs only outside a transaction.
@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_area():
    first = generate(people=120, seed=7)
    people_first = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    second = generate(people=120, seed=7)
    assert snapshot() == people_first
    assert [s.email for s in first.sign_ins] == [s.email for s in second.sign_ins]


@pytest.mark.django_db(transaction=True)
def test_a_different_seed_gives_different_people():
    generate(people=60, seed=1)
    a = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    generate(people=60, seed=2)
    assert snapshot() != a


def test_every_role_has_a_sign_in_and_caseworkers_see_people():
    summary = generate(people=300, seed=42)
    assert {s.role for s in summary.sign_ins} == set(Role.values)
    for role in (Role.COORDINATOR, Role.PRACTITIONER, Role.PANEL_MEMBER):
        membership = Membership.objects.filter(
            role=role, user__email__in=[s.email for s in summary.sign_ins]
        ).first()
        assert access.persons_visible_to(membership.user).exists(), role


def test_it_refuses_to_generate_over_an_existing_area():
    generate(people=10, seed=1)
    with pytest.raises(ValueError, match="already has organisations"):
        generate(people=10, seed=1)
