"""Reading tenders: the pipeline, a tender's evaluation (the moderated scores through the
stated formula), each evaluator's scores, and the tables the page and the exports share.
Callers have already checked who may read what (`tender_access`)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from joinedup.commissioning import tender_scoring as scoring
from joinedup.commissioning import terms
from joinedup.commissioning.tender_models import (
    Bid,
    Criterion,
    EvaluatorScore,
    ModeratedScore,
    Tender,
)

Status = Tender.Status


def pipeline(tenders):
    """Coming tenders (announced or open), soonest closing first; and those decided lately."""
    tenders = tenders.select_related("commissioner", "awarded_bid__provider")
    coming = tenders.filter(status__in=[Status.PLANNED, Status.OPEN]).order_by("closes_on", "title")
    evaluating = tenders.filter(status=Status.EVALUATING).order_by("closes_on", "title")
    decided = tenders.filter(status__in=[Status.AWARDED, Status.CANCELLED]).order_by(
        "-decided_on", "title"
    )[:20]
    return {"coming": list(coming), "evaluating": list(evaluating), "decided": list(decided)}


def questions(tender: Tender) -> list[Criterion]:
    return list(tender.criteria.all())


def weights(tender: Tender) -> scoring.Weights:
    return scoring.Weights(tender.price_weight, tender.quality_weight, tender.social_value_weight)


def evaluation(tender: Tender) -> list[scoring.Result]:
    """Every bid through the formula, on its moderated scores (best first; unmoderated after)."""
    bids = (
        Bid.objects.filter(tender=tender)
        .select_related("provider", "moderation")
        .prefetch_related(
            Prefetch("moderation__scores", queryset=ModeratedScore.objects.all()), "cost_lines"
        )
    )
    rows = []
    for bid in bids:
        moderation = getattr(bid, "moderation", None)
        agreed = {s.criterion_id: s.score for s in moderation.scores.all()} if moderation else None
        rows.append((bid, bid.price, agreed))
    asked = [scoring.Question(c.pk, c.part, c.weight) for c in questions(tender)]
    return scoring.evaluate(weights(tender), asked, rows)


@dataclass
class ScoreSheet:
    """For one bid: each question's evaluator scores and its moderated score."""

    bid: Bid
    rows: list = field(default_factory=list)  # (criterion, [EvaluatorScore], moderated or None)
    evaluators: list = field(default_factory=list)


def score_sheet(bid: Bid, *, only_evaluator=None) -> ScoreSheet:
    """`only_evaluator`: show that evaluator's own scores and nobody else's (an evaluator
    scores independently until their own scores for the bid are in)."""
    scores = EvaluatorScore.objects.filter(bid=bid).select_related("evaluator")
    if only_evaluator is not None:
        scores = scores.filter(evaluator=only_evaluator)
    moderation = getattr(bid, "moderation", None)
    moderated = {s.criterion_id: s.score for s in moderation.scores.all()} if moderation else {}
    by_question: dict[int, list] = {}
    evaluators = []
    for s in scores:
        by_question.setdefault(s.criterion_id, []).append(s)
        if s.evaluator not in evaluators:
            evaluators.append(s.evaluator)
    sheet = ScoreSheet(bid=bid, evaluators=evaluators)
    for criterion in questions(bid.tender):
        sheet.rows.append(
            (criterion, by_question.get(criterion.pk, []), moderated.get(criterion.pk))
        )
    return sheet


def has_scored(user, bid: Bid) -> bool:
    return (
        EvaluatorScore.objects.filter(bid=bid, evaluator=user).count()
        >= bid.tender.criteria.count()
    )


# Tables for the page and the exports ------------------------------------------------------

MATRIX_HEADER = [
    "Rank",
    "Provider",
    "Size",
    "Price (£)",
    "Full cost, open book (£)",
    "Below full cost by (£)",
    "Price score",
    "Quality score",
    "Social value score",
    "Total of 100",
    "Moderated",
]
#: The columns of numbers (from 0), set right in the page's table.
MATRIX_NUMERIC = {3, 4, 5, 6, 7, 8, 9}


def _money(value, display: bool) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}" if display else f"{value:.2f}"


def _points(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _size(snapshot: dict) -> str:
    """ "Medium, small provider": the band's name, and whether it counts as small."""
    band = snapshot.get("size", "").split(" (")[0]
    return f"{band}, small provider" if snapshot.get("small") else band


def matrix_rows(tender: Tender, results=None, *, display: bool = False) -> list[list]:
    """One row per bid, as the page's table (`display`: money with commas) and the export
    show them."""
    results = results if results is not None else evaluation(tender)
    rows = []
    for r in results:
        snapshot = r.bid.profile_snapshot or {}
        full = r.bid.full_cost
        gap = full - r.price if full is not None and full > r.price else None
        rows.append(
            [
                r.rank if r.rank is not None else "",
                r.bid.provider.name,
                _size(snapshot),
                _money(r.price, display),
                _money(full, display),
                _money(gap, display),
                _points(r.price_score),
                _points(r.quality_score),
                _points(r.social_value_score),
                _points(r.total),
                "yes" if r.moderated else "not yet",
            ]
        )
    return rows


SCORES_HEADER = [
    "Provider",
    "Part",
    "Question",
    "Question weight (of 100 in its part)",
    "Scored by",
    "Score (0 to 5)",
    "Comment or reasons",
]


def score_rows(tender: Tender) -> list[list]:
    """Every evaluator's score for every bid and question, then the moderated score."""
    rows = []
    bids = Bid.objects.filter(tender=tender).select_related("provider", "moderation")
    for bid in bids:
        sheet = score_sheet(bid)
        reasons = bid.moderation.reasons if hasattr(bid, "moderation") else ""
        for criterion, scores, moderated in sheet.rows:
            common = [bid.provider.name, criterion.get_part_display(), criterion.question]
            common.append(criterion.weight)
            for s in scores:
                rows.append([*common, s.evaluator.full_name, s.score, s.comment])
            if moderated is not None:
                rows.append([*common, "Moderated", moderated, reasons])
    return rows


def below_full_cost(bid: Bid):
    """How far the price falls short of the open-book full cost (None if it does not)."""
    full = bid.full_cost
    if full is None or bid.price >= full:
        return None
    return terms.pounds(full - bid.price)
