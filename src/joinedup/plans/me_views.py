"""The person's own view: their plan, their team and their sharing, in plain English.

Every page reads the record through `access.own_record`, which finds the signed-in person's
own record and nothing else; the middleware keeps them away from every other page.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from joinedup.accounts.decorators import for_the_person
from joinedup.audit import queries as audit_queries
from joinedup.people import access, queries
from joinedup.plans import queries as plan_queries
from joinedup.plans import services
from joinedup.plans.forms import WhatMattersForm
from joinedup.plans.models import SupportPlan


@for_the_person
def my_plan(request):
    person = access.own_record(request.user, purpose="own view: plan")
    plan, _ = SupportPlan.objects.get_or_create(person=person)
    form = WhatMattersForm(
        request.POST if request.method == "POST" else None,
        plan=plan,
        label="What matters to you now, in your own words",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_what_matters(
                plan, form.cleaned_data["what_matters"], version=form.cleaned_data["version"]
            )
        except services.EditConflict:
            plan.refresh_from_db()
            form.show_conflict(plan)
        else:
            messages.success(request, "Saved. Your co-ordinator will see it.")
            return redirect("me")
    context = {
        "person": person,
        "plan": plan,
        "steps": list(plan_queries.steps_of(plan)),
        "outcomes": plan_queries.outcomes_of(plan),
        "transitions": plan_queries.key_dates(person),
        "form": form,
        "coordinator": queries.team(person)["coordinator"],
    }
    return render(request, "plans/me_plan.html", context)


@for_the_person
def my_team(request):
    person = access.own_record(request.user, purpose="own view: team")
    return render(request, "plans/me_team.html", {"person": person, "team": queries.team(person)})


@for_the_person
def my_record_seen(request):
    """Who has looked at the person's record, in plain words: part of being open with them."""
    person = access.own_record(request.user, purpose="own view: who has looked")
    rows = audit_queries.seen_by_others(person.pk, request.user.pk)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for row in page:
        row["sentence"] = audit_queries.told_to_the_person(row)
    return render(request, "plans/me_seen.html", {"person": person, "page": page})


@for_the_person
def my_sharing(request):
    person = access.own_record(request.user, purpose="own view: sharing")
    ledger = person.consents.select_related("organisation", "decided_by")
    return render(request, "plans/me_sharing.html", {"person": person, "ledger": ledger})
