"""Personal outcomes on the plan: what matters to the person, in their words, rated over time.

Workers reach the person through `services.plan_for` (the access layer, section "plan"); the
person reaches their own outcomes at /me/ through `access.own_record`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from joinedup import exports
from joinedup.accounts.decorators import for_the_person
from joinedup.forms_page import form_page
from joinedup.people import access
from joinedup.plans import charts, queries, services
from joinedup.plans.forms import OutcomeForm, RatingForm
from joinedup.plans.models import Completed, PersonalOutcome, SupportPlan


def _save_rating(request, outcome, form, rated_by=None) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.rate_outcome(
            request.user,
            outcome,
            rating=data["rating"],
            rated_by=rated_by or data["rated_by"],
            on=data.get("rated_on"),
            note=data["note"],
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True


def outcome_new(request, person_id):
    person, plan = services.plan_for(request.user, person_id, purpose="edit support plan")
    form = OutcomeForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_outcome(
            request.user, plan, words=data["words"], written_by=data["written_by"],
            steps=data["steps"],
        )  # fmt: skip
        messages.success(request, "Outcome added.")
        return redirect("plans:plan", person_id=person_id)
    return form_page(
        request, form, "Add what matters to them", person=person,
        back=("plans:plan", "Back to the plan"),
        explain="An outcome is something the person wants, in their words. Link the plan "
        "steps that lead to it, and rate how close it is as time goes on.",
    )  # fmt: skip


def outcome(request, person_id, outcome_id):
    person, plan = services.plan_for(request.user, person_id, purpose="view support plan")
    outcome = get_object_or_404(PersonalOutcome, pk=outcome_id, plan=plan)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and _save_rating(request, outcome, form):
        messages.success(request, "Rating saved.")
        return redirect("plans:outcome", person_id=person_id, outcome_id=outcome.pk)
    return render(request, "plans/outcome.html", _outcome_context(person, outcome, form))


def outcome_edit(request, person_id, outcome_id):
    person, plan = services.plan_for(request.user, person_id, purpose="edit support plan")
    outcome = get_object_or_404(PersonalOutcome, pk=outcome_id, plan=plan)
    form = OutcomeForm(request.POST or None, plan=plan, outcome=outcome)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_outcome(
                outcome, words=data["words"], status=data["status"], steps=data["steps"],
                version=data["version"],
            )  # fmt: skip
        except services.EditConflict:
            outcome.refresh_from_db()
            form.show_conflict(outcome)
        else:
            messages.success(request, "Outcome saved.")
            return redirect("plans:outcome", person_id=person_id, outcome_id=outcome.pk)
    return form_page(
        request, form, "Change the outcome", person=person, back=("plans:plan", "Back to the plan")
    )


def _outcome_context(person, outcome, form) -> dict:
    ratings = list(outcome.ratings.all())
    return {
        "person": person,
        "outcome": outcome,
        "ratings": ratings,
        "steps": list(outcome.steps.all()),
        "chart": charts.ratings_chart(outcome, ratings),
        "form": form,
    }


@for_the_person
def my_outcome_new(request):
    person = access.own_record(request.user, purpose="own view: add an outcome")
    plan, _ = SupportPlan.objects.get_or_create(person=person)
    form = OutcomeForm(request.POST or None, plan=plan, by_the_person=True)
    if request.method == "POST" and form.is_valid():
        services.add_outcome(
            request.user, plan, words=form.cleaned_data["words"], written_by=Completed.PERSON
        )
        messages.success(request, "Saved. Your co-ordinator will see it.")
        return redirect("me")
    return render(request, "plans/me_outcome_new.html", {"person": person, "form": form})


@for_the_person
def my_outcome(request, outcome_id):
    person = access.own_record(request.user, purpose="own view: rate an outcome")
    outcome = get_object_or_404(PersonalOutcome, pk=outcome_id, plan__person=person)
    form = RatingForm(request.POST or None, by_the_person=True)
    if request.method == "POST" and _save_rating(request, outcome, form, Completed.PERSON):
        messages.success(request, "Saved. Your co-ordinator will see it.")
        return redirect("me")
    return render(request, "plans/me_outcome.html", _outcome_context(person, outcome, form))


def outcomes_export(request, person_id, fmt):
    """The person's outcomes in their words, with every rating, as CSV or XLSX."""
    person, plan = services.plan_for(request.user, person_id, purpose=f"export outcomes ({fmt})")
    header = ["Outcome, in their words", "Where it stands", "Words written by", "Rated on",
              "Rating (1 to 10)", "Whose rating", "Note"]  # fmt: skip
    rows = []
    for o in queries.outcomes_of(plan):
        for r in o.rating_list or [None]:
            rows.append([
                o.words, o.get_status_display(), o.get_written_by_display(),
                r.rated_on if r else "", r.rating if r else "",
                r.get_rated_by_display() if r else "", r.note if r else "",
            ])  # fmt: skip
    return exports.table_response(f"outcomes-{person.pk}", header, rows, fmt)
