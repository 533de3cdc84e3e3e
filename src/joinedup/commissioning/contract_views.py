"""Contract pages: the contract with its supply chain and risks, and the forms that build it.
Every change goes through `services`, which checks that the user's organisation pays for it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup import exports
from joinedup.commissioning import access, monitoring, queries, risk, services, tables
from joinedup.commissioning import money_charts as charts
from joinedup.commissioning.forms import BreakForm, ContractForm, OutcomeForm, PartyForm
from joinedup.commissioning.models import Contract, Party
from joinedup.commissioning.views import apply_errors, form_page
from joinedup.costs import pdf


def readable(request, pk: int) -> Contract:
    """The contract if this user may read it: 403 for a role that reads no contracts, 404 for
    one this provider is not in (so a rival learns nothing of it)."""
    access.require(access.reads_contracts(request.membership), "see contracts")
    return get_object_or_404(
        access.contracts_for(request.membership).select_related(
            "commissioner", "budget", "exercise", "service"
        ),
        pk=pk,
    )


def back_to(contract):
    return (reverse("commissioning:contract", args=[contract.pk]), f"Back to {contract.reference}")


def contract(request, contract_id: int):
    contract = readable(request, contract_id)
    rows = risk.supply_chain(contract)
    membership = request.membership
    context = {
        "contract": contract,
        "chain": rows,
        "warnings": risk.warnings(contract, rows),
        "risk_chart": charts.share_at_risk(rows, contract.risk_cap),
        "terms": risk.payment_terms(contract),
        "full_cost": risk.full_cost(contract),
        "breaks": contract.breaks.all(),
        "rate_card": contract.rate_card.select_related("indicator"),
        "monitoring": monitoring.outcomes(contract),
        "satisfaction": monitoring.satisfaction(contract),
        "people_supported": queries.people_supported_shown(contract),
        "learning_reviews": contract.learning_reviews.prefetch_related("system_issues"),
        "decisions": contract.decisions.all(),
        "reminders": queries.reminders(Contract.objects.filter(pk=contract.pk)),
        "pays": access.pays_for(membership, contract),
        "party": access.party_of(membership, contract),
        "reads_all": access.reads_all(membership),
        "pdf_missing": pdf.missing(),
    }
    return render(request, "commissioning/contract.html", context)


def contract_new(request):
    access.require(access.commissions(request.membership), "let a contract")
    form = ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.save_contract(request.membership, form.save(commit=False))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"{contract.reference}: saved. Now add the providers in its supply chain."
            )
            return redirect("commissioning:contract", contract_id=contract.pk)
    back = (reverse("commissioning:index"), "Back to commissioning")
    explain = (
        "Your organisation lets the contract. Payment by results, outcome-based contracts and "
        "social impact bonds pay some or all of the value on outcomes: add their rate card "
        "next. A learning partnership agrees purposes instead of targets."
    )
    return form_page(request, form, "Let a contract", back, explain)


def contract_edit(request, contract_id: int):
    contract = readable(request, contract_id)
    access.require(access.pays_for(request.membership, contract), "change this contract")
    form = ContractForm(request.POST or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_contract(request.membership, form.save(commit=False))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{contract.reference}: saved.")
            return redirect("commissioning:contract", contract_id=contract.pk)
    return form_page(request, form, f"Change {contract.reference}", back_to(contract))


def party_new(request, contract_id: int):
    contract = readable(request, contract_id)
    access.require(access.pays_for(request.membership, contract), "change this supply chain")
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_party(request.membership, contract, form.save(commit=False))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(reverse("commissioning:contract", args=[contract.pk]) + "#supply-chain")
    explain = (
        "Each provider's share of the value, and how much of that share is paid only when "
        "outcomes are achieved. The page then shows the share of each provider's income at "
        "risk against the cap, so risk passed down the chain is visible."
    )
    return form_page(
        request, form, f"Add a provider to {contract.reference}", back_to(contract), explain
    )


@require_POST
def party_remove(request, contract_id: int, party_id: int):
    contract = readable(request, contract_id)
    party = get_object_or_404(Party, pk=party_id, contract=contract)
    try:
        services.remove_party(request.membership, party)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{party.organisation} is no longer in the supply chain.")
    return redirect(reverse("commissioning:contract", args=[contract.pk]) + "#supply-chain")


def break_new(request, contract_id: int):
    contract = readable(request, contract_id)
    access.require(access.pays_for(request.membership, contract), "change this contract")
    form = BreakForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_break(request.membership, contract, form.save(commit=False))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(reverse("commissioning:contract", args=[contract.pk]) + "#term")
    explain = (
        "A date on which the contract may end early. Commissioning shows a reminder from the "
        "day you choose, before the notice is due."
    )
    return form_page(
        request, form, f"Add a break clause to {contract.reference}", back_to(contract), explain
    )


def outcome_new(request, contract_id: int):
    contract = readable(request, contract_id)
    access.require(access.pays_for(request.membership, contract), "change this rate card")
    form = OutcomeForm(request.POST or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_outcome(request.membership, contract, form.save(commit=False))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(reverse("commissioning:contract", args=[contract.pk]) + "#rate-card")
    explain = (
        "Each outcome is defined on an indicator of a published outcome framework, so claims "
        "are evidenced from the platform's own records. Interim outcomes pay sooner and lower "
        "the working capital a provider needs."
    )
    return form_page(
        request,
        form,
        f"Add an outcome to the rate card of {contract.reference}",
        back_to(contract),
        explain,
    )


def contract_pdf(request, contract_id: int):
    """The contract summary as a PDF: the print page's own HTML through WeasyPrint."""
    contract = readable(request, contract_id)
    missing = pdf.missing()
    if missing:
        return HttpResponse(missing, status=503, content_type="text/plain; charset=utf-8")
    rows = risk.supply_chain(contract)
    context = {
        "contract": contract,
        "chain": rows,
        "warnings": risk.warnings(contract, rows),
        "terms": risk.payment_terms(contract),
        "full_cost": risk.full_cost(contract),
        "breaks": contract.breaks.all(),
        "rate_card": contract.rate_card.select_related("indicator"),
        "monitoring": monitoring.outcomes(contract),
        "decisions": contract.decisions.all(),
        "people_supported": queries.people_supported_shown(contract),
        "today": timezone.localdate(),
    }
    html = render(request, "commissioning/contract_print.html", context).content.decode()
    response = HttpResponse(pdf.render(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="contract-{contract.pk}.pdf"'
    return response


def contracts_export(request, fmt: str):
    access.require(access.reads_all(request.membership), "download the area's contracts")
    header, rows = tables.contracts(access.contracts_for(request.membership))
    return exports.table_response("contracts", header, rows, fmt)


def contract_export(request, contract_id: int, table: str, fmt: str):
    contract = readable(request, contract_id)
    if table not in tables.CONTRACT_TABLES:
        raise Http404("No such table")
    header, rows = tables.CONTRACT_TABLES[table](contract)
    return exports.table_response(f"{contract.reference}-{table}", header, rows, fmt)
