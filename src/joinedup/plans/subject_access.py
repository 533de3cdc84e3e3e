"""The support plan's part of a subject access export, and of anonymising a record."""

from joinedup.people.retention import redact, register_anonymiser
from joinedup.people.subject_access import register_exporter
from joinedup.plans.models import OutcomeRating, PersonalOutcome, PlanStep, SupportPlan


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


def _outcomes(person):
    return [
        {
            "in_their_words": o.words,
            "status": o.get_status_display(),
            "ratings": [
                {
                    "on": r.rated_on,
                    "rating": r.rating,
                    "by": r.get_rated_by_display(),
                    "note": r.note,
                }
                for r in o.ratings.all()
            ],  # fmt: skip
        }
        for o in PersonalOutcome.objects.filter(plan__person=person).prefetch_related("ratings")
    ]


def _anonymise(person):
    redact(SupportPlan.objects.filter(person=person), "what_matters")
    redact(PlanStep.objects.filter(plan__person=person), "title", "blocked_by")
    redact(person.transitions.all(), "description", "where_living", "who_meets")
    redact(PersonalOutcome.objects.filter(plan__person=person), "words")
    redact(OutcomeRating.objects.filter(outcome__plan__person=person), "note")


register_exporter(
    "what_matters", "What matters to them", _what_matters, models=["plans.SupportPlan"]
)
register_exporter("plan", "Support plan", _plan, models=["plans.PlanStep"])
register_exporter("key_dates", "Key dates", _key_dates, models=["plans.Transition"])
register_exporter(
    "outcomes",
    "What matters to them, and how close it is",
    _outcomes,
    models=["plans.PersonalOutcome", "plans.OutcomeRating"],
)
register_anonymiser(
    "plans",
    _anonymise,
    models=[
        "plans.SupportPlan", "plans.PlanStep", "plans.Transition",
        "plans.PersonalOutcome", "plans.OutcomeRating",
    ],
)  # fmt: skip
