"""Turning 18 is a key date worked out from the date of birth, never typed (issue 19 item 9)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.plans import queries
from joinedup.plans.models import Transition

pytestmark = pytest.mark.django_db


def born_days_before_18(days_ahead: int) -> date:
    birthday = timezone.localdate() + timedelta(days=days_ahead)
    return birthday.replace(year=birthday.year - 18)


def test_the_18th_birthday_is_on_the_plan_and_alerted_within_90_days(signed_in, alice, person):
    person.date_of_birth = born_days_before_18(60)
    person.save()
    page = signed_in(alice).get(reverse("plans:plan", args=[person.pk])).content.decode()
    birthday = timezone.localdate() + timedelta(days=60)
    assert f"<strong>Turning 18</strong> on {birthday.day} {birthday:%B %Y}" in page
    assert "worked out from their date of birth" in page
    alerts = queries.transition_alerts(alice)
    assert [(t.person, t.kind, t.happens_on) for t in alerts] == [
        (person, Transition.Kind.TURNING_18, birthday)
    ]


def test_no_alert_before_the_window_or_after_the_birthday(alice, person):
    for days in (91, -1):
        person.date_of_birth = born_days_before_18(days)
        person.save()
        assert queries.transition_alerts(alice) == [], days
    assert queries.turning_18(person) is None  # already 18


def test_a_date_typed_by_hand_is_not_shown_twice(alice, person):
    person.date_of_birth = born_days_before_18(10)
    person.save()
    Transition.objects.create(person=person, kind="turning_18",
                              happens_on=timezone.localdate() + timedelta(days=10))  # fmt: skip
    assert len(queries.transition_alerts(alice)) == 1
    assert len(queries.key_dates(person)) == 1


def test_a_leap_day_birthday_turns_18_on_the_first_of_march():
    assert queries._years_after(date(2008, 2, 29), 18) == date(2026, 3, 1)


def test_people_whose_plan_is_not_shared_are_not_alerted(charlie, person):
    person.date_of_birth = born_days_before_18(5)
    person.save()
    assert queries.transition_alerts(charlie) == []


def test_the_person_page_alerts_the_18th_birthday_too(signed_in, alice, person):
    person.date_of_birth = born_days_before_18(30)
    person.save()
    page = signed_in(alice).get(reverse("people:detail", args=[person.pk])).content.decode()
    birthday = timezone.localdate() + timedelta(days=30)
    assert f"Turning 18 on {birthday.day} {birthday:%B}." in page
    person.date_of_birth = born_days_before_18(120)  # outside the 90 days' alert window
    person.save()
    page = signed_in(alice).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Turning 18 on" not in page
