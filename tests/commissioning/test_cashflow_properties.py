"""Properties of the cash-flow engine that hold for any spec (hypothesis)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.commissioning.cashflow import parse, run, to_json, working_capital

pence = st.integers(min_value=0, max_value=5_000_000).map(lambda p: str(Decimal(p) / 100))


@st.composite
def specs(draw):
    months = draw(st.integers(1, 36))
    outcomes = [
        {
            "name": f"outcome {i}",
            "price": draw(pence),
            "lag_months": draw(st.integers(0, 12)),
            "achieved": {
                str(m): n
                for m, n in draw(
                    st.dictionaries(st.integers(1, 40), st.integers(0, 20), max_size=8)
                ).items()
            },
        }
        for i in range(draw(st.integers(0, 4)))
    ]
    spec = {"months": months, "monthly_cost": draw(pence), "outcomes": outcomes}
    for key in ("upfront", "fixed_monthly", "cap"):
        if draw(st.booleans()):
            spec[key] = draw(pence)
    return parse(spec)


def due(spec):
    return sum((o.price * n for o in spec.outcomes for n in o.achieved.values()), Decimal(0))


@settings(deadline=None)  # a busy shared machine must not fail a test of arithmetic
@given(specs())
def test_balance_is_the_running_sum_of_income_minus_cost(spec):
    total = Decimal(0)
    for row in run(spec):
        total += row.income - row.cost
        assert row.balance == total
        assert row.income == row.upfront + row.fixed + row.outcome_income


@settings(deadline=None)  # a busy shared machine must not fail a test of arithmetic
@given(specs())
def test_working_capital_is_minus_the_lowest_balance_or_zero(spec):
    rows = run(spec)
    capital = working_capital(rows)
    assert capital >= 0
    assert capital == -min(min(r.balance for r in rows), 0)
    assert capital.as_tuple().exponent == -2


@settings(deadline=None)  # a busy shared machine must not fail a test of arithmetic
@given(specs())
def test_outcome_payments_are_the_smaller_of_the_cap_and_every_price_times_count(spec):
    paid = sum((r.outcome_income for r in run(spec)), Decimal(0))
    if spec.cap is not None:
        assert paid <= spec.cap
        assert paid == min(spec.cap, due(spec))
    else:
        assert paid == due(spec)
    # What the cap holds back is shown in the months the rows reach (a month past the last
    # payment, with nothing paid, is not a row).
    assert paid + sum((r.withheld for r in run(spec)), Decimal(0)) <= due(spec)


@settings(deadline=None)  # a busy shared machine must not fail a test of arithmetic
@given(specs())
def test_rows_run_to_the_contracts_end_or_the_last_payment(spec):
    rows = run(spec)
    assert [r.month for r in rows] == list(range(1, len(rows) + 1))
    assert len(rows) >= spec.months
    if len(rows) > spec.months:
        assert rows[-1].income > 0
        assert all(r.cost == 0 and r.fixed == 0 for r in rows[spec.months :])
    assert sum(r.cost for r in rows) == spec.monthly_cost * spec.months


@settings(deadline=None)  # a busy shared machine must not fail a test of arithmetic
@given(specs())
def test_every_amount_is_exact_pence_and_the_spec_survives_a_round_trip(spec):
    for row in run(spec):
        for amount in (row.cost, row.income, row.balance, row.withheld):
            assert isinstance(amount, Decimal) and amount.as_tuple().exponent == -2
    assert parse(to_json(spec)) == spec
