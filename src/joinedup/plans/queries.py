"""Reading plans and transitions, scoped by the access layer."""

from datetime import date, timedelta

from django.db.models import F, Prefetch, Q
from django.utils import timezone

from joinedup.people import access
from joinedup.plans.models import OutcomeRating, PlanStep, Transition


def steps_of(plan):
    return plan.steps.select_related("owner", "waiting_on").prefetch_related(
        Prefetch("depends_on", queryset=PlanStep.objects.order_by("position"))
    )


def waiting_summary(steps) -> list[dict]:
    """Who is waiting on whom: organisations holding up open steps, most first."""
    counts: dict[str, list[str]] = {}
    for step in steps:
        if step.waiting_on_id and step.status not in (step.Status.DONE, step.Status.DROPPED):
            counts.setdefault(step.waiting_on.name, []).append(step.title)
    return [
        {"organisation": name, "steps": titles}
        for name, titles in sorted(counts.items(), key=lambda kv: -len(kv[1]))
    ]


#: A person turning 18 is a key date worked out from their date of birth; the team is alerted
#: this many days before, as care leavers' and adult services take longer to line up.
TURNING_18_ALERT_DAYS = 90


def _years_after(born: date, years: int) -> date:
    """The day `years` after `born` (29 February gives 1 March in a year with no leap day)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def turning_18(person, day=None) -> Transition | None:
    """The person's 18th birthday as a key date (not saved), if it is still ahead: it follows
    from the date of birth, so nobody types it."""
    day = day or timezone.localdate()
    if not person.date_of_birth:
        return None
    on = _years_after(person.date_of_birth, 18)
    if on < day:
        return None
    return Transition(
        person=person,
        kind=Transition.Kind.TURNING_18,
        happens_on=on,
        description="worked out from their date of birth",
        alert_days_before=TURNING_18_ALERT_DAYS,
    )


def key_dates(person, day=None) -> list[Transition]:
    """The person's key dates ahead and behind as recorded, with their 18th birthday worked out
    from the date of birth unless one was recorded by hand; in date order."""
    recorded = list(person.transitions.all())
    derived = turning_18(person, day)
    if derived and not any(t.kind == Transition.Kind.TURNING_18 for t in recorded):
        recorded.append(derived)
    return sorted(recorded, key=lambda t: (t.happens_on, t.pk or 0))


def transition_alerts(user, day=None):
    """Transitions whose alert window is open today, for people whose plan the user may see.

    Key dates are part of the plan: a sharing line that leaves the plan out leaves them out.
    The people named with each alert are logged here as seen in a list.
    """
    day = day or timezone.localdate()
    visible = access.persons_visible_to(user, section="plan").values("pk")
    alerts = [
        t
        for t in Transition.objects.filter(person__in=visible, happens_on__gte=day)
        .select_related("person")
        .order_by("happens_on")
        if t.alert_from <= day
    ]
    # People turning 18 within the alert window, worked out from their date of birth.
    typed = Transition.objects.filter(kind=Transition.Kind.TURNING_18, person__in=visible)
    young = (
        access.persons_visible_to(user, section="plan")
        .filter(
            date_of_birth__gt=_years_after(day, -18) - timedelta(days=1),
            date_of_birth__lte=_years_after(day + timedelta(days=TURNING_18_ALERT_DAYS), -18),
        )
        .exclude(pk__in=typed.values("person_id"))
    )
    alerts += [t for t in (turning_18(p, day) for p in young) if t is not None]
    alerts.sort(key=lambda t: t.happens_on)
    access.record_list(user, [t.person for t in alerts], purpose="transition alerts")
    return alerts


def outcomes_of(plan) -> list:
    """The plan's personal outcomes, each with its ratings (oldest first), latest rating and
    linked steps, in three queries whatever their number."""
    outcomes = list(plan.outcomes.prefetch_related("ratings", "steps"))
    for o in outcomes:
        o.rating_list = list(o.ratings.all())
        o.latest_rating = o.latest(o.rating_list)
        o.linked_steps = [s.title for s in o.steps.all()]
    return outcomes


def step_counts(cohort, start, end) -> tuple[int, int]:
    """For outcome indicators (counts only): (plan steps of the cohort done in [start, end),
    plan steps of the cohort open at some time in the period).

    Open in the period: not dropped and not done before it began. Steps carry no date of their
    own making, so a step open today counts as open in the period. A step marked done without
    a date is left out of both counts, since it cannot be placed in any period."""
    steps = (
        PlanStep.objects.filter(plan__person_id__in=cohort)
        .exclude(status=PlanStep.Status.DROPPED)
        .exclude(status=PlanStep.Status.DONE, done_on__isnull=True)
        .exclude(status=PlanStep.Status.DONE, done_on__lt=start)
    )
    done = steps.filter(status=PlanStep.Status.DONE, done_on__gte=start, done_on__lt=end)
    return done.count(), steps.count()


def outcome_ratings(person_ids, before):
    """(outcome, rated on, rating) for the personal outcomes of these people rated before a
    day, oldest first: for aggregate indicators only, never shown per person."""
    return (
        OutcomeRating.objects.filter(outcome__plan__person_id__in=person_ids, rated_on__lt=before)
        .order_by("outcome_id", "rated_on", "id")
        .values_list("outcome_id", "rated_on", "rating")
    )


def ratings_by_person(person_ids, before) -> list[tuple]:
    """(rating id, person id, personal outcome id, rated on, rating) for these people's
    personal outcomes rated before a day, oldest first per outcome: a claim's evidence, shown
    only through the access layer."""
    return list(
        OutcomeRating.objects.filter(
            outcome__plan__person_id__in=list(person_ids), rated_on__lt=before
        )
        .order_by("outcome_id", "rated_on", "id")
        .values_list("pk", "outcome__plan__person_id", "outcome_id", "rated_on", "rating")
    )


def steps_done_by_person(person_ids, start, end) -> list[tuple]:
    """(step id, person id, done on, owner id, owner name, title) for these people's plan steps
    marked done in [start, end), in the order they were done: the work behind a claimed
    outcome, and whose it was (owner None: the person did it themselves)."""
    return list(
        PlanStep.objects.filter(
            plan__person_id__in=list(person_ids),
            status=PlanStep.Status.DONE,
            done_on__gte=start,
            done_on__lt=end,
        )
        .order_by("done_on", "id")
        .values_list("pk", "plan__person_id", "done_on", "owner_id", "owner__name", "title")
    )


#: Steps still to do: neither done nor dropped.
OPEN_STEP = ~Q(status__in=[PlanStep.Status.DONE, PlanStep.Status.DROPPED])


def blocked_steps(user, persons) -> dict[int, list[PlanStep]]:
    """Each person's blocked plan steps, for people whose plan the user may see."""
    visible = access.persons_visible_to(user, section="plan").values("pk")
    steps = PlanStep.objects.filter(
        plan__person__in=persons, status=PlanStep.Status.BLOCKED
    ).filter(plan__person__in=visible)
    by_person: dict[int, list[PlanStep]] = {}
    for step in steps.select_related("plan").order_by("position", "id"):
        by_person.setdefault(step.plan.person_id, []).append(step)
    return by_person


def waiting_on_organisation(user, organisation_id, persons):
    """Open plan steps of these people that the organisation owns or that wait for it,
    due first then in the person's order: what is waiting on that organisation."""
    visible = access.persons_visible_to(user, section="plan").values("pk")
    return (
        PlanStep.objects.filter(OPEN_STEP, plan__person__in=persons)
        .filter(plan__person__in=visible)
        .filter(Q(owner_id=organisation_id) | Q(waiting_on_id=organisation_id))
        .select_related("plan__person", "owner", "waiting_on")
        .order_by(F("due_on").asc(nulls_last=True), "plan__person__last_name", "position")
    )
