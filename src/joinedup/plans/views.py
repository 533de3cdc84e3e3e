"""The support plan pages. Every view reaches the person through `services.plan_for`, which
asks the access layer (404 for anyone it does not let in) and writes the audit entry."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from joinedup.forms_page import form_page
from joinedup.plans import queries, services
from joinedup.plans.forms import StepForm, TransitionForm, WhatMattersForm
from joinedup.plans.models import PlanStep


def plan(request, person_id):
    person, plan = services.plan_for(request.user, person_id, purpose="view support plan")
    return _plan_page(request, person, plan, WhatMattersForm(plan=plan))


def _plan_page(request, person, plan, what_matters_form):
    steps = list(queries.steps_of(plan))
    context = {
        "person": person,
        "plan": plan,
        "steps": steps,
        "outcomes": queries.outcomes_of(plan),
        "waiting": queries.waiting_summary(steps),
        "transitions": queries.key_dates(person),
        "what_matters_form": what_matters_form,
    }
    return render(request, "plans/plan.html", context)


def plan_print(request, person_id):
    person, plan = services.plan_for(request.user, person_id, purpose="print support plan")
    context = {
        "person": person,
        "plan": plan,
        "steps": list(queries.steps_of(plan)),
        "transitions": queries.key_dates(person),
    }
    return render(request, "plans/plan_print.html", context)


@require_POST
def what_matters(request, person_id):
    person, plan = services.plan_for(request.user, person_id, purpose="edit support plan")
    form = WhatMattersForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.save_what_matters(
                plan, form.cleaned_data["what_matters"], version=form.cleaned_data["version"]
            )
        except services.EditConflict:
            plan.refresh_from_db()
            form.show_conflict(plan)
        else:
            messages.success(request, "Saved what matters to them.")
            return redirect("plans:plan", person_id=person_id)
    return _plan_page(request, person, plan, form)


def step_form(request, person_id, step_id=None):
    person, plan = services.plan_for(request.user, person_id, purpose="edit support plan")
    step = get_object_or_404(PlanStep, pk=step_id, plan=plan) if step_id else None
    form = StepForm(request.POST or None, instance=step, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request.user, plan, step, form)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field, errors)
        except services.EditConflict:
            step.refresh_from_db()
            form.show_conflict(step)
        else:
            messages.success(request, "Step saved.")
            return redirect("plans:plan", person_id=person_id)
    title = "Change a step" if step else "Add a step"
    return form_page(request, form, title, person=person, back=("plans:plan", "Back to the plan"))


def _save(user, plan, step, form):
    fields, depends_on = form.step_fields(), list(form.cleaned_data["depends_on"])
    if step is None:
        return services.add_step(user, plan, depends_on=depends_on, **fields)
    version = form.cleaned_data.get("version")
    return services.update_step(user, step, version=version, depends_on=depends_on, **fields)


@require_POST
def step_move(request, person_id, step_id):
    _, plan = services.plan_for(request.user, person_id, purpose="edit support plan")
    step = get_object_or_404(PlanStep, pk=step_id, plan=plan)
    if request.POST.get("direction") in ("up", "down"):
        services.move_step(step, request.POST["direction"])
    return redirect("plans:plan", person_id=person_id)


def transition_new(request, person_id):
    person, _ = services.plan_for(request.user, person_id, purpose="add key date")
    form = TransitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_transition(request.user, person, **form.cleaned_data)
        messages.success(request, "Key date added.")
        return redirect("plans:plan", person_id=person_id)
    return form_page(
        request,
        form,
        "Add a key date",
        person=person,
        back=("plans:plan", "Back to the plan"),
        explain="A release, a discharge, a tenancy ending: the team is alerted before it, and "
        "the plan should say where the person will live and who will meet them.",
    )
