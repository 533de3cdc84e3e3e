"""The commissioning API under /api/v1/commissioning/, read-only: pooled budgets by year and
contracts with their supply chain, risk, rate card and outcomes achieved (aggregates only)."""

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from joinedup.commissioning import access, monitoring, queries, risk

router = Router(tags=["commissioning"])


class ContributionOut(Schema):
    commissioner: str
    amount: Decimal
    share: Decimal


class PoolYearOut(Schema):
    year: int
    label: str
    total: Decimal
    committed: Decimal
    spent: Decimal
    contributions: list[ContributionOut]


class BudgetOut(Schema):
    id: int
    name: str
    purpose: str
    governance: str
    host: str
    years: list[PoolYearOut]


class PartyOut(Schema):
    provider: str
    tier: str
    value: Decimal
    at_risk: Decimal
    share_at_risk: Decimal
    over_cap: bool
    size: str


class OutcomeOut(Schema):
    name: str
    stage: str
    price: Decimal
    expected: int
    achieved: int | str
    paid: Decimal | None


class ContractOut(Schema):
    id: int
    reference: str
    title: str
    commissioner: str
    mechanism: str
    status: str
    starts_on: date
    ends_on: date
    value: Decimal
    upfront: Decimal
    paid: Decimal
    budget: str | None


class ContractDetailOut(ContractOut):
    risk_cap: Decimal
    warnings: list[str]
    supply_chain: list[PartyOut]
    outcomes: list[OutcomeOut]


def _readers(request):
    access.require(access.reads_all(request.membership), "see the area's commissioning")


def _contract(row) -> dict:
    c = row["contract"]
    return {
        "id": c.pk,
        "reference": c.reference,
        "title": c.title,
        "commissioner": str(c.commissioner),
        "mechanism": c.mechanism,
        "status": c.status,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "value": c.value,
        "upfront": c.upfront,
        "paid": row["paid"],
        "budget": str(c.budget) if c.budget_id else None,
    }


@router.get("/contracts/", response=list[ContractOut])
@paginate
def contracts(request: HttpRequest):
    """The contracts the caller may read: every contract for commissioners and analysts, a
    provider's own for a provider manager."""
    found = access.contracts_for(request.membership)
    return [_contract(row) for row in queries.contracts_table(found)]


@router.get("/contracts/{contract_id}/", response=ContractDetailOut)
def contract(request: HttpRequest, contract_id: int):
    access.require(access.reads_contracts(request.membership), "see contracts")
    found = get_object_or_404(access.contracts_for(request.membership), pk=contract_id)
    (row,) = queries.contracts_table(type(found).objects.filter(pk=found.pk))
    chain = risk.supply_chain(found)
    return {
        **_contract(row),
        "risk_cap": found.risk_cap,
        "warnings": risk.warnings(found, chain),
        "supply_chain": [
            {
                "provider": str(r.party.organisation),
                "tier": r.party.tier,
                "value": r.party.value,
                "at_risk": r.party.at_risk,
                "share_at_risk": r.share,
                "over_cap": r.over_cap,
                "size": r.size,
            }
            for r in chain
        ],
        "outcomes": [
            {
                "name": o["name"],
                "stage": o["stage"],
                "price": o["price"],
                "expected": o["expected"],
                "achieved": o["achieved"],
                "paid": o["amount"],
            }
            for o in monitoring.outcomes(found)
        ],
    }


def _budget(budget) -> dict:
    return {
        "id": budget.pk,
        "name": budget.name,
        "purpose": budget.purpose,
        "governance": budget.governance,
        "host": str(budget.host),
        "years": [
            {
                "year": y.year,
                "label": y.label,
                "total": y.total,
                "committed": y.committed,
                "spent": y.spent,
                "contributions": [
                    {"commissioner": str(who), "amount": amount, "share": part}
                    for who, amount, part in y.contributions
                ],
            }
            for y in queries.pool_years(budget)
        ],
    }


@router.get("/budgets/", response=list[BudgetOut])
@paginate
def budgets(request: HttpRequest):
    _readers(request)
    return [_budget(b) for b in access.budgets_for(request.membership).select_related("host")]


@router.get("/budgets/{budget_id}/", response=BudgetOut)
def budget(request: HttpRequest, budget_id: int):
    _readers(request)
    return _budget(get_object_or_404(access.budgets_for(request.membership), pk=budget_id))
