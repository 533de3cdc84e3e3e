"""Changing support plans and transitions. Each function is one thing a worker does."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from joinedup.people import access
from joinedup.plans.models import OutcomeRating, PersonalOutcome, PlanStep, SupportPlan, Transition

# The views catch EditConflict from here: the one class, whoever raises it.
from joinedup.versioned import EditConflict, take_version


def plan_for(user, person_id, purpose: str):
    """The person (through the access layer, audited) and their plan, made on first use."""
    person = access.get_person_for(user, person_id, purpose=purpose, section="plan")
    plan, _ = SupportPlan.objects.get_or_create(person=person)
    return person, plan


def _check(step_fields: dict, depends_on, step=None) -> None:
    if step_fields.get("status") == PlanStep.Status.BLOCKED and not step_fields.get("blocked_by"):
        raise ValidationError({"blocked_by": "Say what is blocking this step"})
    if step is not None and any(d.pk == step.pk for d in depends_on):
        raise ValidationError({"depends_on": "A step cannot wait for itself"})
    if step is not None and _reaches(depends_on, step):
        raise ValidationError(
            {"depends_on": "That would make steps wait for each other in a circle"}
        )


def _reaches(starts, target) -> bool:
    """Whether following 'depends on' from `starts` leads back to `target`."""
    seen, todo = set(), list(starts)
    while todo:
        current = todo.pop()
        if current.pk == target.pk:
            return True
        if current.pk not in seen:
            seen.add(current.pk)
            todo.extend(current.depends_on.all())
    return False


def _done_date(fields: dict) -> None:
    if fields.get("status") == PlanStep.Status.DONE and not fields.get("done_on"):
        fields["done_on"] = timezone.localdate()
    if fields.get("status") not in (PlanStep.Status.DONE, None):
        fields["done_on"] = None


@transaction.atomic
def add_step(user, plan: SupportPlan, *, depends_on=(), **fields) -> PlanStep:
    _check(fields, depends_on)
    _done_date(fields)
    last = plan.steps.aggregate(m=Max("position"))["m"] or 0
    step = PlanStep.objects.create(plan=plan, position=last + 1, updated_by=user, **fields)
    step.depends_on.set(depends_on)
    return step


@transaction.atomic
def update_step(user, step: PlanStep, *, version: int | None, depends_on=(), **fields) -> PlanStep:
    """Save an edit made from `version`; refuse it if the step has moved on since, and refuse
    an edit that names no version (versions start at 1), which cannot show it has not."""
    if not version or version < 1:
        raise EditConflict(step.pk)
    _check(fields, depends_on, step)
    _done_date(fields)
    changed = PlanStep.objects.filter(pk=step.pk, version=version).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now(), **fields
    )
    if not changed:
        raise EditConflict(step.pk)
    step.refresh_from_db()
    step.depends_on.set(depends_on)
    return step


@transaction.atomic
def move_step(step: PlanStep, direction: str) -> None:
    """Swap with the neighbour above (`up`) or below (`down`) in the person's order."""
    steps = list(step.plan.steps.select_for_update().order_by("position", "id"))
    i = next(n for n, s in enumerate(steps) if s.pk == step.pk)
    j = i - 1 if direction == "up" else i + 1
    if not 0 <= j < len(steps):
        return
    steps[i], steps[j] = steps[j], steps[i]
    for position, s in enumerate(steps, start=1):
        if s.position != position:
            PlanStep.objects.filter(pk=s.pk).update(position=position)


def save_what_matters(plan: SupportPlan, text: str, *, version: int | None) -> None:
    """Save the person's words as edited from `version`, as `update_step` does for steps: the
    person (at /me/) and their team both write them, and neither may silently undo the other.
    Raises EditConflict, and changes nothing, if they have changed since (or no version)."""
    if not version or version < 1:
        raise EditConflict(plan.pk)
    changed = SupportPlan.objects.filter(pk=plan.pk, what_matters_version=version).update(
        what_matters=text,
        what_matters_version=F("what_matters_version") + 1,
        updated_at=timezone.now(),
    )
    if not changed:
        raise EditConflict(plan.pk)
    plan.refresh_from_db(fields=["what_matters", "what_matters_version", "updated_at"])


def add_transition(user, person, **fields) -> Transition:
    return Transition.objects.create(person=person, created_by=user, **fields)


@transaction.atomic
def add_outcome(
    user, plan: SupportPlan, *, words: str, written_by: str, steps=()
) -> PersonalOutcome:
    """A new outcome in the person's words, placed after the others."""
    last = plan.outcomes.aggregate(last=Max("position"))["last"] or 0
    outcome = PersonalOutcome.objects.create(
        plan=plan, words=words, written_by=written_by, position=last + 1, created_by=user
    )
    outcome.steps.set(_own_steps(plan, steps))
    return outcome


@transaction.atomic
def change_outcome(
    outcome: PersonalOutcome, *, words: str, status: str, steps=(), version: int | None
) -> None:
    """Save an edit made from `version`, as `update_step` does: EditConflict, and nothing
    changed, if someone saved the outcome since (or the form named no version)."""
    steps = _own_steps(outcome.plan, steps)
    take_version(outcome, version)  # first: the row stays locked until this commits
    outcome.words, outcome.status = words, status
    outcome.save(update_fields=["words", "status"])
    outcome.steps.set(steps)


def _own_steps(plan, steps) -> list[PlanStep]:
    """Only the plan's own steps may be linked: an id from another plan is refused."""
    steps = list(steps)
    if any(s.plan_id != plan.pk for s in steps):
        raise ValidationError({"steps": "Link only steps of this plan"})
    return steps


def rate_outcome(
    user, outcome: PersonalOutcome, *, rating: int, rated_by: str, on=None, note=""
) -> OutcomeRating:
    """How close the person is now. A rating is never changed: a new one is added, so the
    ratings over time stay the person's record of their own progress."""
    if rating not in OutcomeRating.SCALE:
        raise ValidationError({"rating": "Choose a rating from 1 to 10"})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"rated_on": "The date of the rating must be today or in the past"})
    return OutcomeRating.objects.create(
        outcome=outcome, rating=rating, rated_by=rated_by, rated_on=on, note=note, recorded_by=user
    )
