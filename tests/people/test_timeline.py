"""The timeline gathers every agency's entries about a person, and filters them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.costs.models import ServiceUseEvent
from joinedup.people import queries
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
