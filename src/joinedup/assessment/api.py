"""Self-assessment results and barriers under /api/v1/: counts and remarks, never names."""

from datetime import date

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from joinedup.assessment import queries, rounds
from joinedup.assessment.models import Round

router = Router(tags=["assessment"])


class ElementResultOut(Schema):
    code: str
    theme: str
    title: str
    staff: float | None
    service_users: float | None
    target: float | None
    change: float | None


class RoundOut(Schema):
    id: int
    organisation: str
    service: str
    framework: str
    opened_on: date
    staff_responses: int
    service_user_responses: int
    elements: list[ElementResultOut]


class BarrierOut(Schema):
    id: int
    raised_on: date
    raised_by: str
    responsible: str | None
    category: str
    rule: str
    delay_days: int
    status: str
    system_issue: str | None


@router.get("/rounds/{id:round_id}", response=RoundOut, url_name="round")
def get_round(request: HttpRequest, round_id: int):
    round_ = Round.objects.select_related("framework", "organisation").filter(pk=round_id).first()
    membership = request.membership
    if round_ is None or not (
        membership.organisation_id == round_.organisation_id
        or not membership.rules.sees_personal_data
    ):
        raise Http404("No such round")
    result = rounds.results(round_)
    return {
        "id": round_.pk,
        "organisation": round_.organisation.name,
        "service": round_.service,
        "framework": round_.framework.name,
        "opened_on": round_.opened_on,
        "staff_responses": result["staff_responses"],
        "service_user_responses": result["service_user_responses"],
        "elements": [
            {
                "code": r.element.code,
                "theme": r.element.theme,
                "title": r.element.title,
                "staff": r.staff,
                "service_users": r.service_users,
                "target": r.target,
                "change": r.change,
            }
            for r in result["rows"]
        ],
    }


@router.get("/barriers", response=list[BarrierOut], url_name="barriers")
def list_barriers(request: HttpRequest):
    return [
        {
            "id": b.pk,
            "raised_on": b.raised_on,
            "raised_by": b.raised_by_organisation.name,
            "responsible": b.responsible.name if b.responsible else None,
            "category": b.category,
            "rule": b.rule,
            "delay_days": b.delay_days,
            "status": b.status,
            "system_issue": b.system_issue.title if b.system_issue else None,
        }
        for b in queries.barriers_for(request.membership)
    ]
