"""Tender pages: the pipeline, a tender's published terms, shaping and publishing it, the
provider's profile and its bid. Scoring, moderation and award are in `tender_evaluation_views`.
Thin: permission from `tender_access`, reads from `tender_queries`, changes by `tenders`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.commissioning import tender_access as access
from joinedup.commissioning import tender_forms as forms
from joinedup.commissioning import tender_queries as queries
from joinedup.commissioning import tenders as services
from joinedup.commissioning.models import ProviderProfile
from joinedup.commissioning.tender_models import Criterion


def form_page(request, form, title, *, tender=None, explain="", extra=None):
    context = {"form": form, "title": title, "tender": tender, "explain": explain}
    return render(request, "commissioning/tender_form.html", context | (extra or {}))


def attempt(form, service, *args, **kwargs):
    """Call the service; its refusal goes onto the form (None). Else what it gave back."""
    try:
        return service(*args, **kwargs)
    except ValidationError as error:
        forms.add_errors(form, error)
        return None


def pipeline(request):
    tenders = access.tenders_for(request.membership)
    context = queries.pipeline(tenders) | {"may_start": access.may_start(request.membership)}
    return render(request, "commissioning/tender_pipeline.html", context)


def tender_new(request):
    access.member(request.membership)
    access.require(access.may_start(request.membership), "commissioners may start a tender")
    form = forms.TenderForm(request.POST or None, commissioner=request.membership.organisation)
    if request.method == "POST" and form.is_valid():
        made = attempt(form, services.start_tender, request.membership, **form.cleaned_data)
        if made:
            messages.success(request, "Tender saved as coming. Add its questions, then publish.")
            return redirect("commissioning:tender", tender_id=made.pk)
    return form_page(request, form, "Start a tender")


def tender(request, tender_id: int):
    tender = access.tender_for(request.membership, tender_id)
    membership, user = request.membership, request.user
    runs = access.runs(membership, tender)
    criteria = queries.questions(tender)
    context = {
        "tender": tender,
        "runs": runs,
        "editable": runs and tender.status == "planned",
        "quality": [c for c in criteria if c.part == Criterion.Part.QUALITY],
        "social_value": [c for c in criteria if c.part == Criterion.Part.SOCIAL_VALUE],
        "problems": services.problems(tender) if runs and tender.status == "planned" else [],
        "sees_bids": access.sees_all_bids(membership, user, tender),
        "bids": access.bids_for(membership, user, tender),
        "may_bid": access.may_bid(membership) and tender.status == "open",
        "evaluators": tender.evaluators.select_related("user") if runs else [],
        "today": timezone.localdate(),
    }
    return render(request, "commissioning/tender_detail.html", context)


def _run(request, tender_id: int):
    tender = access.tender_for(request.membership, tender_id)
    access.require(access.runs(request.membership, tender), "the tender's commissioners")
    return tender


def tender_edit(request, tender_id: int):
    tender = _run(request, tender_id)
    names = services.TENDER_FIELDS
    initial = {name: getattr(tender, name) for name in names}
    form = forms.TenderForm(request.POST or None, initial=initial, commissioner=tender.commissioner)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, services.update_tender, request.membership, tender, **form.cleaned_data)
    ):
        messages.success(request, "Tender saved.")
        return redirect("commissioning:tender", tender_id=tender.pk)
    return form_page(request, form, "Change the tender", tender=tender)


def criterion_new(request, tender_id: int):
    tender = _run(request, tender_id)
    form = forms.CriterionForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, services.add_criterion, request.membership, tender, **form.cleaned_data)
    ):
        messages.success(request, "Question added.")
        return redirect("commissioning:tender", tender_id=tender.pk)
    explain = (
        "Each bid's answer is scored 0 to 5. A question's weight is its share of its part "
        "(quality or social value); each part's questions add up to 100."
    )
    return form_page(request, form, "Add a question", tender=tender, explain=explain)


@require_POST
def criterion_remove(request, tender_id: int, criterion_id: int):
    tender = _run(request, tender_id)
    criterion = get_object_or_404(tender.criteria, pk=criterion_id)
    try:
        services.remove_criterion(request.membership, criterion)
        messages.success(request, "Question removed.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("commissioning:tender", tender_id=tender.pk)


@require_POST
def tender_publish(request, tender_id: int):
    tender = _run(request, tender_id)
    try:
        services.publish(request.membership, tender, today=timezone.localdate())
        messages.success(request, "The tender is open for bids.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("commissioning:tender", tender_id=tender.pk)


def evaluator_new(request, tender_id: int):
    tender = _run(request, tender_id)
    form = forms.EvaluatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        if attempt(form, services.appoint_evaluator, request.membership, tender, user):
            messages.success(request, f"{user.full_name} is an evaluator.")
            return redirect("commissioning:tender", tender_id=tender.pk)
    explain = (
        "Evaluators see every bid and score each on their own; nobody scores a bid from "
        "their own organisation."
    )
    return form_page(request, form, "Appoint an evaluator", tender=tender, explain=explain)


# The provider's side ----------------------------------------------------------------------


def profile(request):
    access.member(request.membership)
    access.require(access.may_bid(request.membership), "a provider's managers")
    organisation = request.membership.organisation
    current = ProviderProfile.objects.filter(organisation=organisation).first()
    initial = {}
    if current:
        names = ("annual_income", "accounts_year", "staff", "summary", "social_value")
        initial = {name: getattr(current, name) for name in names}
    form = forms.ProfileForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, services.save_profile, request.membership, **form.cleaned_data)
    ):
        messages.success(request, "Profile saved. Each new or changed bid uses it.")
        return redirect("commissioning:provider-profile")
    explain = (
        f"What {organisation.name} says about itself once, reused by every bid instead of "
        "typed again. A bid keeps the profile as it was when the bid was submitted."
    )
    return form_page(
        request, form, "Your organisation's profile", explain=explain, extra={"profile": current}
    )


def bid_form(request, tender_id: int):
    tender = access.tender_for(request.membership, tender_id)
    access.require(access.may_bid(request.membership), "a provider's managers may bid")
    organisation = request.membership.organisation
    current = tender.bids.filter(provider=organisation).first()
    provider_profile = ProviderProfile.objects.filter(organisation=organisation).first()
    if provider_profile is None:
        messages.info(request, "Fill in your organisation's profile first: every bid reuses it.")
        return redirect("commissioning:provider-profile")
    criteria = queries.questions(tender)
    form = forms.BidForm(
        request.POST or None,
        initial=_bid_initial(current, criteria, provider_profile),
        tender=tender,
        criteria=criteria,
    )
    if request.method == "POST" and form.is_valid():
        done = attempt(
            form, services.submit_bid, request.membership, tender,
            price=form.cleaned_data["price"], answers=form.answers(), costs=form.costs(),
            today=timezone.localdate(),
        )  # fmt: skip
        if done:
            messages.success(
                request, f"Bid submitted. You can change it until {tender.closes_on:%-d %B %Y}."
            )
            return redirect("commissioning:tender", tender_id=tender.pk)
    context = {"profile": provider_profile, "bid": current}
    return form_page(request, form, f"Bid for {tender.title}", tender=tender, extra=context)


def _bid_initial(bid, criteria, provider_profile) -> dict:
    """A changed bid starts from itself; a new one from the profile (its social value)."""
    if bid is not None:
        initial = {"price": bid.price}
        initial |= {f"answer_{a.criterion_id}": a.text for a in bid.answers.all()}
        for line in bid.cost_lines.all():
            initial[f"cost_{line.category}"] = line.amount
            initial[f"cost_{line.category}_notes"] = line.notes
        return initial
    return {
        f"answer_{c.pk}": provider_profile.social_value
        for c in criteria
        if c.part == Criterion.Part.SOCIAL_VALUE and provider_profile.social_value
    }
