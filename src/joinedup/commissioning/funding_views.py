"""Joint funding for one person: the request, the budget holders' answers and how long each
took. The person's name is shown only to those the access layer lets see the record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from joinedup.commissioning import access, funding
from joinedup.commissioning.funding_forms import AnswerForm, FundingRequestForm
from joinedup.commissioning.review_models import Approval
from joinedup.commissioning.views import apply_errors, form_page
from joinedup.people import access as people_access


def funding_list(request):
    membership = request.membership
    access.require(
        access.commissions(membership)
        or (membership is not None and membership.rules.sees_personal_data),
        "see joint-funding requests",
    )
    requests = funding.visible_to(request.user, membership).select_related("organisation")
    rows = [{"request": r, "status": funding.status(r)} for r in requests]
    return render(request, "commissioning/funding_list.html", {"rows": rows})


def funding_new(request, person_id: int):
    person = people_access.get_person_for(request.user, person_id, purpose="joint funding request")
    access.require(people_access.works_with(request.user, person), "ask for joint funding")
    form = FundingRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = funding.request(
                request.user,
                request.membership,
                person,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                shares=form.shares(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Sent to the budget holders.")
            return redirect("commissioning:funding", funding_id=made.pk)
    back = (reverse("people:detail", args=[person.pk]), f"Back to {person.full_name}")
    explain = (
        "When help for one person needs several budgets (residential rehab for a mother with "
        "her children needs substance misuse, children's and adult social care), ask them all "
        "at once. Each budget holder answers here, and the page shows how long each took."
    )
    return form_page(request, form, f"Ask for joint funding for {person.full_name}", back, explain)


def funding_detail(request, funding_id: int):
    made = get_object_or_404(funding.visible_to(request.user, request.membership), pk=funding_id)
    person = None
    if request.membership.rules.sees_personal_data and people_access.can_see(
        request.user, made.person_id
    ):
        person = people_access.get_person_for(request.user, made.person_id, purpose="joint funding")
    mine = made.approvals.filter(
        budget_holder=request.membership.organisation_id, answer=Approval.Answer.WAITING
    ).first()
    form = None
    if mine and access.commissions(request.membership):
        form = AnswerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                funding.answer(
                    request.membership,
                    mine,
                    approve=form.cleaned_data["answer"] == "approve",
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Your answer is recorded.")
                return redirect("commissioning:funding", funding_id=made.pk)
    context = {
        "made": made,
        "person": person,
        "status": funding.status(made),
        "waits": funding.waits(made),
        "form": form,
    }
    return render(request, "commissioning/funding.html", context)
