"""A contract's cash flow page: monthly costs against payments under its mechanism, the working
capital it needs, and the same contract under other mechanisms in one chart; with each
mechanism's SPEC.json and MONTHS.csv to check with `joinedup cashflow`."""

import json
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.shortcuts import render

from joinedup.commissioning import cashflow, charts, contract_cashflow, terms
from joinedup.commissioning.contract_views import readable
from joinedup.commissioning.forms import CashflowForm

LABELS = dict(terms.Mechanism.choices)


def _form(request, contract):
    choices = [(m, LABELS[m]) for m in contract_cashflow.COMPARABLE if m != contract.mechanism]
    data = request.GET if request.GET else None
    form = CashflowForm(
        data,
        contract=contract,
        choices=choices,
        initial={"achieved": 100, "first_month": 4, "compare": [terms.Mechanism.BLOCK]},
    )
    if data is None:
        chosen, assume = [terms.Mechanism.BLOCK], contract_cashflow.Assumptions()
        return form, chosen, assume
    if not form.is_valid():
        return form, None, None
    party = None
    if form.cleaned_data["party"]:
        party = contract.parties.filter(pk=form.cleaned_data["party"]).first()
    assume = contract_cashflow.Assumptions(
        achieved=Decimal(form.cleaned_data["achieved"]) / 100,
        first_month=form.cleaned_data["first_month"],
        party=party,
    )
    return form, form.cleaned_data["compare"], assume


def contract_cashflow_page(request, contract_id: int):
    contract = readable(request, contract_id)
    form, chosen, assume = _form(request, contract)
    context = {"contract": contract, "form": form, "query": request.GET.urlencode()}
    if chosen is not None:
        result = contract_cashflow.compare(contract, chosen, assume)
        table = charts.balance_table(result.results, result.labels)
        context.update(
            result=result,
            chart=charts.draw(result.results, result.labels),
            table=table,
            summary=[
                {
                    "key": key,
                    "label": result.labels[key],
                    "working_capital": result.working_capital[key],
                    "income": result.income[key],
                    "on_outcomes": result.on_outcomes[key],
                }
                for key in result.results
            ],
            assume=assume,
            estimated_cost=contract.monthly_cost is None,
        )
    return render(request, "commissioning/cashflow.html", context)


def contract_cashflow_file(request, contract_id: int, mechanism: str, kind: str):
    """SPEC.json or MONTHS.csv of one mechanism, under the page's assumptions."""
    contract = readable(request, contract_id)
    if mechanism not in contract_cashflow.ENGINE.values():
        raise Http404("No such mechanism")
    form, chosen, assume = _form(request, contract)
    if chosen is None:
        raise Http404("Those assumptions are not valid")
    from joinedup.commissioning import mechanisms

    spec = mechanisms.spec_for(contract_cashflow.terms_for(contract, assume), mechanism)
    name = f"{contract.reference}-{mechanism}"
    if kind == "spec":
        response = HttpResponse(
            json.dumps(cashflow.to_json(spec), indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}-spec.json"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    cashflow.write_csv(cashflow.run(spec), response)
    response["Content-Disposition"] = f'attachment; filename="{name}-months.csv"'
    return response
