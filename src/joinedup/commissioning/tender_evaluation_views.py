"""Evaluating a tender: a bid's page, an evaluator's scores, the moderated result, the
evaluation matrix (chart and table) with its exports, the award and cancelling."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup import exports
from joinedup.commissioning import tender_access as access
from joinedup.commissioning import tender_charts as charts
from joinedup.commissioning import tender_forms as forms
from joinedup.commissioning import tender_queries as queries
from joinedup.commissioning import tenders as services
from joinedup.commissioning.tender_views import attempt, form_page


def _sheet_for(user, membership, bid):
    """Everyone's scores for the tender's commissioners, and for an evaluator who has scored
    the bid (or may not); until then an evaluator sees only their own."""
    tender = bid.tender
    independent = (
        not access.runs(membership, tender)
        and access.evaluates(user, tender)
        and not access.conflicted(user, bid)
        and not queries.has_scored(user, bid)
    )
    return queries.score_sheet(bid, only_evaluator=user if independent else None)


def bid(request, tender_id: int, bid_id: int):
    tender = access.tender_for(request.membership, tender_id)
    bid = access.bid_for(request.membership, request.user, tender, bid_id)
    membership, user = request.membership, request.user
    evaluator = access.evaluates(user, tender)
    judges = access.runs(membership, tender) or evaluator
    context = {
        "tender": tender,
        "bid": bid,
        "answers": bid.answers.select_related("criterion"),
        "cost_lines": bid.cost_lines.all(),
        "below_full_cost": queries.below_full_cost(bid),
        "sheet": _sheet_for(user, membership, bid) if judges else None,
        "may_score": evaluator
        and not access.conflicted(user, bid)
        and tender.status == "evaluating"
        and not hasattr(bid, "moderation"),
        "conflicted": evaluator and access.conflicted(user, bid),
        "may_moderate": access.runs(membership, tender) and tender.status == "evaluating",
        "waiting_for": services.waiting_for(bid) if judges else [],
    }
    return render(request, "commissioning/tender_bid.html", context)


def score(request, tender_id: int, bid_id: int):
    tender = access.tender_for(request.membership, tender_id)
    bid = access.bid_for(request.membership, request.user, tender, bid_id)
    access.require(access.evaluates(request.user, tender), "the tender's evaluators")
    access.require(not access.conflicted(request.user, bid), "evaluators from other organisations")
    criteria = queries.questions(tender)
    mine = bid.scores.filter(evaluator=request.user)
    initial = {f"score_{s.criterion_id}": str(s.score) for s in mine}
    initial |= {f"comment_{s.criterion_id}": s.comment for s in mine}
    answers = {a.criterion_id: a.text for a in bid.answers.all()}
    form = forms.ScoreForm(
        request.POST or None, initial=initial, criteria=criteria, answers=answers
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, services.score, request.membership, bid, form.scores())
    ):
        messages.success(request, f"Your scores for {bid.provider} are saved.")
        return redirect("commissioning:tender-bid", tender_id=tender.pk, bid_id=bid.pk)
    explain = (
        "Score each answer on its own, 0 to 5, and say why. Other evaluators' scores show "
        "once yours are in."
    )
    context = {"bid": bid, "answers": answers, "criteria": criteria}
    return form_page(
        request,
        form,
        f"Score the bid from {bid.provider}",
        tender=tender,
        explain=explain,
        extra=context,
    )


def moderate(request, tender_id: int, bid_id: int):
    tender = access.tender_for(request.membership, tender_id)
    bid = access.bid_for(request.membership, request.user, tender, bid_id)
    access.require(access.runs(request.membership, tender), "the tender's commissioners")
    criteria = queries.questions(tender)
    sheet = queries.score_sheet(bid)
    form = forms.ModerationForm(
        request.POST or None, initial=_moderation_initial(bid, sheet), criteria=criteria
    )
    if request.method == "POST" and form.is_valid():
        done = attempt(
            form, services.moderate, request.membership, bid,
            scores=form.scores(), reasons=form.cleaned_data["reasons"],
        )  # fmt: skip
        if done:
            messages.success(request, f"The moderated result for {bid.provider} is recorded.")
            return redirect("commissioning:tender-evaluation", tender_id=tender.pk)
    explain = (
        "Agree each question's score from the evaluators' scores below; the moderated scores "
        "are the ones that count."
    )
    context = {"bid": bid, "sheet": sheet}
    return form_page(
        request,
        form,
        f"Moderate the bid from {bid.provider}",
        tender=tender,
        explain=explain,
        extra=context,
    )


def _moderation_initial(bid, sheet) -> dict:
    """The recorded moderation, or each question's evaluators' middle score to start from."""
    moderation = getattr(bid, "moderation", None)
    if moderation:
        initial = {f"score_{s.criterion_id}": str(s.score) for s in moderation.scores.all()}
        return initial | {"reasons": moderation.reasons}
    initial = {}
    for criterion, scores, _ in sheet.rows:
        if scores:
            ordered = sorted(s.score for s in scores)
            initial[f"score_{criterion.pk}"] = str(ordered[(len(ordered) - 1) // 2])
    return initial


def _judges(request, tender_id: int):
    tender = access.tender_for(request.membership, tender_id)
    access.require(
        access.sees_all_bids(request.membership, request.user, tender),
        "the tender's commissioners and evaluators",
    )
    return tender


def evaluation(request, tender_id: int):
    tender = _judges(request, tender_id)
    results = queries.evaluation(tender)
    context = {
        "tender": tender,
        "results": results,
        "header": queries.MATRIX_HEADER,
        "rows": queries.matrix_rows(tender, results, display=True),
        "numeric": queries.MATRIX_NUMERIC,
        "chart": charts.evaluation_chart(tender, results),
        "runs": access.runs(request.membership, tender),
        "sheets": [_sheet_for(request.user, request.membership, r.bid) for r in results],
        "all_moderated": bool(results) and all(r.moderated for r in results),
    }
    return render(request, "commissioning/tender_evaluation.html", context)


def evaluation_export(request, tender_id: int, fmt: str):
    tender = _judges(request, tender_id)
    name = f"tender-{tender.pk}-evaluation"
    return exports.table_response(name, queries.MATRIX_HEADER, queries.matrix_rows(tender), fmt)


def scores_export(request, tender_id: int, fmt: str):
    tender = _judges(request, tender_id)
    access.require(access.runs(request.membership, tender), "the tender's commissioners")
    name = f"tender-{tender.pk}-scores"
    return exports.table_response(name, queries.SCORES_HEADER, queries.score_rows(tender), fmt)


@require_POST
def start_evaluation(request, tender_id: int):
    tender = access.tender_for(request.membership, tender_id)
    access.require(access.runs(request.membership, tender), "the tender's commissioners")
    try:
        services.start_evaluation(request.membership, tender, today=timezone.localdate())
        messages.success(request, "Bids are closed: evaluators can score them now.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("commissioning:tender", tender_id=tender.pk)


def award(request, tender_id: int):
    tender = access.tender_for(request.membership, tender_id)
    access.require(access.runs(request.membership, tender), "the tender's commissioners")
    results = queries.evaluation(tender)
    best = results[0].bid.pk if results and results[0].moderated else None
    form = forms.AwardForm(
        request.POST or None, initial={"bid": best}, bids=tender.bids.select_related("provider")
    )
    if request.method == "POST" and form.is_valid():
        done = attempt(
            form, services.award, request.membership, tender, form.cleaned_data["bid"],
            reasons=form.cleaned_data["reasons"], today=timezone.localdate(),
        )  # fmt: skip
        if done:
            messages.success(request, f"Awarded to {form.cleaned_data['bid'].provider}.")
            return redirect("commissioning:tender", tender_id=tender.pk)
    explain = "The tender goes to the highest moderated total on the weights it stated."
    return form_page(request, form, "Award the tender", tender=tender, explain=explain)


def cancel(request, tender_id: int):
    tender = access.tender_for(request.membership, tender_id)
    access.require(access.runs(request.membership, tender), "the tender's commissioners")
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            form, services.cancel, request.membership, tender,
            reasons=form.cleaned_data["reasons"], today=timezone.localdate(),
        )  # fmt: skip
        if done:
            messages.success(request, "The tender is cancelled.")
            return redirect("commissioning:tender", tender_id=tender.pk)
    return form_page(request, form, "Cancel the tender", tender=tender)
