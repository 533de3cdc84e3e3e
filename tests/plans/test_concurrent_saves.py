"""Two people saving the same record at the same moment, on PostgreSQL with two real
connections (a thread each): a support plan step, what matters to the person, a personal
outcome. Each is the record a co-ordinator, a colleague and the person edit together.

The race is made to happen, not hoped for: the first save holds its transaction open (its row
locked) until the second is seen in pg_stat_activity waiting for that lock, then commits. The
second, opened at the same version, must then save nothing and say so (EditConflict), and,
saved again from what it now sees, keep both changes. A save that overwrote (last write wins)
would fail here, with the first person's change gone."""

import pytest

from joinedup.plans import services
from joinedup.plans.models import PersonalOutcome, PlanStep, SupportPlan
from tests.concurrency import ON_POSTGRESQL, race

pytestmark = [pytest.mark.django_db(transaction=True), ON_POSTGRESQL]


@pytest.fixture
def plan(person):
    return SupportPlan.objects.create(person=person, what_matters="Somewhere safe")


def step_form(step, **changes):
    """What the step form sends: every field as the form showed it, with the person's changes."""
    fields = ["title", "area", "owner", "status", "blocked_by", "waiting_on", "due_on"]
    return {**{f: getattr(step, f) for f in fields}, **changes}


def test_two_saves_of_a_plan_step_at_once_keep_both_changes(plan, alice, bob):
    step = PlanStep.objects.create(plan=plan, position=1, area="housing", title="Bid for a flat")
    seen_by_alice = PlanStep.objects.get(pk=step.pk)
    seen_by_bob = PlanStep.objects.get(pk=step.pk)
    alices = step_form(seen_by_alice, title="Bid for a flat in Quayside")
    bobs = step_form(seen_by_bob, status="done")
    first, second = race(
        lambda: services.update_step(alice, seen_by_alice, version=1, **alices),
        lambda: services.update_step(bob, seen_by_bob, version=1, **bobs),
    )
    assert isinstance(first, PlanStep) and isinstance(second, services.EditConflict)
    step.refresh_from_db()
    assert (step.title, step.status, step.version) == (
        "Bid for a flat in Quayside",
        "not_started",
        2,
    )
    # Bob sees the conflict, with what the step now says, and saves again from it.
    services.update_step(bob, step, version=step.version, **step_form(step, status="done"))
    step.refresh_from_db()
    assert (step.title, step.status, step.version) == ("Bid for a flat in Quayside", "done", 3)


def test_two_saves_of_what_matters_at_once_keep_both(plan):
    first, second = race(
        lambda: services.save_what_matters(plan, "Somewhere safe, near my sister", version=1),
        lambda: services.save_what_matters(plan, "Somewhere safe, and my dog", version=1),
    )
    assert first is None and isinstance(second, services.EditConflict)
    plan.refresh_from_db()
    assert (plan.what_matters, plan.what_matters_version) == ("Somewhere safe, near my sister", 2)
    services.save_what_matters(plan, f"{plan.what_matters}, and my dog", version=2)
    plan.refresh_from_db()
    assert plan.what_matters == "Somewhere safe, near my sister, and my dog"


def test_two_saves_of_a_personal_outcome_at_once_keep_both_changes(plan, alice):
    outcome = services.add_outcome(alice, plan, words="A flat", written_by="together")
    seen_twice = [PersonalOutcome.objects.get(pk=outcome.pk) for _ in range(2)]
    first, second = race(
        lambda: services.change_outcome(
            seen_twice[0], words="A flat near my kids", status="working", version=1
        ),
        lambda: services.change_outcome(
            seen_twice[1], words="A flat", status="achieved", version=1
        ),
    )
    assert first is None and isinstance(second, services.EditConflict)
    outcome.refresh_from_db()
    assert (outcome.words, outcome.status, outcome.version) == ("A flat near my kids", "working", 2)
    services.change_outcome(outcome, words=outcome.words, status="achieved", version=2)
    outcome.refresh_from_db()
    assert (outcome.words, outcome.status) == ("A flat near my kids", "achieved")
