"""Days from outcome to claim to payment, worked by hand, and the median's properties."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from joinedup.commissioning import timing
from joinedup.commissioning.timing import ClaimDates, Spread

TODAY = date(2025, 9, 1)


def test_one_paid_claim():
    """Outcomes on 1 and 11 March, claimed 31 March (30 and 20 days), paid 30 April (30 days
    after the claim; 60 and 50 days after the outcomes)."""
    c = ClaimDates([date(2025, 3, 1), date(2025, 3, 11)], date(2025, 3, 31), date(2025, 4, 30))
    t = timing.of_claims([c], TODAY)
    assert t.outcome_to_claim == Spread(2, Decimal(25), 30)
    assert t.claim_to_payment == Spread(1, Decimal(30), 30)
    assert t.outcome_to_payment == Spread(2, Decimal(55), 60)
    assert t.waiting == Spread(0, None, None)


def test_a_contract_with_a_paid_claim_one_waiting_and_a_draft():
    paid = ClaimDates([date(2025, 3, 1)], date(2025, 3, 31), date(2025, 4, 30))
    waiting = ClaimDates(
        [date(2025, 6, 1), date(2025, 6, 2), date(2025, 6, 9)], date(2025, 7, 1), None
    )
    draft = ClaimDates([date(2025, 8, 1)], None, None)
    t = timing.of_claims([paid, waiting, draft], TODAY)
    # outcome to claim: 30 (paid), 30, 29, 22 (waiting): median of 22, 29, 30, 30 is 29.5
    assert t.outcome_to_claim == Spread(4, Decimal("29.5"), 30)
    assert t.claim_to_payment == Spread(1, Decimal(30), 30)
    assert t.outcome_to_payment == Spread(1, Decimal(60), 60)
    assert t.waiting == Spread(1, Decimal(62), 62)  # 1 July to 1 September


def test_days_in_words():
    assert [timing.days_words(v) for v in (None, 1, Decimal("2.5"), 30)] == [
        "none yet",
        "1 day",
        "2.5 days",
        "30 days",
    ]


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=40))
def test_the_median_lies_between_the_shortest_and_the_longest(days):
    s = timing.spread(days)
    assert min(days) <= s.median <= s.longest == max(days) and s.count == len(days)
    below = sum(1 for d in days if d < s.median)
    above = sum(1 for d in days if d > s.median)
    assert below <= len(days) / 2 and above <= len(days) / 2


@given(st.integers(min_value=0, max_value=300), st.integers(min_value=0, max_value=300))
def test_outcome_to_payment_is_outcome_to_claim_plus_claim_to_payment(to_claim, to_pay):
    achieved = date(2025, 1, 1)
    submitted = achieved + timedelta(days=to_claim)
    t = timing.of_claims(
        [ClaimDates([achieved], submitted, submitted + timedelta(days=to_pay))], TODAY
    )
    assert t.outcome_to_payment.longest == to_claim + to_pay
