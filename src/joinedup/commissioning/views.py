"""Commissioning pages: budgets, exercises and contracts. Thin: read through `queries`,
change through `services`, permission through `access`."""

from django.shortcuts import get_object_or_404, render

from joinedup.commissioning import access


def index(request):
    membership = request.membership
    contracts = access.contracts_for(membership).select_related("commissioner")
    access.require(contracts.exists() or access.reads_all(membership), "see contracts")
    return render(
        request,
        "commissioning/index.html",
        {"contracts": contracts, "budgets": access.budgets_for(membership)},
    )


def contract(request, pk: int):
    contract = get_object_or_404(access.contracts_for(request.membership), pk=pk)
    return render(request, "commissioning/contract.html", {"contract": contract})
