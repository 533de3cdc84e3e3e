"""The evaluation maths, exact: plain Python (no Django), so a figure can be checked by hand.

The formula, stated in every tender before anyone bids:

- **Price**: the lowest price bid, divided by this bid's price, times the price weight. The
  lowest bid gets the whole price weight; a bid twice the lowest gets half of it.
- **Quality** and **social value**: each question is scored 0 to 5. A part's score is its
  weight times the sum, over its questions, of (question weight / 100) x (score / 5).
  A bid scoring 5 on every quality question gets the whole quality weight.
- Only the **moderated** scores count; each evaluator's own scores are the record of how the
  moderated result was reached.
- Each part's score is worked out exactly (as a fraction) and rounded once, half up, to two
  decimal places; the **total** is the sum of the three rounded parts, so the table adds up as
  shown. Totals are out of 100. Bids with equal totals share a rank.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

TOP_SCORE = 5
QUALITY = "quality"
SOCIAL_VALUE = "social_value"
PARTS = (QUALITY, SOCIAL_VALUE)
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Question:
    id: int
    part: str
    weight: int


@dataclass(frozen=True)
class Weights:
    price: int
    quality: int
    social_value: int

    def of(self, part: str) -> int:
        return self.quality if part == QUALITY else self.social_value


@dataclass
class Result:
    bid: object
    price: Decimal
    price_score: Decimal
    quality_score: Decimal | None = None
    social_value_score: Decimal | None = None
    total: Decimal | None = None
    rank: int | None = None
    #: The question's weighted points (as rounded parts are built from them), for the table.
    points: dict = field(default_factory=dict)

    @property
    def moderated(self) -> bool:
        return self.total is not None


def to_hundredths(value: Fraction) -> Decimal:
    """A (non-negative) fraction rounded half up to two places, in integers, so exactly."""
    scaled = value * 100
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if rest * 2 >= scaled.denominator:
        whole += 1
    return (Decimal(whole) / 100).quantize(HUNDREDTH)


def price_score(weights: Weights, lowest: Decimal, price: Decimal) -> Decimal:
    if price <= 0:
        raise ValueError("A price must be more than £0.")
    return to_hundredths(Fraction(weights.price) * Fraction(lowest) / Fraction(price))


def question_points(weights: Weights, question: Question, score: int) -> Fraction:
    if not 0 <= score <= TOP_SCORE:
        raise ValueError(f"A score is 0 to {TOP_SCORE}, not {score}.")
    return Fraction(weights.of(question.part) * question.weight * score, 100 * TOP_SCORE)


def part_score(weights: Weights, questions, scores: dict, part: str) -> Decimal:
    """`scores` maps a question's id to its moderated score; a question left out scores 0."""
    total = sum(
        (question_points(weights, q, scores.get(q.id, 0)) for q in questions if q.part == part),
        Fraction(0),
    )
    return to_hundredths(total)


def evaluate(weights: Weights, questions, bids) -> list[Result]:
    """`bids` are (bid, price, moderated scores by question id, or None if not yet moderated).
    The lowest price is the lowest of all the bids. Results come best first, then unmoderated
    bids by price."""
    bids = list(bids)
    if not bids:
        return []
    lowest = min(Decimal(price) for _, price, _ in bids)
    results = []
    for bid, price, scores in bids:
        result = Result(
            bid=bid, price=Decimal(price), price_score=price_score(weights, lowest, price)
        )
        if scores is not None:
            result.quality_score = part_score(weights, questions, scores, QUALITY)
            result.social_value_score = part_score(weights, questions, scores, SOCIAL_VALUE)
            result.total = result.price_score + result.quality_score + result.social_value_score
            result.points = {
                q.id: to_hundredths(question_points(weights, q, scores.get(q.id, 0)))
                for q in questions
            }
        results.append(result)
    ranked = sorted((r for r in results if r.moderated), key=lambda r: -r.total)
    for r in ranked:
        r.rank = 1 + sum(1 for other in ranked if other.total > r.total)
    waiting = sorted((r for r in results if not r.moderated), key=lambda r: r.price)
    return ranked + waiting


def weights_problem(price: int, quality: int, social_value: int) -> str | None:
    """Why the three weights cannot stand, or None."""
    total = price + quality + social_value
    if total != 100:
        return (
            f"The weights for price, quality and social value must add up to 100; these add "
            f"up to {total} (price {price}, quality {quality}, social value {social_value})"
        )
    return None
