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


class PlanOut(Schema):
    person_id: int
    what_matters: str
    steps: list[StepOut]


@router.get("/{id:person_id}/plan", response=PlanOut, url_name="plan")
def get_plan(request: HttpRequest, person_id: int):
    person, plan = services.plan_for(request.user, person_id, purpose="api plan")
    return {
        "person_id": person.pk,
        "what_matters": plan.what_matters,
        "steps": list(queries.steps_of(plan)),
    }
