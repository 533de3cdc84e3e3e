"""The timeline gathers every agency's entries about a person, and filters them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.costs.models import ServiceUseEvent
from joinedup.people import queries
from joinedup.people.models import Involvement
from joinedup.plans.models import PlanStep, SupportPlan, Transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(person, owner_org):
    ServiceUseEvent.objects.create(
        person=person,
        organisation=owner_org,
        kind="hostel_night",
        category="housing",
        occurred_on=date(2026, 3, 1),
        quantity=12,
    )
    plan = SupportPlan.objects.create(person=person)
    PlanStep.objects.create(plan=plan, position=1, area="housing", title="Find a flat")
    Transition.objects.create(
        person=person, kind="prison_release", happens_on=timezone.localdate() + timedelta(days=5)
    )


def test_it_shows_entries_from_every_agency_newest_first(signed_in, alice, person, history):
    response = signed_in(alice).get(reverse("people:timeline", args=[person.pk]))
    page = response.content.decode()
    assert "12 hostel nights" in page
    assert "Plan step: Find a flat" in page
    assert "Release from prison" in page
    assert "Riverside Drug and Alcohol Service started working with them" in page
    assert page.index("Release from prison") < page.index("12 hostel nights")
    assert "<svg" in page and "month by month" in page


def test_it_filters_by_kind(signed_in, alice, person, history):
    url = reverse("people:timeline", args=[person.pk])
    page = signed_in(alice).get(url, {"kinds": ["service use"]}).content.decode()
    assert "12 hostel nights" in page and "Plan step" not in page


def test_fragmentation_counts_organisations_and_workers_month_by_month(person, owner_org):
    today = timezone.localdate()
    rows = queries.fragmentation(person, months=3, today=today)
    assert len(rows) == 3
    assert rows[-1]["organisations"] == 1 and rows[-1]["case_records"] == 1
    assert rows[0]["organisations"] == 0  # the involvement began 30 days ago
    assert rows[-1]["workers"] == 1 and rows[0]["workers"] == 0


def test_each_worker_counts_once_and_off_platform_workers_by_name(person, owner_org, alice):
    """Alice twice (two case records) is one worker; two named workers off the platform at one
    organisation are two; the same name again is the same worker; an unnamed one is one more."""
    today = timezone.localdate()
    since = today - timedelta(days=400)
    for name in ("", "Jo Bloggs", "Kim Lee", "jo  bloggs", ""):
        Involvement.objects.create(person=person, organisation=owner_org, role="Worker",
                                   professional_name=name, started_on=since)  # fmt: skip
    Involvement.objects.create(person=person, organisation=owner_org, role="Worker",
                               professional=alice, started_on=since)  # fmt: skip
    rows = queries.fragmentation(person, months=2, today=today)
    # alice (2 records), Jo Bloggs (2), Kim Lee, two unnamed: 5 workers, 7 open records.
    assert rows[-1]["workers"] == 5
    assert rows[-1]["case_records"] == 7
    assert rows[-1]["organisations"] == 1
