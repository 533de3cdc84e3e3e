from joinedup.people.subject_access import register_exporter


def _what_matters(person):
    plan = getattr(person, "support_plan", None)
    return [{"in_their_words": plan.what_matters}] if plan and plan.what_matters else []


def _plan(person):
    plan = getattr(person, "support_plan", None)
    if plan is None:
        return []
    return [
        {
            "step": s.position,
            "title": s.title,
            "area": s.get_area_display(),
            "owner": s.owner.name if s.owner else "The person",
            "status": s.get_status_display(),
            "blocked_by": s.blocked_by,
            "due": s.due_on,
            "done": s.done_on,
        }
        for s in plan.steps.select_related("owner")
    ]


def _key_dates(person):
    return [
        {
            "what": t.get_kind_display(),
            "on": t.happens_on,
            "details": t.description,
            "living": t.where_living,
            "met_by": t.who_meets,
        }
        for t in person.transitions.all()
    ]


register_exporter("what_matters", "What matters to them", _what_matters)
register_exporter("plan", "Support plan", _plan)
register_exporter("key_dates", "Key dates", _key_dates)
