"""A practitioner's, provider manager's, panel member's and administrator's home each start
from their own work."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.audit.models import AccessLog
from joinedup.people.models import Consent, Involvement, Person
from joinedup.plans.models import PlanStep, SupportPlan
from joinedup.referrals.models import AgendaItem, Panel, PanelMeeting, StuckCase
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def step(person, title, **fields):
    plan, _ = SupportPlan.objects.get_or_create(person=person)
    return PlanStep.objects.create(
        plan=plan, position=plan.steps.count() + 1, area="housing", title=title, **fields
    )


def home(client):
    return client.get(reverse("home")).content.decode()


def test_a_practitioner_starts_from_what_is_waiting_on_their_organisation(
    signed_in, alice, person, owner_org, other_org
):
    step(person, "Start a script", owner=owner_org, due_on=timezone.localdate())
    step(person, "Housing benefit form", owner=other_org, waiting_on=owner_org)
    step(person, "Register with a GP", owner=other_org)  # not theirs
    step(person, "Detox", owner=owner_org, status="done")  # done
    StuckCase.objects.create(person=person, agency=owner_org, rule="Two missed appointments",
                             asked="Keep the place open")  # fmt: skip
    page = home(signed_in(alice))
    waiting = page[page.index('data-testid="waiting-on-us"') : page.index('id="ours"')]
    assert "Start a script" in waiting and "Housing benefit form" in waiting
    assert "waiting for you" in waiting
    assert "Register with a GP" not in waiting and "Detox" not in waiting
    assert "Two missed appointments" in waiting
    assert waiting.index("Two missed appointments") < waiting.index("Start a script")
    assert "Your caseload" not in page


def test_the_people_their_organisation_works_with_come_longest_out_of_touch_first(
    signed_in, alice, person, owner_org, other_org
):
    today = timezone.localdate()
    Involvement.objects.filter(person=person).update(last_contact_on=today)
    quiet = Person.objects.create(first_name="Quinn", last_name="Quiet")
    Involvement.objects.create(person=quiet, organisation=owner_org, role="Key worker",
                               started_on=today - timedelta(days=90),
                               last_contact_on=today - timedelta(days=60))  # fmt: skip
    ended = Person.objects.create(first_name="Eddie", last_name="Ended")
    Involvement.objects.create(person=ended, organisation=owner_org, role="Key worker",
                               started_on=today - timedelta(days=90),
                               ended_on=today - timedelta(days=1))  # fmt: skip
    elsewhere = Person.objects.create(first_name="Elsa", last_name="Elsewhere")
    Involvement.objects.create(person=elsewhere, organisation=other_org, role="PCSO",
                               started_on=today)  # fmt: skip
    page = home(signed_in(alice))
    ours = page[page.index('id="ours"') :]
    assert 'data-testid="ours-count">2<' in ours
    assert ours.index("Quinn Quiet") < ours.index("Dana Example")
    assert "Eddie Ended" not in ours and "Elsa Elsewhere" not in ours
    assert "Alice" in ours  # the named worker
    assert AccessLog.objects.filter(user=alice, person=quiet, purpose="home page: our people")


def test_a_provider_manager_gets_the_same_start(signed_in, owner_org, person):
    manager = make_user("nadia@example.org", owner_org, Role.PROVIDER_MANAGER)
    step(person, "Start a script", owner=owner_org)
    page = home(signed_in(manager))
    assert "Waiting on Riverside Drug and Alcohol Service" in page
    assert "Start a script" in page


def test_a_step_of_someone_whose_plan_is_not_shared_is_not_shown(
    signed_in, charlie, person, owner_org, other_org
):
    step(person, "Secret step", owner=other_org)
    page = home(signed_in(charlie))
    assert "Secret step" not in page and person.full_name not in page


@pytest.fixture
def next_meeting(owner_org, other_org, person):
    panel = Panel.objects.create(name="Multiple Needs Panel", host=owner_org)
    panel.organisations.set([owner_org, other_org])
    today = timezone.localdate()
    soon = PanelMeeting.objects.create(panel=panel, meets_on=today + timedelta(days=3))
    later = PanelMeeting.objects.create(panel=panel, meets_on=today + timedelta(days=31))
    AgendaItem.objects.create(meeting=soon, person=person, reason="Stuck case")
    # The panel's seats see the people on the agenda through a sharing line.
    Consent.objects.create(person=person, organisation=other_org, basis="consent")
    return soon, later


def test_a_panel_member_starts_from_the_next_meeting(signed_in, other_org, next_meeting, person):
    helen = make_user("helen@example.org", other_org, Role.PANEL_MEMBER)
    soon, later = next_meeting
    page = home(signed_in(helen))
    first = page[page.index('data-testid="next-meeting"') : page.index("Later meetings")]
    assert f"{soon.meets_on:%A} {soon.meets_on.day} {soon.meets_on:%B %Y}" in first
    assert "1 person to discuss" in first
    assert reverse("referrals:meeting", args=[soon.pk]) in first
    assert person.full_name in first
    rest = page[page.index("Later meetings") :]
    assert reverse("referrals:meeting", args=[later.pk]) in rest
    assert AccessLog.objects.filter(user=helen, person=person, purpose="home page: next meeting")


def test_an_administrator_starts_from_refused_attempts(signed_in, owner_org, charlie, person):
    from joinedup.people import access

    with pytest.raises(Http404):
        access.get_person_for(charlie, person.pk, purpose="curious")
    tom = make_user("tom@example.org", owner_org, Role.ADMINISTRATOR)
    page = home(signed_in(tom))
    assert page.index('id="refused"') < page.index("Organisations by kind")
    refused = page[page.index('data-testid="refused"') :]
    assert "Charlie" in refused and "curious" in refused and str(person.pk) in refused
    assert "<strong>1</strong> refused attempt since" in page
