"""The support plan and key dates on the person's timeline."""

from joinedup.people.timeline import Entry, register_source


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
    for t in person.transitions.all():
        yield Entry(t.happens_on, "plan", t.get_kind_display(), "", t.description)


register_source("plan", "Support plan and key dates", _plan)
