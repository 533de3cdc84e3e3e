"""Claims under /api/v1/commissioning/: a contract's claims, one claim by rate-card outcome with
its timing, and the claim's life (assemble, submit, decide, pay). Aggregates only, for
everyone: counts of lines and people pass the one rule for small numbers (a hidden count is
the words of `joinedup.disclosure`); amounts are exact decimal strings, and an outcome's amount
is left out where its count is hidden. The lines, which name people, are
on the provider's claim page only, where the access layer shows them."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from joinedup.commissioning import claim_queries, claims
from joinedup.commissioning.claim_models import Claim

router = Router(tags=["commissioning"])


class OutcomeLinesOut(Schema):
    outcome: str
    stage: str
    price: Decimal
    lines: int | str
    people: int | str
    amount: Decimal | None  # hidden with a small count: price times count is the count
    evidence_found: str


class TimingOut(Schema):
    what: str
    counted: int | str
    unit: str
    median: str
    longest: str


class ClaimOut(Schema):
    id: int
    contract: str
    provider: str
    period_start: date
    period_end: date
    status: str
    submitted_at: datetime | None
    decided_at: datetime | None
    reason: str
    amount: Decimal
    lines: int | str
    people: int | str
    evidence_found: str
    paid_on: date | None
    outcomes: list[OutcomeLinesOut]
    timing: list[TimingOut]


class PeriodIn(Schema):
    period_start: date
    period_last: date


class DecisionIn(Schema):
    decision: Literal["accept", "query", "reject"]
    reason: str = ""


class PaymentIn(Schema):
    paid_on: date
    reference: str = ""


def _out(claim: Claim) -> dict:
    summary = claim_queries.summary(claim)
    payment = getattr(claim, "payment", None) if claim.status == Claim.Status.PAID else None
    return {
        "id": claim.pk,
        "contract": claim.contract.reference,
        "provider": str(claim.party.organisation),
        "period_start": claim.period_start,
        "period_end": claim.period_end,
        "status": claim.status,
        "submitted_at": claim.submitted_at,
        "decided_at": claim.decided_at,
        "reason": claim.reason,
        "amount": summary["amount"],
        "lines": summary["lines"],
        "people": summary["people"],
        "evidence_found": summary["evidence"],
        "paid_on": payment.paid_on if payment else None,
        "outcomes": [
            {
                "outcome": r["outcome"].name,
                "stage": r["outcome"].stage,
                "price": r["outcome"].price,
                "lines": r["lines"],
                "people": r["people"],
                "amount": r["amount"],
                "evidence_found": r["evidence"],
            }
            for r in summary["rows"]
        ],
        "timing": claim_queries.shown_timing(claim_queries.timing_of([claim])),
    }


def _claim(request, claim_id: int) -> Claim:
    return claim_queries.claim_for(request.membership, claim_id)


@router.get("/contracts/{contract_id}/claims/", response=list[ClaimOut])
def contract_claims(request: HttpRequest, contract_id: int):
    """The claims on a contract this user may read (a provider: its own)."""
    contract = claim_queries.contract_for(request.membership, contract_id)
    found = claim_queries.claims_for(request.membership).filter(contract=contract)
    return [_out(c) for c in found.select_related("contract", "party__organisation")]


@router.post("/contracts/{contract_id}/claims/", response={201: ClaimOut})
def assemble(request: HttpRequest, contract_id: int, period: PeriodIn):
    """Assemble a draft claim for the caller's organisation from the evidence for a period
    (its first and last day)."""
    contract = claim_queries.contract_for(request.membership, contract_id)
    end = period.period_last + timedelta(days=1)
    found = claims.assemble(request.membership, contract, period.period_start, end, request.user)
    return Status(201, _out(found.claim))


@router.get("/claims/{claim_id}/", response=ClaimOut)
def claim(request: HttpRequest, claim_id: int):
    """One claim, by rate-card outcome, with how long it took."""
    return _out(_claim(request, claim_id))


@router.post("/claims/{claim_id}/submit/", response=ClaimOut)
def submit(request: HttpRequest, claim_id: int):
    return _out(claims.submit(request.membership, _claim(request, claim_id)))


@router.post("/claims/{claim_id}/decision/", response=ClaimOut)
def decide(request: HttpRequest, claim_id: int, decision: DecisionIn):
    """Accept (only with evidence for every line), query or reject (each with a reason)."""
    found = _claim(request, claim_id)
    if decision.decision == "accept":
        claims.accept(request.membership, found, request.user, decision.reason)
    else:
        action = claims.query if decision.decision == "query" else claims.reject
        action(request.membership, found, decision.reason, request.user)
    return _out(_claim(request, claim_id))


@router.post("/claims/{claim_id}/payment/", response=ClaimOut)
def pay(request: HttpRequest, claim_id: int, payment: PaymentIn):
    """Record an accepted claim's payment in full."""
    found = _claim(request, claim_id)
    claims.record_payment(
        request.membership, found, payment.paid_on, payment.reference, request.user
    )
    return _out(_claim(request, claim_id))
