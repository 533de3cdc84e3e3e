"""Claims: a provider's claim assembled from the evidence the platform holds, submitted, then
accepted, queried or rejected with a reason by a commissioner who pays for the contract, and
paid. One function per use case; each checks who may do it (`access`) and the state the claim
is in, and changes nothing unless everything holds.

Caps: a rate-card outcome is paid at most `per_person` times for one person over the whole
contract, and the rate card pays at most `Contract.outcome_cap` in all; a line that would pass
the cap is paid up to it, and lines after it are left out (and said so). Every claim that is
not rejected counts against both, drafts included, so two claims cannot pay one outcome twice.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.commissioning import access, caps, evidence
from joinedup.commissioning.claim_models import Claim, ClaimLine, Payment
from joinedup.commissioning.models import Contract
from joinedup.people import queries as people_queries

#: Claims that count against caps and against claiming the same outcome twice.
#: A draft does not count: one provider's unsent drafts must not use up the caps for others.
#: Its lines are found again, against the counting claims, when it is submitted.
COUNTING = [s for s in Claim.Status.values if s not in (Claim.Status.REJECTED, Claim.Status.DRAFT)]


@dataclass
class Assembled:
    """What assembling found: the claim, and what was left out and why."""

    claim: Claim
    capped_per_person: int = 0
    capped_by_contract: int = 0
    already_claimed: int = 0
    not_evidenced: list[str] = field(default_factory=list)


def _party(membership, contract):
    party = access.party_of(membership, contract)
    if party is None:
        raise PermissionDenied("Only a provider in this contract can make a claim on it.")
    return party


def _check_period(contract: Contract, start: date, end: date, today: date) -> None:
    errors = {}
    if start >= end:
        errors["period_end"] = "The period must end after it starts"
    elif end > today:
        errors["period_end"] = "The period has not ended yet: claim once it is over"
    elif start < contract.starts_on:
        errors["period_start"] = (
            f"The period starts before the contract ({contract.starts_on:%-d %B %Y})"
        )
    elif end > contract.ends_on + timedelta(days=1):
        errors["period_end"] = f"The period ends after the contract ({contract.ends_on:%-d %B %Y})"
    if errors:
        raise ValidationError(errors)


def assemble(membership, contract: Contract, start: date, end: date, user=None) -> Assembled:
    """A new draft claim by the membership's organisation for [start, end), its lines found
    from the evidence for the people it served in the period."""
    party = _party(membership, contract)
    if contract.status == Contract.Status.DRAFT:
        raise ValidationError("The contract is still being drawn up: nothing can be claimed yet.")
    _check_period(contract, start, end, timezone.localdate())
    with transaction.atomic():
        Contract.objects.select_for_update().get(pk=contract.pk)  # one claim's caps at a time
        claim = Claim.objects.create(
            contract=contract, party=party, period_start=start, period_end=end, created_by=user
        )
        return _fill(claim)


def reassemble(membership, claim: Claim) -> Assembled:
    """Find a draft's or a queried claim's evidence again, replacing its lines."""
    if _party(membership, claim.contract) != claim.party:
        raise PermissionDenied("Only the provider that made the claim can change it.")
    with transaction.atomic():
        Contract.objects.select_for_update().get(pk=claim.contract_id)
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.status not in (Claim.Status.DRAFT, Claim.Status.QUERIED):
            raise ValidationError("Only a claim being put together or queried can be changed.")
        claim.lines.all().delete()
        return _fill(claim)


def _fill(claim: Claim) -> Assembled:
    contract = claim.contract
    result = Assembled(claim)
    rate_card = list(contract.rate_card.select_related("indicator"))
    if not rate_card:
        raise ValidationError("The contract has no rate card: there is nothing to claim for.")
    served = people_queries.served_by(
        [claim.party.organisation_id], claim.period_start, claim.period_end
    )
    others = ClaimLine.objects.filter(claim__contract=contract, claim__status__in=COUNTING).exclude(
        claim=claim
    )
    found = []
    for outcome in rate_card:
        ok, why = evidence.can_evidence(outcome.indicator)
        if not ok:
            result.not_evidenced.append(f"{outcome.name}: {why}")
            continue
        for a in evidence.find(outcome.indicator, served, claim.period_start, claim.period_end):
            found.append((a.on, outcome.position, outcome.pk, a.person_id, outcome, a))
    candidates = [
        caps.Candidate(outcome.pk, person_id, on, outcome.price, outcome.per_person, (outcome, a))
        for on, _, _, person_id, outcome, a in sorted(found, key=lambda f: f[:4])
    ]
    earlier = others.values_list("outcome_id", "person_id", "achieved_on", "amount")
    # With no cap of its own, the rate card can never pay more than the value less what was
    # paid up front.
    cap = contract.outcome_cap
    if cap is None:
        cap = contract.value - contract.upfront
    priced = caps.price(candidates, earlier, cap)
    result.already_claimed = priced.already_claimed
    result.capped_per_person = priced.capped_per_person
    result.capped_by_contract = priced.capped_by_contract
    lines = [
        ClaimLine(
            claim=claim,
            outcome=c.payload[0],
            person_id=c.person_id,
            achieved_on=c.on,
            amount=amount,
            evidence=list(c.payload[1].records),
        )
        for c, amount in priced.lines
    ]
    ClaimLine.objects.bulk_create(lines)
    return result


def submit(membership, claim: Claim) -> Claim:
    """Send the claim to the commissioner. The first submission's time is kept: a claim
    queried and sent again has been waiting since then."""
    if _party(membership, claim.contract) != claim.party:
        raise PermissionDenied("Only the provider that made the claim can submit it.")
    with transaction.atomic():
        Contract.objects.select_for_update().get(pk=claim.contract_id)  # caps, one at a time
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.status not in (Claim.Status.DRAFT, Claim.Status.QUERIED):
            raise ValidationError("This claim has already been submitted.")
        # Found again against the claims that count, so the caps hold when it is sent.
        claim.lines.all().delete()
        _fill(claim)
        if not claim.lines.exists():
            raise ValidationError("The claim has no lines: there is nothing to submit.")
        claim.status = Claim.Status.SUBMITTED
        claim.submitted_at = claim.submitted_at or timezone.now()
        claim.save(update_fields=["status", "submitted_at"])
    return claim


def _payer(membership, claim: Claim) -> None:
    if not access.pays_for(membership, claim.contract):
        raise PermissionDenied("Only a commissioner who pays for this contract can decide claims.")


def evidence_problems(claim: Claim) -> list[str]:
    """Why the claim cannot be accepted on its evidence, line by line, found again now: a line
    with no records, or whose records no longer show the outcome (a reading deleted, a step
    reopened), is a problem. Empty when every line stands. Names no person."""
    lines = list(claim.lines.select_related("outcome__indicator"))
    if not lines:
        return ["The claim has no lines."]
    problems = []
    by_outcome: dict[int, list[ClaimLine]] = {}
    for line in lines:
        if not line.has_evidence:
            problems.append(f"A line for “{line.outcome.name}” has no evidence.")
        else:
            by_outcome.setdefault(line.outcome_id, []).append(line)
    for group in by_outcome.values():
        outcome = group[0].outcome
        still = {
            (a.person_id, a.on)
            for a in evidence.find(
                outcome.indicator,
                {line.person_id for line in group},
                claim.period_start,
                claim.period_end,
            )
        }
        lost = sum(1 for line in group if (line.person_id, line.achieved_on) not in still)
        if lost:
            problems.append(
                f"The evidence for “{outcome.name}” is no longer found for "
                f"{'one line' if lost == 1 else f'{lost} lines'}."
            )
    return problems


def accept(membership, claim: Claim, user=None, reason: str = "") -> Claim:
    """Accept a submitted claim, to be paid. A claim without evidence cannot be accepted:
    every line must carry records, and they must still show the outcome now."""
    _payer(membership, claim)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != Claim.Status.SUBMITTED:
            raise ValidationError("Only a submitted claim can be accepted.")
        problems = evidence_problems(claim)
        if problems:
            raise ValidationError(
                {"decision": ["A claim without evidence cannot be accepted.", *problems]}
            )
        return _decide(claim, Claim.Status.ACCEPTED, user, reason.strip())


def query(membership, claim: Claim, reason: str, user=None) -> Claim:
    """Send a submitted claim back to the provider with a question."""
    _payer(membership, claim)
    reason = _reason(reason, "query")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != Claim.Status.SUBMITTED:
            raise ValidationError("Only a submitted claim can be queried.")
        return _decide(claim, Claim.Status.QUERIED, user, reason)


def reject(membership, claim: Claim, reason: str, user=None) -> Claim:
    """Refuse a submitted or queried claim, with the reason the provider will read."""
    _payer(membership, claim)
    reason = _reason(reason, "reject")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.status not in (Claim.Status.SUBMITTED, Claim.Status.QUERIED):
            raise ValidationError("Only a submitted or queried claim can be rejected.")
        return _decide(claim, Claim.Status.REJECTED, user, reason)


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Say why you {what} the claim: the provider reads it"})
    return reason


def _decide(claim: Claim, status: str, user, reason: str) -> Claim:
    claim.status = status
    claim.decided_at = timezone.now()
    claim.decided_by = user
    claim.reason = reason
    claim.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    return claim


def record_payment(membership, claim: Claim, paid_on: date, reference: str = "", user=None):
    """Record that an accepted claim was paid, in full (its total, to the penny)."""
    _payer(membership, claim)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != Claim.Status.ACCEPTED:
            raise ValidationError("Only an accepted claim can be paid.")
        submitted = timezone.localdate(claim.submitted_at) if claim.submitted_at else None
        if paid_on > timezone.localdate():
            raise ValidationError({"paid_on": "The payment date is in the future"})
        if submitted and paid_on < submitted:
            raise ValidationError(
                {
                    "paid_on": "The payment date is before the claim was made "
                    f"({submitted:%-d %B %Y})"
                }
            )
        payment = Payment.objects.create(
            contract=claim.contract,
            party=claim.party,
            claim=claim,
            kind=Payment.Kind.OUTCOMES,
            paid_on=paid_on,
            amount=claim.total,
            reference=reference.strip()[:100],
            recorded_by=user,
        )
        claim.status = Claim.Status.PAID
        claim.save(update_fields=["status"])
    return payment
