"""The balance: business-case adjustments, each on its own line, exact (hypothesis + worked)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.costs.balance import (
    GREEN_BOOK_RATE,
    Adjustments,
    balance,
    deadweight_from_comparison,
    discount_factor,
)
from joinedup.costs.change import Line

money = st.integers(-(10**9), 10**9).map(lambda p: Decimal(p) / 100)
savings = st.lists(money, min_size=1, max_size=4)
percent = st.integers(0, 1000).map(lambda p: Decimal(p) / 10)
maybe = st.one_of(st.none(), percent)
adjustments = st.builds(
    Adjustments,
    deadweight=maybe,
    attribution=maybe,
    optimism_bias=maybe,
    discount_rate=st.sampled_from([None, GREEN_BOOK_RATE]),
)
cost = st.integers(0, 10**9).map(lambda p: Decimal(p) / 100)


def test_a_worked_business_case_shows_every_line():
    result = balance(
        [Decimal("10000"), Decimal("10000")],
        Decimal("4000"),
        Adjustments(Decimal(20), "entered", Decimal(50), Decimal(10), GREEN_BOOK_RATE),
    )
    # Each year: 10,000 less 20% deadweight = 8,000; 50% attributed = 4,000; less 10% = 3,600.
    # Year two discounted one year: 3,600 / 1.035 = 3,478.26 (half up).
    assert [(line.key, line.amount) for line in result.lines] == [
        ("gross", Decimal("20000.00")),
        ("deadweight", Decimal("-4000.00")),
        ("attribution", Decimal("-8000.00")),
        ("optimism_bias", Decimal("-800.00")),
        ("discount", Decimal("-121.74")),
        ("credited", Decimal("7078.26")),
        ("programme_cost", Decimal("-4000.00")),
        ("net", Decimal("3078.26")),
    ]
    assert result.return_per_pound == Decimal("1.77")


@given(savings, cost, adjustments)
def test_the_steps_add_up_to_the_credited_saving_and_the_net(years, spent, chosen):
    result = balance(years, spent, chosen)
    steps = [
        line.amount for line in result.lines if not line.total and line.key != "programme_cost"
    ]
    assert sum(steps) == result.credited
    assert result.net == result.credited - result.programme_cost
    assert all(line.amount.as_tuple().exponent == -2 for line in result.lines)


@given(savings, cost, st.sampled_from(["deadweight", "attribution", "optimism_bias"]), percent,
       percent)  # fmt: skip
def test_a_larger_adjustment_never_credits_more(years, spent, name, a, b):
    low, high = sorted([a, b])
    if name == "attribution":  # a smaller share attributed is the larger adjustment
        low, high = high, low
    less = balance(years, spent, Adjustments(**{name: high})).credited
    more = balance(years, spent, Adjustments(**{name: low})).credited
    assert less <= more


@given(st.lists(money.map(abs), min_size=1, max_size=4), cost)
def test_discounting_never_credits_more_when_every_period_saved(years, spent):
    plain = balance(years, spent).credited
    discounted = balance(years, spent, Adjustments(discount_rate=GREEN_BOOK_RATE)).credited
    assert discounted <= plain


@given(savings, adjustments)
def test_a_rise_in_costs_is_never_shrunk_by_an_adjustment_other_than_discounting(years, chosen):
    rises = [min(s, Decimal(0)) for s in years]
    undiscounted = Adjustments(chosen.deadweight, "entered", chosen.attribution,
                               chosen.optimism_bias)  # fmt: skip
    assert balance(rises, Decimal(0), undiscounted).credited == sum(rises)


def test_return_per_pound_is_empty_without_a_programme_cost():
    assert balance([Decimal(100)], Decimal(0)).return_per_pound is None


def test_percentages_outside_0_to_100_are_refused():
    with pytest.raises(ValueError):
        Adjustments(optimism_bias=Decimal(101))


def test_the_green_book_factor_for_year_two():
    assert discount_factor(GREEN_BOOK_RATE, Decimal(2)).quantize(Decimal("0.0001")) == Decimal(
        "0.9335"
    )


def test_deadweight_from_a_comparison_cohort():
    cohort = Line("TOTAL", Decimal(1000), Decimal(700))  # saved 300
    comparison = Line("TOTAL", Decimal(500), Decimal(450))  # fell 10% anyway
    assert deadweight_from_comparison(cohort, comparison) == Decimal("33.3")
    rising = Line("TOTAL", Decimal(500), Decimal(600))
    assert deadweight_from_comparison(cohort, rising) == Decimal("0.0")
