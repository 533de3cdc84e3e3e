"""The support plan and key dates on the person's timeline, and key dates as alerts."""

from django.utils import timezone

from joinedup.people import alerts
from joinedup.people.timeline import Entry, register_source
from joinedup.plans import queries


def _plan(person, user):
    plan = getattr(person, "support_plan", None)
    if plan is not None:
        for step in plan.steps.select_related("owner"):
            owner = step.owner.name if step.owner else "the person"
            yield Entry(
                step.updated_at.date(),
                "plan",
                f"Plan step: {step.title}",
                owner,
                step.get_status_display(),
            )
            if step.done_on:
                yield Entry(step.done_on, "plan", f"Done: {step.title}", owner)
        for o in plan.outcomes.prefetch_related("ratings"):
            for r in o.ratings.all():
                title = f"“{o.words}”: {r.rating} of 10"
                yield Entry(r.rated_on, "plan", title, "", r.get_rated_by_display())
    for t in person.transitions.all():
        yield Entry(t.happens_on, "plan", t.get_kind_display(), "", t.description)


register_source("plan", "Support plan and key dates", _plan)


def _key_dates_ahead(person) -> list[str]:
    today = timezone.localdate()
    alerts = []
    # key_dates adds the 18th birthday worked out from the date of birth, as the caseload does.
    for t in queries.key_dates(person, today):
        if t.happens_on >= today and t.alert_from <= today:
            gap = f" The plan does not yet say {' or '.join(t.gaps)}." if t.gaps else ""
            alerts.append(f"{t.get_kind_display()} on {t.happens_on:%-d %B}.{gap}")
    return alerts


alerts.register(_key_dates_ahead)
