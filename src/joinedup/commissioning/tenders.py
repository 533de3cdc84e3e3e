"""Tender steps, one function per use case: start and shape a tender, publish it, bid, start
the evaluation, score, moderate, award or cancel. Each checks who may (see `tender_access`),
refuses bad input with the field named (a `ValidationError` keyed by field), and writes all or
nothing. `membership` is the organisation and role the user acts as; its user is the actor."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.commissioning import tender_access as access
from joinedup.commissioning import tender_scoring as scoring
from joinedup.commissioning.models import ProviderProfile
from joinedup.commissioning.tender_models import (
    Bid,
    BidAnswer,
    CostLine,
    Criterion,
    EvaluatorScore,
    ModeratedScore,
    Moderation,
    Tender,
    TenderEvaluator,
)
from joinedup.commissioning.tender_queries import evaluation

Status = Tender.Status
TENDER_FIELDS = {
    "title",
    "description",
    "exercise",
    "estimated_value",
    "publish_on",
    "closes_on",
    "price_weight",
    "quality_weight",
    "social_value_weight",
    "open_book",
    "open_book_reason",
}


def check_terms(fields: dict) -> None:
    """The weights add up to 100; it closes on or after it opens; open book says why."""
    problem = scoring.weights_problem(
        fields["price_weight"], fields["quality_weight"], fields["social_value_weight"]
    )
    errors = {}
    if problem:
        errors["price_weight"] = problem
    if fields["closes_on"] < fields["publish_on"]:
        errors["closes_on"] = "The closing date must be on or after the date it opens for bids"
    if fields.get("open_book") and not fields.get("open_book_reason", "").strip():
        errors["open_book_reason"] = "Say why the tender asks for open-book costs"
    if errors:
        raise ValidationError(errors)


def _runner(membership, tender: Tender) -> None:
    access.require(access.runs(membership, tender), "the tender's commissioners may do that")


def _coming(tender: Tender) -> None:
    if tender.status != Status.PLANNED:
        raise ValidationError(
            "The terms of a tender are fixed once it opens for bids: bidders rely on them."
        )


@transaction.atomic
def start_tender(membership, **fields) -> Tender:
    access.require(access.may_start(membership), "commissioners may start a tender")
    fields = {k: v for k, v in fields.items() if k in TENDER_FIELDS}
    check_terms(fields)
    return Tender.objects.create(
        commissioner=membership.organisation, created_by=membership.user, **fields
    )


@transaction.atomic
def update_tender(membership, tender: Tender, **fields) -> Tender:
    _runner(membership, tender)
    _coming(tender)
    fields = {k: v for k, v in fields.items() if k in TENDER_FIELDS}
    check_terms(fields)
    for name, value in fields.items():
        setattr(tender, name, value)
    tender.save()
    return tender


@transaction.atomic
def add_criterion(membership, tender: Tender, *, part, question, guidance="", weight) -> Criterion:
    _runner(membership, tender)
    _coming(tender)
    used = sum(c.weight for c in tender.criteria.filter(part=part))
    if used + weight > 100:
        label = Criterion.Part(part).label.lower()
        raise ValidationError(
            {
                "weight": f"The {label} questions' weights would add up to {used + weight}; "
                f"they must add up to 100 ({100 - used} is left)"
            }
        )
    position = tender.criteria.filter(part=part).count() + 1
    return Criterion.objects.create(
        tender=tender, part=part, question=question, guidance=guidance, weight=weight,
        position=position,
    )  # fmt: skip


@transaction.atomic
def remove_criterion(membership, criterion: Criterion) -> None:
    _runner(membership, criterion.tender)
    _coming(criterion.tender)
    criterion.delete()


def problems(tender: Tender) -> list[str]:
    """What stops the tender opening for bids, in words."""
    found = []
    for part, weight in tender.weights.items():
        label = Criterion.Part(part).label.lower()
        given = sum(c.weight for c in tender.criteria.all() if c.part == part)
        if weight and given != 100:
            found.append(
                f"The {label} questions' weights add up to {given}; they must add up to 100"
            )
        if not weight and given:
            found.append(f"{Criterion.Part(part).label} carries no weight but has questions")
    return found


@transaction.atomic
def publish(membership, tender: Tender, *, today: date) -> Tender:
    """Open the tender for bids from today."""
    _runner(membership, tender)
    _coming(tender)
    found = problems(tender)
    if tender.closes_on < today:
        found.append("The closing date has passed: change it before publishing")
    if found:
        raise ValidationError(found)
    tender.status = Status.OPEN
    tender.publish_on = min(tender.publish_on, today)
    tender.published_at = timezone.now()
    tender.save(update_fields=["status", "publish_on", "published_at"])
    return tender


@transaction.atomic
def appoint_evaluator(membership, tender: Tender, user) -> TenderEvaluator:
    _runner(membership, tender)
    if tender.status in {Status.AWARDED, Status.CANCELLED}:
        raise ValidationError({"user": "The tender is decided: no more evaluators"})
    if not user.memberships.filter(
        role__in=access.EVALUATOR_ROLES, organisation__commissions=True
    ).exists():
        raise ValidationError(
            {"user": f"{user} is not a commissioner or analyst of a commissioning organisation"}
        )
    if access.organisations_of(user) & access.bidders_of(tender):
        raise ValidationError({"user": f"{user} belongs to an organisation that has bid"})
    if tender.evaluators.filter(user=user).exists():
        raise ValidationError({"user": f"{user} is already an evaluator"})
    return TenderEvaluator.objects.create(tender=tender, user=user, appointed_by=membership.user)


# Profiles and bids -------------------------------------------------------------------------


@transaction.atomic
def save_profile(membership, **fields) -> ProviderProfile:
    """The provider's profile, written once and reused by every bid."""
    access.require(access.may_bid(membership), "a provider's managers may change its profile")
    names = ("annual_income", "accounts_year", "staff", "summary", "social_value")
    profile, _ = ProviderProfile.objects.update_or_create(
        organisation=membership.organisation, defaults={k: fields[k] for k in names}
    )
    return profile


def snapshot(profile: ProviderProfile) -> dict:
    """The profile as a bid keeps it: plain values, money as exact strings."""
    return {
        "organisation": profile.organisation.name,
        "annual_income": str(profile.annual_income),
        "accounts_year": profile.accounts_year,
        "staff": profile.staff,
        "summary": profile.summary,
        "social_value": profile.social_value,
        "size": profile.size,
        "small": profile.is_small,
        "taken_at": timezone.now().isoformat(),
    }


def _open_for_bids(tender: Tender, today: date) -> None:
    if tender.status != Status.OPEN or today > tender.closes_on:
        raise ValidationError(
            f"{tender} is not open for bids: bids cannot be made or changed after "
            f"{tender.closes_on:%-d %B %Y}, the closing date"
        )


@transaction.atomic
def submit_bid(membership, tender: Tender, *, price, answers: dict, costs: dict, today) -> Bid:
    """Make or change the organisation's bid. `answers` maps a question's id to the text;
    `costs` maps a cost category to (amount, notes), used when the tender asks for open book."""
    access.require(access.may_bid(membership), "a provider's managers may bid")
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _open_for_bids(tender, today)
    profile = ProviderProfile.objects.filter(organisation=membership.organisation_id).first()
    if profile is None:
        raise ValidationError("Fill in your organisation's profile first: every bid reuses it")
    errors = {}
    if price is None or Decimal(price) <= 0:
        errors["price"] = "Enter the price, more than £0"
    criteria = list(tender.criteria.all())
    for criterion in criteria:
        if not (answers.get(criterion.pk) or "").strip():
            errors[f"answer_{criterion.pk}"] = f"Answer “{criterion.question}”"
    lines = {k: v for k, v in costs.items() if v and v[0] is not None} if tender.open_book else {}
    if tender.open_book and not lines:
        errors["cost_front_line"] = (
            "This tender asks for open-book costs: give the full cost of delivery, line by line"
        )
    if errors:
        raise ValidationError(errors)
    bid, _ = Bid.objects.update_or_create(
        tender=tender,
        provider=membership.organisation,
        defaults={
            "price": price,
            "profile": profile,
            "profile_snapshot": snapshot(profile),
            "submitted_by": membership.user,
            "submitted_at": timezone.now(),
        },
    )
    bid.answers.all().delete()
    BidAnswer.objects.bulk_create(
        BidAnswer(bid=bid, criterion=c, text=answers[c.pk].strip()) for c in criteria
    )
    bid.cost_lines.all().delete()
    CostLine.objects.bulk_create(
        CostLine(bid=bid, category=category, amount=amount, notes=(notes or "").strip())
        for category, (amount, notes) in lines.items()
    )
    return bid


# Evaluation --------------------------------------------------------------------------------


@transaction.atomic
def start_evaluation(membership, tender: Tender, *, today: date) -> Tender:
    _runner(membership, tender)
    if tender.status != Status.OPEN:
        raise ValidationError("Only a tender open for bids can move to evaluation")
    if today <= tender.closes_on:
        raise ValidationError(
            f"Bids are taken until {tender.closes_on:%-d %B %Y}: evaluate after it closes"
        )
    if not tender.bids.exists():
        raise ValidationError("No bids came in: cancel the tender, or change and re-run it")
    tender.status = Status.EVALUATING
    tender.save(update_fields=["status"])
    return tender


def _evaluating(tender: Tender) -> None:
    if tender.status != Status.EVALUATING:
        raise ValidationError("Scores are recorded only while the tender is being evaluated")


@transaction.atomic
def score(membership, bid: Bid, scores: dict) -> list[EvaluatorScore]:
    """One evaluator's scores for a bid: `scores` maps a question's id to (score, comment)."""
    user = membership.user
    tender = bid.tender = Tender.objects.select_for_update().get(pk=bid.tender_id)
    access.require(access.evaluates(user, tender), "the tender's evaluators may score bids")
    if access.conflicted(user, bid):
        raise PermissionDenied("You cannot score a bid from your own organisation.")
    _evaluating(tender)
    if hasattr(bid, "moderation"):
        raise ValidationError("This bid's scores have been moderated: they are settled")
    errors = {}
    criteria = list(tender.criteria.all())
    for criterion in criteria:
        value, comment = scores.get(criterion.pk, (None, ""))
        if value is None or not 0 <= int(value) <= scoring.TOP_SCORE:
            errors[f"score_{criterion.pk}"] = f"Choose a score for “{criterion.question}”"
        if not (comment or "").strip():
            errors[f"comment_{criterion.pk}"] = f"Say why, for “{criterion.question}”"
    if errors:
        raise ValidationError(errors)
    saved = []
    for criterion in criteria:
        value, comment = scores[criterion.pk]
        row, _ = EvaluatorScore.objects.update_or_create(
            bid=bid,
            criterion=criterion,
            evaluator=user,
            defaults={"score": int(value), "comment": comment.strip()},
        )
        saved.append(row)
    return saved


def waiting_for(bid: Bid) -> list:
    """The evaluators who may score the bid and have not scored every question of it."""
    questions = bid.tender.criteria.count()
    missing = []
    for appointment in bid.tender.evaluators.select_related("user"):
        if access.conflicted(appointment.user, bid):
            continue
        if bid.scores.filter(evaluator=appointment.user).count() < questions:
            missing.append(appointment.user)
    return missing


@transaction.atomic
def moderate(membership, bid: Bid, *, scores: dict, reasons: str) -> Moderation:
    """The result that counts for a bid: `scores` maps a question's id to the agreed score."""
    tender = bid.tender = Tender.objects.select_for_update().get(pk=bid.tender_id)
    _runner(membership, tender)
    if access.conflicted(membership.user, bid):
        raise PermissionDenied("You cannot moderate a bid from your own organisation.")
    _evaluating(tender)
    if not tender.evaluators.exists() or not bid.scores.exists():
        raise ValidationError("Appoint evaluators and let them score the bid first")
    missing = waiting_for(bid)
    if missing:
        names = ", ".join(str(u) for u in missing)
        raise ValidationError(f"Waiting for scores from {names}: moderate once all have scored")
    errors = {}
    criteria = list(tender.criteria.all())
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None or not 0 <= int(value) <= scoring.TOP_SCORE:
            errors[f"score_{criterion.pk}"] = f"Choose the agreed score for “{criterion.question}”"
    if not (reasons or "").strip():
        errors["reasons"] = "Give the reasons for the moderated scores"
    if errors:
        raise ValidationError(errors)
    moderation, _ = Moderation.objects.update_or_create(
        bid=bid, defaults={"reasons": reasons.strip(), "moderated_by": membership.user}
    )
    moderation.scores.all().delete()
    ModeratedScore.objects.bulk_create(
        ModeratedScore(moderation=moderation, criterion=c, score=int(scores[c.pk]))
        for c in criteria
    )
    return moderation


@transaction.atomic
def award(membership, tender: Tender, bid: Bid, *, reasons: str, today: date) -> Tender:
    """Award to the bid with the highest moderated total (with a tie, one of those tied)."""
    _runner(membership, tender)
    if tender.status != Status.EVALUATING:
        raise ValidationError("Only a tender being evaluated can be awarded")
    if bid.tender_id != tender.pk:
        raise ValidationError({"bid": "Choose one of this tender's bids"})
    results = evaluation(tender)
    if any(not r.moderated for r in results):
        raise ValidationError("Moderate every bid before awarding")
    best = results[0].total
    chosen = next(r for r in results if r.bid.pk == bid.pk)
    if chosen.total != best:
        raise ValidationError(
            {
                "bid": f"{bid.provider} scored {chosen.total}; the highest is {best}. The "
                "tender must go to the highest score on the weights it stated"
            }
        )
    if not (reasons or "").strip():
        raise ValidationError({"reasons": "Give the reasons for the award"})
    tender.status = Status.AWARDED
    tender.awarded_bid = bid
    tender.decided_on = today
    tender.decision_reasons = reasons.strip()
    tender.save(update_fields=["status", "awarded_bid", "decided_on", "decision_reasons"])
    return tender


@transaction.atomic
def cancel(membership, tender: Tender, *, reasons: str, today: date) -> Tender:
    _runner(membership, tender)
    if tender.status in {Status.AWARDED, Status.CANCELLED}:
        raise ValidationError("The tender is already decided")
    if not (reasons or "").strip():
        raise ValidationError({"reasons": "Give the reasons for cancelling"})
    tender.status = Status.CANCELLED
    tender.decided_on = today
    tender.decision_reasons = reasons.strip()
    tender.save(update_fields=["status", "decided_on", "decision_reasons"])
    return tender
