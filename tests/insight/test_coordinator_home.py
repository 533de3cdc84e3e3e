"""A co-ordinator's home starts from their own caseload: who needs something today first."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import AccessLog
from joinedup.people.models import Involvement, Person
from joinedup.referrals.models import Allocation, Decision, Panel, ProfileVersion, Referral

pytestmark = pytest.mark.django_db


def allocate(person, coordinator, organisation, review_on=None, last_contact=None):
    Allocation.objects.create(
        person=person, coordinator=coordinator, organisation=organisation,
        started_on=date(2025, 1, 6),
    )  # fmt: skip
    Involvement.objects.filter(person=person).update(last_contact_on=last_contact)
    if review_on:
        panel = Panel.objects.first() or Panel.objects.create(name="Panel", host=organisation)
        profile = ProfileVersion.objects.create(person=person, number=1, organisation=organisation)
        referral = Referral.objects.create(person=person, panel=panel, profile=profile)
        Decision.objects.create(referral=referral, outcome="accept", rationale="r",
                                review_on=review_on)  # fmt: skip


def test_the_caseload_comes_first_with_the_oldest_review_due_at_the_top(
    signed_in, bob, person, owner_org
):
    today = timezone.localdate()
    recent = today - timedelta(days=2)
    settled = Person.objects.create(first_name="Sian", last_name="Settled")
    Involvement.objects.create(person=settled, organisation=owner_org, role="Key worker",
                               started_on=date(2025, 1, 1))  # fmt: skip
    overdue = Person.objects.create(first_name="Omar", last_name="Overdue")
    Involvement.objects.create(person=overdue, organisation=owner_org, role="Key worker",
                               started_on=date(2025, 1, 1))  # fmt: skip
    allocate(person, bob, owner_org, review_on=today - timedelta(days=3), last_contact=recent)
    allocate(overdue, bob, owner_org, review_on=date(2025, 7, 1), last_contact=recent)
    allocate(settled, bob, owner_org, review_on=today + timedelta(days=30), last_contact=recent)
    page = signed_in(bob).get(reverse("home")).content.decode()
    assert "Your caseload: 3 people" in page
    needs = page[page.index('data-testid="needs-today"') : page.index("Everyone else")]
    assert needs.index("Omar Overdue") < needs.index(person.full_name)
    assert "Review due since 1 July 2025" in needs
    assert "Sian Settled" not in needs  # nothing due for her today
    assert AccessLog.objects.filter(
        user=bob, person=overdue, purpose="home page: caseload"
    ).exists()


def test_nobody_in_touch_for_a_while_is_named(signed_in, bob, person, owner_org):
    allocate(person, bob, owner_org)
    page = signed_in(bob).get(reverse("home")).content.decode()
    assert "No contact recorded" in page and person.full_name in page


def test_a_practitioner_s_home_has_no_caseload_section(signed_in, alice, person):
    page = signed_in(alice).get(reverse("home")).content.decode()
    assert "Your caseload" not in page


def test_a_blocked_plan_step_is_named_in_who_needs_something_today(
    signed_in, bob, person, owner_org
):
    from joinedup.plans.models import PlanStep, SupportPlan

    allocate(person, bob, owner_org, last_contact=timezone.localdate())
    plan = SupportPlan.objects.create(person=person)
    PlanStep.objects.create(plan=plan, position=1, area="housing", title="Hostel place",
                            status="blocked", blocked_by="Banned after arrears")  # fmt: skip
    PlanStep.objects.create(plan=plan, position=2, area="money", title="Claim PIP",
                            status="in_progress")  # fmt: skip
    page = signed_in(bob).get(reverse("home")).content.decode()
    needs = page[page.index('data-testid="needs-today"') : page.index("Everyone else")]
    assert person.full_name in needs
    assert "Plan step blocked: “Hostel place” (Banned after arrears)" in needs
    assert "Claim PIP" not in needs
