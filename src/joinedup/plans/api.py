from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from joinedup.plans import queries, services

router = Router(tags=["plans"])


class StepOut(Schema):
    id: int
    position: int
    title: str
    area: str
    owner: str | None
    status: str
    blocked_by: str
    waits_for: list[str]
    due_on: date | None
    done_on: date | None
    done_out_of_sequence: bool
    version: int

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.name if obj.owner else None


class RatingOut(Schema):
    rated_on: date
    rating: int
    rated_by: str
    note: str


class OutcomeOut(Schema):
    id: int
    words: str
    status: str
    written_by: str
    step_ids: list[int]
    ratings: list[RatingOut]

    @staticmethod
    def resolve_step_ids(obj):
        return [s.pk for s in obj.steps.all()]

    @staticmethod
    def resolve_ratings(obj):
        return obj.rating_list


class PlanOut(Schema):
    person_id: int
    what_matters: str
    steps: list[StepOut]
    outcomes: list[OutcomeOut]


@router.get("/{id:person_id}/plan", response=PlanOut, url_name="plan")
def get_plan(request: HttpRequest, person_id: int):
    person, plan = services.plan_for(request.user, person_id, purpose="api plan")
    return {
        "person_id": person.pk,
        "what_matters": plan.what_matters,
        "steps": list(queries.steps_of(plan)),
        "outcomes": queries.outcomes_of(plan),
    }


@router.get("/{id:person_id}/outcomes", response=list[OutcomeOut], url_name="outcomes")
def get_outcomes(request: HttpRequest, person_id: int):
    """What matters to the person, in their words, with every rating over time."""
    _, plan = services.plan_for(request.user, person_id, purpose="api personal outcomes")
    return queries.outcomes_of(plan)
