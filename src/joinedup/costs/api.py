"""The unit cost register under /api/v1/costs/: read-only, the figures and their versions."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from joinedup.costs import deflator, register

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
