"""Outcome frameworks under /api/v1/: frameworks, versions, and each version's indicators
computed on the area's data. Aggregates only: counts pass the one rule for small numbers, so
a hidden count is the text "fewer than 10" (or "10 or more"; the area's threshold) and its
value is null."""

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from joinedup.measures import framework_queries as queries

router = Router(tags=["outcome frameworks"])


class VersionSummaryOut(Schema):
    id: int
    number: int
    status: str
    published_at: date | None


class FrameworkOut(Schema):
    id: int
    name: str
    commissioner: str
    versions: list[VersionSummaryOut]


class ResultOut(Schema):
    period_start: date
    period_end: date
    available: bool
    reason: str
    measure: str
    numerator: int | str | None
    denominator: int | str | None
    value: Decimal | None
    unit: str
    suppressed: bool


class IndicatorOut(Schema):
    id: int
    domain: str
    outcome: str
    name: str
    kind: str
    params: dict
    direction: str
    period_months: int
    rule: str
    population: str
    results: list[ResultOut]


class VersionOut(Schema):
    id: int
    framework: str
    number: int
    status: str
    population: str
    cohort: str
    service_qualities: list[str]
    coproduction_level: str | None
    coproduction_participants: list[dict]
    indicators: list[IndicatorOut]


def _summary(v) -> dict:
    published = timezone.localdate(v.published_at) if v.published_at else None
    return {"id": v.pk, "number": v.number, "status": v.status, "published_at": published}


@router.get("/", response=list[FrameworkOut], url_name="frameworks")
def list_frameworks(request: HttpRequest):
    """Frameworks with the versions this user may see (drafts only for their commissioners)."""
    return [
        {
            "id": f.pk,
            "name": f.name,
            "commissioner": f.commissioner.name,
            "versions": [_summary(v) for v in versions],
        }
        for f, versions, _ in queries.frameworks_for(request.membership)
    ]


def _result(r) -> dict:
    return {
        "period_start": r.period[0],
        "period_end": r.period[1],
        "available": r.available,
        "reason": r.reason,
        "measure": r.measure,
        "numerator": r.numerator_shown,
        "denominator": r.denominator_shown,
        "value": r.value_shown,
        "unit": r.unit,
        "suppressed": r.suppressed,
    }


@router.get("/versions/{id:version_id}", response=VersionOut, url_name="framework-version")
def get_version(request: HttpRequest, version_id: int):
    """A version, its indicators and their values for the latest complete periods."""
    version = queries.version_for(request.membership, version_id)
    record = getattr(version, "coproduction", None)
    rows = queries.report(version, timezone.localdate(), with_charts=False)
    return {
        "id": version.pk,
        "framework": version.framework.name,
        "number": version.number,
        "status": version.status,
        "population": version.population,
        "cohort": version.cohort_words,
        "service_qualities": [q.statement for q in version.service_qualities.all()],
        "coproduction_level": record.level if record else None,
        "coproduction_participants": record.participants if record else [],
        "indicators": [
            {
                "id": row.indicator.pk,
                "domain": row.domain.name,
                "outcome": row.outcome.statement,
                "name": row.indicator.name,
                "kind": row.indicator.kind,
                "params": row.indicator.params,
                "direction": row.indicator.direction,
                "period_months": row.indicator.period_months,
                "rule": row.latest.rule,
                "population": row.latest.population,
                "results": [_result(r) for r in row.results],
            }
            for row in rows
        ],
    }
