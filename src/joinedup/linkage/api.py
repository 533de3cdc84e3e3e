"""Linkage runs and the area's linked figures under /api/v1/linkage/: counts, never names."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema

from joinedup.linkage import queries
from joinedup.linkage.models import Run

router = Router(tags=["linkage"])


class RunOut(Schema):
    id: int
    status: str
    stage: str
    percent: int
    words: str
    backend: str
    match_threshold: float | None
    review_threshold: float
    stats: dict
    created_at: datetime
    finished_at: datetime | None


class AgenciesOut(Schema):
    agencies: str
    people: int


class AreaOut(Schema):
    people: int
    by_agencies: list[AgenciesOut]
    several_records: int
    three_plus: int
    three_plus_without_coordinator: int


def _check(request: HttpRequest) -> None:
    membership = getattr(request, "membership", None)
    if membership is None or not membership.rules.links_records:
        raise PermissionDenied("Your role cannot link agencies' records.")


@router.get("/runs/", response=list[RunOut])
def runs(request: HttpRequest):
    """The latest linkage runs, with their progress (as far as the background worker has got,
    in a percentage and in words) and what they found."""
    _check(request)
    return list(Run.objects.defer("model", "clusters").select_related("job")[:50])


@router.get("/area/", response=AreaOut)
def area(request: HttpRequest):
    """How many people the linked agency records show known to 1, 2, 3, 4+ agencies."""
    _check(request)
    return queries.area_figures()
