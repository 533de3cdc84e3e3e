"""The evaluation maths, worked by hand, and its invariants (hypothesis)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.commissioning import tender_scoring as scoring

W = scoring.Weights(price=40, quality=40, social_value=20)
QUESTIONS = [
    scoring.Question(1, "quality", 60),
    scoring.Question(2, "quality", 40),
    scoring.Question(3, "social_value", 100),
]


def test_it_works_the_example_in_the_guide_by_hand():
    # Lowest price £80,000. A: 40 x 80/100 = 32; quality 40 x (0.6 x 4/5 + 0.4 x 3/5) = 28.80;
    # social value 20 x 5/5 = 20. B: 40 x 80/125 = 25.60; 40 x (0.6 + 0.4) = 40; 20 x 4/5 = 16.
    # C: 40; 40 x (0.6 x 2/5 + 0.4 x 3/5) = 19.20; 20 x 1/5 = 4.
    results = scoring.evaluate(
        W,
        QUESTIONS,
        [
            ("A", Decimal("100000.00"), {1: 4, 2: 3, 3: 5}),
            ("B", Decimal("125000.00"), {1: 5, 2: 5, 3: 4}),
            ("C", Decimal("80000.00"), {1: 2, 2: 3, 3: 1}),
        ],
    )
    got = [
        (r.bid, r.price_score, r.quality_score, r.social_value_score, r.total, r.rank)
        for r in results
    ]
    assert got == [
        ("B", Decimal("25.60"), Decimal("40.00"), Decimal("16.00"), Decimal("81.60"), 1),
        ("A", Decimal("32.00"), Decimal("28.80"), Decimal("20.00"), Decimal("80.80"), 2),
        ("C", Decimal("40.00"), Decimal("19.20"), Decimal("4.00"), Decimal("63.20"), 3),
    ]


def test_the_price_score_is_rounded_once_half_up_to_the_penny_of_a_point():
    assert scoring.price_score(W, Decimal("80000"), Decimal("90000")) == Decimal("35.56")
    assert scoring.to_hundredths(Fraction(5, 8)) == Decimal("0.63")  # half up, not to even
    assert scoring.to_hundredths(Fraction(1, 8)) == Decimal("0.13")
    assert scoring.to_hundredths(Fraction(1, 3)) == Decimal("0.33")


def test_equal_totals_share_a_rank_and_unmoderated_bids_come_last_without_a_total():
    results = scoring.evaluate(
        W,
        QUESTIONS,
        [
            ("A", Decimal("100"), {1: 5, 2: 5, 3: 5}),
            ("B", Decimal("100"), {1: 5, 2: 5, 3: 5}),
            ("C", Decimal("50"), None),
        ],
    )
    assert [(r.bid, r.rank, r.total) for r in results] == [
        ("A", 1, Decimal("80.00")),
        ("B", 1, Decimal("80.00")),
        ("C", None, None),
    ]
    # The unmoderated bid still sets the lowest price for the others.
    assert results[0].price_score == Decimal("20.00")


def test_a_question_without_a_moderated_score_scores_nothing():
    assert scoring.part_score(W, QUESTIONS, {1: 5}, "quality") == Decimal("24.00")


@pytest.mark.parametrize("weights,total", [((40, 40, 10), 90), ((50, 50, 10), 110)])
def test_weights_must_add_up_to_100(weights, total):
    problem = scoring.weights_problem(*weights)
    assert f"add up to {total}" in problem and "price" in problem


def test_a_score_out_of_range_is_refused():
    with pytest.raises(ValueError, match="0 to 5"):
        scoring.question_points(W, QUESTIONS[0], 6)


weights = st.tuples(st.integers(0, 100), st.integers(0, 100)).filter(lambda t: sum(t) <= 100)
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000000"), places=2)
score = st.integers(0, 5)


@settings(deadline=None)
@given(weights, st.lists(st.tuples(money, score, score, score), min_size=1, max_size=6))
def test_totals_add_up_stay_within_100_and_the_cheapest_gets_the_whole_price_weight(w, bids):
    price, quality = w
    weighted = scoring.Weights(price, quality, 100 - price - quality)
    results = scoring.evaluate(
        weighted, QUESTIONS, [(i, p, {1: a, 2: b, 3: c}) for i, (p, a, b, c) in enumerate(bids)]
    )
    for r in results:
        assert r.total == r.price_score + r.quality_score + r.social_value_score
        assert Decimal("0") <= r.total <= Decimal("100")
        assert r.price_score <= price
    cheapest = min(p for p, *_ in bids)
    assert all(r.price_score == price for r in results if r.price == cheapest)
    best = max(r.total for r in results)
    assert [r.total for r in results] == sorted((r.total for r in results), reverse=True)
    assert results[0].total == best and results[0].rank == 1


@settings(deadline=None)
@given(weights)
def test_full_marks_at_the_lowest_price_is_exactly_100(w):
    price, quality = w
    weighted = scoring.Weights(price, quality, 100 - price - quality)
    (result,) = scoring.evaluate(weighted, QUESTIONS, [("A", Decimal("5"), {1: 5, 2: 5, 3: 5})])
    assert result.total == Decimal("100.00")
