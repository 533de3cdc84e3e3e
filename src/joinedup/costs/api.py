"""The costs API under /api/v1/costs/, read-only: the unit cost register with its versions, and
cohort cost analyses as aggregates (the page's own figures, through disclosure control)."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from joinedup.costs import analysis as cost_analysis
from joinedup.costs import atrisk, deflator, register
from joinedup.costs.analysis_forms import AnalysisForm

router = Router(tags=["costs"])


class UnitCostOut(Schema):
    kind: str
    department: str
    unit_cost: Decimal


class RegisterOut(Schema):
    version: int
    price_year: int
    price_year_label: str
    description: str
    deflator_source: str
    unit_costs: list[UnitCostOut]


class VersionOut(Schema):
    number: int
    made_at: datetime
    action: str
    kind: str
    reason: str


class RegisterQuery(Schema):
    version: int | None = None
    price_year: int | None = None


def _check(request: HttpRequest) -> None:
    membership = getattr(request, "membership", None)
    if membership is None or not (
        not membership.rules.sees_personal_data or membership.rules.administers
    ):
        raise PermissionDenied("Your role cannot see the unit cost register.")


@router.get("/register/", response=RegisterOut)
def register_view(request: HttpRequest, query: Query[RegisterQuery]):
    """The chosen unit cost of every kind at a register version (default the latest), uprated
    to a price year (default the latest the GDP deflator covers; 2023 means 2023-24)."""
    _check(request)
    try:
        priced = register.priced(price_year=query.price_year, version=query.version)
    except (register.EmptyRegister, register.UnknownVersion) as missing:
        raise HttpError(404, str(missing)) from missing
    except deflator.UnknownYear as why:
        raise HttpError(422, str(why)) from why
    return {
        "version": priced.version,
        "price_year": priced.price_year,
        "price_year_label": deflator.label(priced.price_year),
        "description": priced.describe(),
        "deflator_source": deflator.SOURCE,
        "unit_costs": priced.unit_costs,
    }


@router.get("/register/versions/", response=list[VersionOut])
def versions(request: HttpRequest):
    """Every register version, newest first: when, what changed and why."""
    _check(request)
    return register.versions()


# The cohort cost analysis: aggregates only, the page's own figures ---------------------------

Count = int | str  # a count through `joinedup.disclosure`: the number or "fewer than 10"


class AnalysisQuery(Schema):
    #: Optional here so the role is checked first; the analysis form names it when missing.
    cohort: str | None = None
    accepted_from: date | None = None
    accepted_to: date | None = None
    coordinator: int | None = None
    organisation: int | None = None
    locality: int | None = None
    uploaded: int | None = None
    months: int = 12
    handling: str = atrisk.EXCLUDE
    price_year: int | None = None
    compare: bool = True
    declined: bool = True


class DepartmentOut(Schema):
    department: str
    baseline: Decimal
    follow_up: Decimal
    change: Decimal
    change_percent: Decimal | None


class PeriodOut(Schema):
    period: int
    label: str
    people: Count
    shown: bool
    baseline: Decimal | None
    follow_up: Decimal | None
    change: Decimal | None
    change_percent: Decimal | None


class ComparisonDepartmentOut(Schema):
    department: str
    supported_change: Decimal
    comparison_change: Decimal
    credited_change: Decimal


class ComparisonOut(Schema):
    pairs: Count
    unmatched: Count
    pairs_left_out: Count
    pool_size: Count
    shown: bool
    #: Money only when at least the disclosure threshold of pairs are compared.
    supported_change: Decimal | None
    comparison_change: Decimal | None
    credited_change: Decimal | None
    balanced: bool | None
    sentences: list[str]
    departments: list[ComparisonDepartmentOut]


class DeclinedOut(Schema):
    turned_away: Count
    counted: Count
    returned: Count | None
    returned_with_higher_need: Count | None
    sentences: list[str]
    departments: list[DepartmentOut]


class AnalysisOut(Schema):
    cohort: str
    cohort_size: Count
    counted: Count
    months: int
    handling: str
    register_version: int
    price_year: int
    price_year_label: str
    register_description: str
    shown: bool
    departments: list[DepartmentOut]
    total: DepartmentOut | None
    sentences: list[str]
    periods: list[PeriodOut]
    comparison: ComparisonOut | None
    declined: DeclinedOut | None


def _department(row) -> dict:
    return {
        "department": row["name"],
        "baseline": row["baseline"],
        "follow_up": row["follow_up"],
        "change": row["change"],
        "change_percent": row.get("percent"),
    }


def _comparison(matched) -> dict | None:
    if matched is None:
        return None
    counts = dict(matched.accounted())
    values = list(counts.values())
    rows = matched.departments()
    total = rows[-1] if rows else None
    return {
        "pairs": values[0],
        "unmatched": values[1],
        "pairs_left_out": values[2],
        "pool_size": values[3],
        "shown": matched.shown,
        "supported_change": total and total["change"],
        "comparison_change": total and total["comparison_change"],
        "credited_change": total and total["credited"],
        "balanced": matched.balanced() if matched.shown else None,
        "sentences": matched.sentences(),
        "departments": [
            {
                "department": r["name"],
                "supported_change": r["change"],
                "comparison_change": r["comparison_change"],
                "credited_change": r["credited"],
            }
            for r in rows
        ],
    }


def _declined(away) -> dict | None:
    if away is None:
        return None
    counts = away.accounted()
    back, higher = away.returns() if away.shown else (None, None)
    return {
        "turned_away": counts[0][1],
        "counted": counts[1][1],
        "returned": back,
        "returned_with_higher_need": higher,
        "sentences": away.sentences(),
        "departments": [_department(r) for r in away.departments()],
    }


def _form_errors(form) -> str:
    """Each fault named by its parameter: "accepted_from: Enter the first day of the period"."""
    return "; ".join(
        f"{field}: {message}" for field, messages in form.errors.items() for message in messages
    )


@router.get("/analysis", response=AnalysisOut)
def analysis_view(request: HttpRequest, query: Query[AnalysisQuery]):
    """A cohort's cost analysis, as the page shows it: departments, totals and follow-up periods
    against the baseline, the register version and price year, the matched comparison and the
    people turned away. Aggregates only; every count through disclosure control. For
    commissioners and analysts (roles that never see named people)."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.rules.sees_personal_data:
        raise PermissionDenied("Only commissioners and analysts see the area's cost analysis.")
    params = {k: v for k, v in query.dict().items() if v is not None and v is not False}
    form = AnalysisForm(
        {k: ("on" if v is True else str(v)) for k, v in params.items()},
        organisation_id=membership.organisation_id,
    )
    if not form.is_valid():
        raise HttpError(422, _form_errors(form))
    result, priced = cost_analysis.from_form(form, request.user, membership.organisation_id)
    if result is None:
        raise HttpError(422, _form_errors(form))
    departments = [_department(r) for r in result.departments]
    return {
        "cohort": result.cohort.label,
        "cohort_size": result.size,
        "counted": result.accounted()[0][1],
        "months": result.months,
        "handling": result.handling,
        "register_version": priced.version,
        "price_year": priced.price_year,
        "price_year_label": deflator.label(priced.price_year),
        "register_description": result.register,
        "shown": result.shown,
        "departments": departments[:-1],
        "total": departments[-1] if departments else None,
        "sentences": result.sentences(),
        "periods": [{**row, "change_percent": row["percent"]} for row in result.by_period()],
        "comparison": _comparison(result.matched),
        "declined": _declined(result.turned_away),
    }
