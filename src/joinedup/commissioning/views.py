"""Commissioning pages: the commissioner's overview, pooled budgets and exercises. Thin: read
through `queries`, change through `services`, permission through `access`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup import exports
from joinedup.commissioning import access, queries, risk, services, tables, terms
from joinedup.commissioning import money_charts as charts
from joinedup.commissioning.forms import BudgetForm, ContributionForm, ExerciseForm
from joinedup.commissioning.models import Exercise


def _readers(request):
    if not access.reads_all(request.membership):
        raise PermissionDenied("Your role cannot see the area's commissioning.")


def form_page(request, form, title, back, explain=""):
    """`back` is (url, label)."""
    context = {"form": form, "title": title, "back": back, "explain": explain}
    return render(request, "commissioning/form.html", context)


def apply_errors(form, error: ValidationError) -> None:
    """A service's refusal, shown against the field it names (or the whole form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def index(request):
    """A commissioner's commissioning: what needs doing, the pools, the cycle, the contracts."""
    membership = request.membership
    contracts = access.contracts_for(membership)
    if not access.reads_all(membership):
        access.require(access.reads_contracts(membership), "see contracts")
        return render(
            request,
            "commissioning/provider_index.html",
            {"rows": queries.contracts_table(contracts)},
        )
    own = (
        queries.open_contracts_of(membership.organisation_id)
        if access.commissions(membership)
        else contracts
    )
    rows = queries.contracts_table(contracts)
    for row in rows:
        row["warnings"] = risk.warnings(row["contract"])
    exercises = [
        {"exercise": e, "cycle": queries.cycle(e)}
        for e in Exercise.objects.select_related("commissioner", "framework__framework")
    ]
    by_mechanism = queries.spend_by_mechanism(contracts)
    context = {
        "rows": rows,
        "reminders": queries.reminders(own),
        "budgets": [
            {"budget": b, "years": queries.pool_years(b)}
            for b in access.budgets_for(membership).select_related("host")
        ],
        "exercises": exercises,
        "by_mechanism": by_mechanism,
        "mechanism_chart": charts.value_by_mechanism(by_mechanism),
        "commissions": access.commissions(membership),
        "today": timezone.localdate(),
    }
    return render(request, "commissioning/index.html", context)


def budget_new(request):
    access.require(access.commissions(request.membership), "create a pooled budget")
    form = BudgetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        budget = services.create_budget(request.membership, **form.cleaned_data)
        messages.success(request, f"{budget.name}: created. Now add each commissioner's money.")
        return redirect("commissioning:budget", budget_id=budget.pk)
    back = (reverse("commissioning:index"), "Back to commissioning")
    explain = (
        "A pooled budget puts several commissioners' money behind one purpose, decided by one "
        "body, so a service is not split by department. You will hold it; each commissioner "
        "adds their contribution for each year."
    )
    return form_page(request, form, "Create a pooled budget", back, explain)


def budget(request, budget_id: int):
    _readers(request)
    budget = get_object_or_404(access.budgets_for(request.membership), pk=budget_id)
    years = queries.pool_years(budget)
    context = {
        "budget": budget,
        "years": years,
        "contracts": queries.contracts_table(budget.contracts.all()),
        "can_change": access.commissions(request.membership)
        and budget.host_id == request.membership.organisation_id,
        "chart": charts.pool_contributions(years),
    }
    return render(request, "commissioning/budget.html", context)


def _year_choices():
    now = terms.year_of(timezone.localdate())
    return [(y, terms.year_label(y)) for y in range(now - 2, now + 6)]


def contribution_new(request, budget_id: int):
    access.require(access.commissions(request.membership), "change a pooled budget")
    budget = get_object_or_404(access.budgets_for(request.membership), pk=budget_id)
    access.require(
        budget.host_id == request.membership.organisation_id,
        "record contributions to a pool another commissioner holds",
    )
    form = ContributionForm(
        request.POST or None,
        years=_year_choices(),
        initial={
            "commissioner": request.membership.organisation_id,
            "year": terms.year_of(timezone.localdate()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contribute(request.membership, budget, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Contribution saved.")
            return redirect("commissioning:budget", budget_id=budget.pk)
    back = (reverse("commissioning:budget", args=[budget.pk]), f"Back to {budget.name}")
    explain = (
        "One commissioner's money into the pool for one financial year (April to March). "
        "Saving again for the same commissioner and year corrects the figure. The pool's host "
        "records each contribution as its governance agreed it: a commissioner who pays in may "
        "change the contracts the pool funds."
    )
    return form_page(request, form, f"Add a contribution to {budget.name}", back, explain)


def exercise_new(request):
    access.require(access.commissions(request.membership), "start a commissioning exercise")
    form = ExerciseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        exercise = services.create_exercise(request.membership, **form.cleaned_data)
        return redirect("commissioning:exercise", exercise_id=exercise.pk)
    back = (reverse("commissioning:index"), "Back to commissioning")
    explain = (
        "One turn of the commissioning cycle: analyse the need, plan the outcomes, do (let "
        "contracts), review on the evidence. Start with what you have; the page shows what "
        "comes next."
    )
    return form_page(request, form, "Start a commissioning exercise", back, explain)


def exercise(request, exercise_id: int):
    _readers(request)
    exercise = get_object_or_404(Exercise, pk=exercise_id)
    context = {
        "exercise": exercise,
        "cycle": queries.cycle(exercise),
        "contracts": queries.contracts_table(exercise.contracts.all()),
        "can_change": access.commissions(request.membership)
        and exercise.commissioner_id == request.membership.organisation_id,
    }
    return render(request, "commissioning/exercise.html", context)


def exercise_edit(request, exercise_id: int):
    access.require(access.commissions(request.membership), "change a commissioning exercise")
    exercise = get_object_or_404(Exercise, pk=exercise_id)
    access.require(
        access.commissions(request.membership)
        and exercise.commissioner_id == request.membership.organisation_id,
        "change this commissioning exercise",
    )
    form = ExerciseForm(request.POST or None, instance=exercise)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.update_exercise(request.membership, exercise, **fields)
        return redirect("commissioning:exercise", exercise_id=exercise.pk)
    back = (reverse("commissioning:exercise", args=[exercise.pk]), f"Back to {exercise.name}")
    return form_page(request, form, f"Change {exercise.name}", back)


def budget_export(request, budget_id: int, fmt: str):
    _readers(request)
    budget = get_object_or_404(access.budgets_for(request.membership), pk=budget_id)
    header, rows = tables.pool(budget)
    return exports.table_response(f"pool-{budget.pk}", header, rows, fmt)
