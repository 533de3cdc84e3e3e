"""Claim pages: a provider assembles a claim from the evidence and submits it; a commissioner
who pays for the contract accepts, queries or rejects it with a reason and records the
payment. Thin: reads through `claim_queries`, changes through `claims`, who may through
`access`; a claim the user may not read is 404, an action their role may not take is 403."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from joinedup.commissioning import access, claim_queries, claims, fairplay
from joinedup.commissioning.claim_forms import DecisionForm, PaymentForm, PeriodForm
from joinedup.commissioning.claim_models import Claim

DAY = timedelta(days=1)
DECIDED = {
    "accept": "Claim accepted, to be paid.",
    "query": "Claim sent back with your question.",
    "reject": "Claim rejected.",
}


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def claim_new(request, contract_id):
    contract = claim_queries.contract_for(request.membership, contract_id)
    access.require(access.party_of(request.membership, contract) is not None, "make claims")
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        start, last = form.cleaned_data["period_start"], form.cleaned_data["period_last"]
        try:
            found = claims.assemble(request.membership, contract, start, last + DAY, request.user)
        except ValidationError as exc:
            _add_errors(form, _as_last_day(exc))
        else:
            messages.success(request, _found_words(found))
            return redirect("commissioning:claim", claim_id=found.claim.pk)
    return render(request, "commissioning/claims/new.html", {"form": form, "contract": contract})


def _as_last_day(exc: ValidationError) -> ValidationError:
    """The service speaks of the period's (half-open) end; the form asks for its last day."""
    if hasattr(exc, "error_dict") and "period_end" in exc.error_dict:
        errors = exc.message_dict
        errors["period_last"] = errors.pop("period_end")
        return ValidationError(errors)
    return exc


def _found_words(found: claims.Assembled) -> str:
    n = found.claim.lines.count()
    words = [f"Claim put together with {n} line{'s' if n != 1 else ''} found from the evidence."]
    for count, why in [
        (found.already_claimed, "already in another claim"),
        (found.capped_per_person, "past the most a person may be paid for"),
        (found.capped_by_contract, "past the contract's cap on outcome payments"),
    ]:
        if count:
            words.append(f"{count} left out: {why}.")
    words += [f"Not claimable: {why}." for why in found.not_evidenced]
    return " ".join(words)


def claim(request, claim_id, decision_form=None, payment_form=None):
    claim = claim_queries.claim_for(request.membership, claim_id)
    claimant = claim_queries.is_claimant(request.membership, claim)
    payer = access.pays_for(request.membership, claim.contract)
    decidable = claim.status in (Claim.Status.SUBMITTED, Claim.Status.QUERIED)
    context = {
        "claim": claim,
        "summary": claim_queries.summary(claim),
        "lines": claim_queries.lines_for_claimant(request.user, claim) if claimant else None,
        "claimant": claimant,
        "payer": payer,
        "timing": claim_queries.shown_timing(claim_queries.timing_of([claim])),
        "editable": claimant and claim.status in (Claim.Status.DRAFT, Claim.Status.QUERIED),
        "decision_form": (decision_form or DecisionForm()) if payer and decidable else None,
        "payment_form": (payment_form or PaymentForm())
        if payer and claim.status == Claim.Status.ACCEPTED
        else None,
        "problems": claims.evidence_problems(claim)
        if payer and claim.status == Claim.Status.SUBMITTED
        else [],
        "payment": getattr(claim, "payment", None) if claim.status == Claim.Status.PAID else None,
    }
    return render(request, "commissioning/claims/claim.html", context)


@require_POST
def claim_submit(request, claim_id):
    found = claim_queries.claim_for(request.membership, claim_id)
    try:
        claims.submit(request.membership, found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Claim sent to the commissioner.")
    return redirect("commissioning:claim", claim_id=found.pk)


@require_POST
def claim_reassemble(request, claim_id):
    found = claim_queries.claim_for(request.membership, claim_id)
    try:
        result = claims.reassemble(request.membership, found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _found_words(result))
    return redirect("commissioning:claim", claim_id=found.pk)


@require_POST
def claim_decide(request, claim_id):
    found = claim_queries.claim_for(request.membership, claim_id)
    access.require(access.pays_for(request.membership, found.contract), "decide claims")
    form = DecisionForm(request.POST)
    if form.is_valid():
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        try:
            if decision == "accept":
                claims.accept(request.membership, found, request.user, reason)
            else:
                getattr(claims, decision)(request.membership, found, reason, request.user)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, DECIDED[decision])
            return redirect("commissioning:claim", claim_id=found.pk)
    return claim(request, claim_id, decision_form=form)


@require_POST
def claim_pay(request, claim_id):
    found = claim_queries.claim_for(request.membership, claim_id)
    access.require(access.pays_for(request.membership, found.contract), "record payments")
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            claims.record_payment(
                request.membership,
                found,
                form.cleaned_data["paid_on"],
                form.cleaned_data["reference"],
                request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Payment recorded.")
            return redirect("commissioning:claim", claim_id=found.pk)
    return claim(request, claim_id, payment_form=form)


def market(request):
    """The local market: spend by sector, provider size and tier across every contract, and
    where payment on outcomes falls on the small."""
    access.require(access.reads_all(request.membership), "see the whole local market")
    contracts = access.contracts_for(request.membership).select_related("commissioner")
    warnings = [(c, w) for c in contracts for w in fairplay.pbr_warnings(c)]
    context = {"spend": fairplay.spend(contracts), "warnings": warnings}
    return render(request, "commissioning/claims/market.html", context)
