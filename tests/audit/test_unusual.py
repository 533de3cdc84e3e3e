"""Patterns worth a look, on a hand-built log: many records read outside the organisation's
work in a day, and reads at night."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.audit import queries
from joinedup.people.models import Involvement, Person
from tests.audit.test_search import at, log
from tests.conftest import make_user


@pytest.fixture
def strangers(db):
    """Three people no organisation in the fixtures works with."""
    return [Person.objects.create(first_name="P", last_name=str(n)) for n in range(3)]


def read(user, org, person, when):
    log(user, org, person.pk, when=when, person=person)


def test_many_records_outside_the_organisation_in_a_day_are_flagged(
    alice, bob, owner_org, strangers, person
):
    for p in strangers:
        read(alice, owner_org, p, at(1, 10))
    # Bob reads two strangers and one of his organisation's own people: under the threshold.
    read(bob, owner_org, strangers[0], at(1, 10))
    read(bob, owner_org, strangers[1], at(1, 11))
    read(bob, owner_org, person, at(1, 12))
    flags = queries.unusual(threshold=3)
    assert [(f.kind, f.user, f.count) for f in flags] == [("outside", "Alice", 3)]
    assert flags[0].day == timezone.localdate() - timedelta(days=1)
    # Reading the same stranger again does not count twice; a lower threshold takes Bob in.
    read(bob, owner_org, strangers[0], at(1, 13))
    assert {(f.user, f.count) for f in queries.unusual(threshold=2)} == {("Alice", 3), ("Bob", 2)}


def test_an_involvement_makes_the_reads_ordinary(alice, owner_org, strangers):
    for p in strangers:
        read(alice, owner_org, p, at(1, 10))
    Involvement.objects.create(
        person=strangers[0], organisation=owner_org, role="Key worker", started_on=at(9).date()
    )
    assert queries.unusual(threshold=3) == []


def test_reads_outside_the_window_are_not_flagged(alice, owner_org, strangers):
    for p in strangers:
        read(alice, owner_org, p, at(20, 10))
    assert queries.unusual(threshold=3) == []
    day = timezone.localdate() - timedelta(days=20)
    assert len(queries.unusual(day, day, threshold=3)) == 1


def test_reads_at_night_are_flagged_and_evening_reads_are_not(alice, bob, owner_org, person):
    read(alice, owner_org, person, at(2, 23, 30))
    read(alice, owner_org, person, at(3, 5, 59))
    read(bob, owner_org, person, at(2, 21, 59))
    read(bob, owner_org, person, at(2, 6, 0))
    flags = queries.unusual(threshold=100)
    assert [(f.kind, f.user, f.day) for f in flags] == [
        ("night", "Alice", timezone.localdate() - timedelta(days=2)),
        ("night", "Alice", timezone.localdate() - timedelta(days=3)),
    ]
    assert "at night" in flags[0].sentence


def test_the_page_lists_the_flags_with_links_to_their_search(
    signed_in, owner_org, alice, person, settings
):
    settings.JOINEDUP_AUDIT_OUTSIDE_READS = 50
    read(alice, owner_org, person, at(1, 2))
    admin = make_user("ig@example.org", owner_org, Role.ADMINISTRATOR)
    client = signed_in(admin)
    response = client.get(reverse("audit:log"))
    page = response.content.decode()
    assert "Alice opened 1 record at night" in page
    assert "50 or more records" in page
    flag = response.context["flags"][0]
    assert f'href="?{flag.query.replace("&", "&amp;")}"' in page
    followed = client.get(reverse("audit:log") + "?" + flag.query)
    assert [e.person_ref for e in followed.context["page"]] == [person.pk]


def test_the_page_shows_a_short_list_of_flags_and_says_how_many_more(
    signed_in, owner_org, alice, person
):
    from joinedup.audit import views

    for days_ago in range(views.FLAGS_SHOWN + 2):
        read(alice, owner_org, person, at(days_ago % 7, 23, days_ago))
    for n in range(5):  # other users, so that there are more flags than days
        read(
            make_user(f"night{n}@example.org", owner_org, Role.PRACTITIONER),
            owner_org,
            person,
            at(0, 1),
        )
    admin = make_user("ig@example.org", owner_org, Role.ADMINISTRATOR)
    response = signed_in(admin).get(reverse("audit:log"))
    total = len(queries.unusual())
    assert total > views.FLAGS_SHOWN
    assert len(response.context["flags"]) == views.FLAGS_SHOWN
    assert f"The {views.FLAGS_SHOWN} newest of {total}" in response.content.decode()


def test_a_search_for_a_user_or_organisation_narrows_the_flags(
    alice, bob, owner_org, other_org, person
):
    read(alice, owner_org, person, at(1, 23))
    read(bob, other_org, person, at(1, 23))
    assert {f.user for f in queries.unusual(threshold=99)} == {"Alice", "Bob"}
    assert [f.user for f in queries.unusual(threshold=99, user="bob@")] == ["Bob"]
    assert [f.user for f in queries.unusual(threshold=99, organisation=owner_org.pk)] == ["Alice"]


def test_a_person_reading_their_own_record_at_night_is_not_flagged(person):
    from joinedup.accounts.models import User

    own = User.objects.create_user(email="dana@example.net", password="x" * 14, full_name="Dana")
    person.account = own
    person.save()
    read(own, None, person, at(1, 23, 30))
    assert queries.unusual(threshold=100) == []
