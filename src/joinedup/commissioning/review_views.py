"""Monitoring and review: learning reviews in the provider's and the people's words, and the
review decision, recorded with the evidence it rested on."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup.commissioning import access, monitoring, queries, reviews
from joinedup.commissioning.contract_views import back_to, readable
from joinedup.commissioning.forms import DecisionForm, LearningReviewForm
from joinedup.commissioning.review_models import ReviewDecision
from joinedup.commissioning.views import apply_errors, form_page


def learning_review_new(request, contract_id: int):
    contract = readable(request, contract_id)
    access.require(reviews.may_review(request.membership, contract), "record a learning review")
    form = LearningReviewForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            reviews.add_learning_review(
                request.membership,
                contract,
                form.save(commit=False),
                form.cleaned_data["system_issues"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Learning review saved.")
            return redirect(reverse("commissioning:contract", args=[contract.pk]) + "#learning")
    explain = (
        "What the work is learning, in the provider's words and in the words of the people it "
        "supports, and the problems in the wider system it has run into. For a learning "
        "partnership this is its accountability, instead of targets."
    )
    return form_page(
        request, form, f"Learning review for {contract.reference}", back_to(contract), explain
    )


def decision_new(request, contract_id: int):
    contract = readable(request, contract_id)
    access.require(access.pays_for(request.membership, contract), "decide on this contract")
    form = DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            decision = reviews.decide(request.membership, contract, form.save(commit=False))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Decision recorded: {decision.get_decision_display()}.")
            return redirect(reverse("commissioning:contract", args=[contract.pk]) + "#decisions")
    context = {
        "contract": contract,
        "form": form,
        "evidence": monitoring.summary(request.user, contract),
        "people_supported": queries.people_supported_shown(contract),
        "ending": [d.value for d in ReviewDecision.ENDING],
    }
    return render(request, "commissioning/decision_form.html", context)


def decision(request, contract_id: int, decision_id: int):
    contract = readable(request, contract_id)
    decision = get_object_or_404(contract.decisions, pk=decision_id)
    return render(
        request, "commissioning/decision.html", {"contract": contract, "decision": decision}
    )
