"""Tenders under /api/v1/tenders/: the pipeline and each tender's published terms for every
member of the area; a bid for those who may read it (a rival's bid is 404); the evaluation
for the tender's commissioners and evaluators. Money is an exact decimal string."""

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from joinedup.commissioning import tender_access as access
from joinedup.commissioning import tender_queries as queries

router = Router(tags=["tenders"])


class CriterionOut(Schema):
    id: int
    part: str
    question: str
    weight: int


class TenderOut(Schema):
    id: int
    title: str
    commissioner: str
    status: str
    estimated_value: Decimal
    publish_on: date
    closes_on: date
    price_weight: int
    quality_weight: int
    social_value_weight: int
    open_book: bool
    awarded_to: str | None


class TenderDetailOut(TenderOut):
    description: str
    criteria: list[CriterionOut]


class ResultOut(Schema):
    bid_id: int
    provider: str
    price: Decimal
    full_cost: Decimal | None
    price_score: Decimal
    quality_score: Decimal | None
    social_value_score: Decimal | None
    total: Decimal | None
    rank: int | None
    moderated: bool


class CostLineOut(Schema):
    category: str
    amount: Decimal
    notes: str


class AnswerOut(Schema):
    criterion_id: int
    text: str


class BidOut(Schema):
    id: int
    tender_id: int
    provider: str
    price: Decimal
    submitted_at: str
    profile: dict
    answers: list[AnswerOut]
    cost_lines: list[CostLineOut]


def _tender(t) -> dict:
    return {
        "id": t.pk,
        "title": t.title,
        "commissioner": t.commissioner.name,
        "status": t.status,
        "estimated_value": t.estimated_value,
        "publish_on": t.publish_on,
        "closes_on": t.closes_on,
        "price_weight": t.price_weight,
        "quality_weight": t.quality_weight,
        "social_value_weight": t.social_value_weight,
        "open_book": t.open_book,
        "awarded_to": t.awarded_bid.provider.name if t.awarded_bid_id else None,
    }


@router.get("/", response=list[TenderOut], url_name="tenders")
def list_tenders(request: HttpRequest):
    """Every tender in the pipeline, soonest closing first."""
    tenders = access.tenders_for(request.membership).select_related("awarded_bid__provider")
    return [_tender(t) for t in tenders]


@router.get("/{id:tender_id}", response=TenderDetailOut, url_name="tender")
def get_tender(request: HttpRequest, tender_id: int):
    """A tender's published terms: what is bought, the weights and the questions."""
    tender = access.tender_for(request.membership, tender_id)
    criteria = [
        {"id": c.pk, "part": c.part, "question": c.question, "weight": c.weight}
        for c in queries.questions(tender)
    ]
    return _tender(tender) | {"description": tender.description, "criteria": criteria}


@router.get("/{id:tender_id}/evaluation", response=list[ResultOut], url_name="tender-evaluation")
def get_evaluation(request: HttpRequest, tender_id: int):
    """Each bid through the stated formula on its moderated scores, best first (for the
    tender's commissioners and evaluators)."""
    tender = access.tender_for(request.membership, tender_id)
    access.require(
        access.sees_all_bids(request.membership, request.user, tender),
        "the tender's commissioners and evaluators",
    )
    return [
        {
            "bid_id": r.bid.pk,
            "provider": r.bid.provider.name,
            "price": r.price,
            "full_cost": r.bid.full_cost,
            "price_score": r.price_score,
            "quality_score": r.quality_score,
            "social_value_score": r.social_value_score,
            "total": r.total,
            "rank": r.rank,
            "moderated": r.moderated,
        }
        for r in queries.evaluation(tender)
    ]


@router.get("/{id:tender_id}/bids/{id:bid_id}", response=BidOut, url_name="tender-bid")
def get_bid(request: HttpRequest, tender_id: int, bid_id: int):
    """A bid with the profile it was made with, its answers and any open-book costs."""
    tender = access.tender_for(request.membership, tender_id)
    bid = access.bid_for(request.membership, request.user, tender, bid_id)
    return {
        "id": bid.pk,
        "tender_id": tender.pk,
        "provider": bid.provider.name,
        "price": bid.price,
        "submitted_at": bid.submitted_at.isoformat(),
        "profile": bid.profile_snapshot,
        "answers": [{"criterion_id": a.criterion_id, "text": a.text} for a in bid.answers.all()],
        "cost_lines": [
            {"category": c.category, "amount": c.amount, "notes": c.notes}
            for c in bid.cost_lines.all()
        ],
    }
