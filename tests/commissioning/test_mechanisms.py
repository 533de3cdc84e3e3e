"""Every payment mechanism on one hand-worked contract, the rounding of instalments, and the
share of income at risk; each mechanism's spec gives the same months through the command."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.commissioning import cashflow, mechanisms
from joinedup.commissioning.mechanisms import (
    FINAL,
    INTERIM,
    OUTPUT,
    REMAINDER,
    RateCardLine,
    Terms,
    TermsError,
    compare,
    income_at_risk,
    instalments,
    investor_months,
    spec_for,
)

D = Decimal

# A 6-month contract worth 6,000.00; delivering it costs the provider 1,000.00 a month. 10% up
# front (600.00); under PbR 40% at risk. The rate card:
#   an output, "assessment done", 100.00, paid the month it is done, 10 a month (1,000 a month);
#   an interim outcome, "housed 3 months", 200.00, paid 1 month on: 5 in month 3, 5 in month 4
#     (1,000 paid in month 4, 1,000 in month 5);
#   a final outcome, "housed 6 months", 500.00, paid 2 months on: 4 in month 5, 4 in month 6
#     (2,000 paid in month 7, 2,000 in month 8).
# Cost and volume: 50.00 a unit, 20 units a month (1,000), invoiced monthly in arrears (paid the
# month after).
TERMS = Terms(
    months=6,
    monthly_cost=D("1000.00"),
    value=D("6000.00"),
    share_at_risk=D("0.4"),
    upfront_share=D("0.1"),
    rate_card=(
        RateCardLine("assessment done", D("100.00"), 0, [10] * 6, stage=OUTPUT),
        RateCardLine("housed 3 months", D("200.00"), 1, {3: 5, 4: 5}, stage=INTERIM),
        RateCardLine("housed 6 months", D("500.00"), 2, {5: 4, 6: 4}, stage=FINAL),
    ),
    unit_price=D("50.00"),
    volume=[20] * 6,
)


def months(rows):
    """(income, balance) a month, as MONTHS.csv prints them."""
    return [(str(r.income), str(r.balance)) for r in rows]


def test_block_pays_the_rest_in_equal_monthly_instalments():
    # 600 up front, then (6,000 - 600) / 6 = 900 a month. Month 1: 600 + 900 - 1,000 = +500;
    # each later month loses 100: 400, 300, 200, 100, 0. Never below zero: no working capital.
    rows = cashflow.run(mechanisms.block(TERMS))
    assert months(rows) == [
        ("1500.00", "500.00"), ("900.00", "400.00"), ("900.00", "300.00"),
        ("900.00", "200.00"), ("900.00", "100.00"), ("900.00", "0.00"),
    ]  # fmt: skip
    assert cashflow.working_capital(rows) == D("0.00")


def test_a_learning_partnership_pays_as_a_block_does_and_nothing_on_the_rate_card():
    rows = cashflow.run(mechanisms.learning_partnership(TERMS))
    assert months(rows) == months(cashflow.run(mechanisms.block(TERMS)))
    assert all(r.outcomes == {} for r in rows)


def test_a_grant_pays_quarterly_in_advance():
    # 600 up front; the 5,400 left in 2 instalments (months 1 and 4) of 2,700. Month 1: 3,300 in,
    # 1,000 out: +2,300; months 2, 3: 1,300, 300; month 4: +2,700 - 1,000: 2,000; then 1,000, 0.
    rows = cashflow.run(mechanisms.grant(TERMS))
    assert months(rows) == [
        ("3300.00", "2300.00"), ("0.00", "1300.00"), ("0.00", "300.00"),
        ("2700.00", "2000.00"), ("0.00", "1000.00"), ("0.00", "0.00"),
    ]  # fmt: skip
    monthly = Terms(months=3, monthly_cost=D(0), value=D("90.00"), grant_instalment_months=1)
    assert [str(r.income) for r in cashflow.run(mechanisms.grant(monthly))] == ["30.00"] * 3


def test_cost_and_volume_pays_units_in_arrears_split_at_the_cap_past_the_contracts_end():
    # 600 up front; 20 units x 50 = 1,000 a month paid the month after: months 2 to 7. The cap
    # is the value less the up-front payment, 5,400: months 2-6 pay 5,000, month 7 the last 400.
    # Balances: -400 in month 1 and every month after (1,000 in, 1,000 out), 0 in month 7.
    rows = cashflow.run(mechanisms.cost_and_volume(TERMS))
    assert months(rows) == [("600.00", "-400.00")] + [("1000.00", "-400.00")] * 5 + [
        ("400.00", "0.00")
    ]
    assert rows[6].cost == 0 and rows[6].withheld == D("600.00")
    assert cashflow.working_capital(rows) == D("400.00")


def test_output_based_pays_on_outputs_only_up_to_the_value():
    # 600 up front; 10 assessments x 100 = 1,000 a month; cap 5,400: months 1-5 pay 5,000, month
    # 6 the last 400. Balances: 600 + 1,000 - 1,000 = 600 for months 1-5, then 0.
    rows = cashflow.run(mechanisms.output_based(TERMS))
    assert months(rows) == [("1600.00", "600.00")] + [("1000.00", "600.00")] * 4 + [
        ("400.00", "0.00")
    ]


def test_outcome_based_pays_interim_and_final_outcomes_late_and_needs_the_most_capital():
    # 600 up front. Interim: 1,000 in month 4, 1,000 in month 5. Final: 2,000 in month 7, 2,000
    # due in month 8 but only 1,400 of the 5,400 cap left. Balances: -400, -1,400, -2,400,
    # -2,400, -2,400, -3,400 (last month of cost), -1,400, 0. Working capital 3,400.
    rows = cashflow.run(mechanisms.outcome_based(TERMS))
    assert months(rows) == [
        ("600.00", "-400.00"), ("0.00", "-1400.00"), ("0.00", "-2400.00"),
        ("1000.00", "-2400.00"), ("1000.00", "-2400.00"), ("0.00", "-3400.00"),
        ("2000.00", "-1400.00"), ("1400.00", "0.00"),
    ]  # fmt: skip
    assert cashflow.working_capital(rows) == D("3400.00")
    assert "assessment done" not in {n for r in rows for n in r.outcomes}


def test_payment_by_results_guarantees_part_and_caps_the_share_at_risk():
    # Guaranteed 60% = 3,600: 600 up front, the 3,000 left at 500 a month. At risk 40% = 2,400,
    # the cap. Outcomes: 1,000 in month 4, 1,000 in month 5, then 2,000 due in month 7 with 400
    # of cap left: 400; month 8's 2,000 is nothing, so the rows end in month 7.
    # Balances: 1,100 - 1,000 = 100; -400; -900; +500 -> -400; +500 -> 100; -400; +400 -> 0.
    rows = cashflow.run(mechanisms.payment_by_results(TERMS))
    assert months(rows) == [
        ("1100.00", "100.00"), ("500.00", "-400.00"), ("500.00", "-900.00"),
        ("1500.00", "-400.00"), ("1500.00", "100.00"), ("500.00", "-400.00"), ("400.00", "0.00"),
    ]  # fmt: skip
    assert cashflow.working_capital(rows) == D("900.00")
    assert sum(r.outcome_income for r in rows) == D("2400.00")


def test_a_social_impact_bond_funds_the_provider_and_the_investor_carries_the_risk():
    # The investor pays the provider its 1,000 a month: the provider's balance is 0 throughout.
    provider = cashflow.run(mechanisms.social_impact_bond(TERMS).provider)
    assert months(provider) == [("1000.00", "0.00")] * 6
    # The investor spends 1,000 a month and is paid on outcomes with no cap: 1,000 in months 4
    # and 5, 2,000 in months 7 and 8 (6,000 in all). Balances: -1,000, -2,000, -3,000, -3,000,
    # -3,000, -4,000, -2,000, 0: the bond needs 4,000 of the investor's capital.
    investor = investor_months(TERMS)
    assert [str(r.balance) for r in investor] == [
        "-1000.00", "-2000.00", "-3000.00", "-3000.00", "-3000.00", "-4000.00", "-2000.00", "0.00"
    ]  # fmt: skip
    assert cashflow.working_capital(investor) == D("4000.00")


def test_compare_gives_each_mechanism_asked_for_in_order():
    result = compare(TERMS, [mechanisms.PAYMENT_BY_RESULTS, mechanisms.BLOCK])
    assert list(result) == ["payment_by_results", "block"]
    assert [cashflow.working_capital(rows) for rows in result.values()] == [D("900.00"), D(0)]
    assert list(compare(TERMS)) == list(mechanisms.MECHANISMS)
    assert compare(TERMS)["social_impact_bond"] == cashflow.run(
        spec_for(TERMS, "social_impact_bond")
    )


@pytest.mark.parametrize(
    "mechanism, outcomes, activity",
    [
        ("block", "0.0000", "0.0000"),
        ("grant", "0.0000", "0.0000"),
        ("learning_partnership", "0.0000", "0.0000"),
        ("social_impact_bond", "0.0000", "0.0000"),
        ("payment_by_results", "0.4000", "0.0000"),  # 2,400 of 6,000
        ("outcome_based", "0.9000", "0.0000"),  # 5,400 of 6,000
        ("output_based", "0.0000", "0.9000"),
        ("cost_and_volume", "0.0000", "0.9000"),
    ],
)
def test_the_share_of_income_at_risk(mechanism, outcomes, activity):
    risk = income_at_risk(TERMS, mechanism)
    assert (str(risk.share_on_outcomes), str(risk.share_on_activity)) == (outcomes, activity)
    assert risk.income == D("6000.00") or mechanism == "social_impact_bond"


def test_a_small_sub_with_60_percent_at_risk():
    terms = Terms(
        months=12, monthly_cost=D("1000.00"), value=D("12000.00"), share_at_risk=D("0.6"),
        rate_card=(RateCardLine("sustained", D("600.00"), 1, [2] * 12),),
    )  # fmt: skip
    assert income_at_risk(terms, "payment_by_results").share_on_outcomes == D("0.6000")


# --- exact money ------------------------------------------------------------------------------


def test_instalments_put_the_pennies_left_over_in_the_last_one():
    assert instalments(D("1000.00"), 3) == (D("333.33"), D("0.01"))
    assert instalments(D("0.02"), 3) == (D("0.00"), D("0.02"))
    assert instalments(D("5400.00"), 6) == (D("900.00"), D("0.00"))


def test_a_block_that_does_not_divide_evenly_pays_its_value_exactly():
    # 1,000.00 over 3 months: 333.33, 333.33 and 333.34.
    terms = Terms(months=3, monthly_cost=D(0), value=D("1000.00"))
    rows = cashflow.run(mechanisms.block(terms))
    assert [str(r.income) for r in rows] == ["333.33", "333.33", "333.34"]
    assert rows[2].outcomes == {REMAINDER: D("0.01")}


def test_a_grant_that_does_not_divide_evenly_pays_its_value_exactly():
    # 100.01 up front share 1/3 of it: 33.34 (half up); 66.67 left in 4 quarters over 12 months:
    # 16.66 in months 1, 4, 7 and 16.69 in month 10.
    terms = Terms(months=12, monthly_cost=D(0), value=D("100.01"), upfront_share=D(1) / D(3))
    incomes = {r.month: str(r.income) for r in cashflow.run(mechanisms.grant(terms)) if r.income}
    assert incomes == {1: "50.00", 4: "16.66", 7: "16.66", 10: "16.69"}


def test_pbr_guaranteed_pennies_go_in_the_last_instalment_and_the_value_is_exact():
    # Value 1,000.00, half at risk: 500.00 guaranteed over 3 months is 166.66, 166.66, 166.68;
    # the rate card pays 100 a month up to the 500.00 cap.
    terms = Terms(
        months=3, monthly_cost=D(0), value=D("1000.00"), share_at_risk=D("0.5"),
        rate_card=(RateCardLine("o", D("100.00"), 0, [1, 1, 1]),),
    )  # fmt: skip
    rows = cashflow.run(mechanisms.payment_by_results(terms))
    assert [str(r.fixed + r.outcomes.get(REMAINDER, 0)) for r in rows] == [
        "166.66", "166.66", "166.68"
    ]  # fmt: skip
    assert [str(r.income) for r in rows] == ["266.66", "266.66", "266.68"]


def test_pbr_over_performing_is_paid_exactly_its_value():
    # 3 months, value 1,000.00, half at risk: 166.66 a month guaranteed (+0.02 left over), cap
    # 500.00 (+0.02). The rate card earns 1,000 in month 1, far past the cap: 500.02 is paid
    # then (the pennies travel with it), and the contract still pays exactly 1,000.00.
    terms = Terms(
        months=3, monthly_cost=D(0), value=D("1000.00"), share_at_risk=D("0.5"),
        rate_card=(RateCardLine("o", D("1000.00"), 0, [1]),),
    )  # fmt: skip
    rows = cashflow.run(mechanisms.payment_by_results(terms))
    assert sum(r.income for r in rows) == D("1000.00")
    assert rows[0].outcomes == {"o": D("500.02")}


@pytest.mark.parametrize(
    "mechanism", [m for m in mechanisms.MECHANISMS if m != "social_impact_bond"]
)  # a bond pays the provider its cost, and the investor's income has no cap here
def test_every_contract_pays_exactly_its_value_when_more_than_enough_is_achieved(mechanism):
    rows = cashflow.run(spec_for(TERMS, mechanism))
    assert sum(r.income for r in rows) == TERMS.value


# --- through the command ------------------------------------------------------------------------


@pytest.mark.parametrize("mechanism", mechanisms.MECHANISMS)
def test_each_mechanisms_spec_gives_the_same_months_through_joinedup_cashflow(tmp_path, mechanism):
    spec = spec_for(TERMS, mechanism)
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(cashflow.to_json(spec)))
    call_command("cashflow", str(path), "--out", str(tmp_path / "months.csv"), stderr=io.StringIO())
    expected = io.StringIO()
    cashflow.write_csv(compare(TERMS, [mechanism])[mechanism], expected)
    assert (tmp_path / "months.csv").read_text() == expected.getvalue()


# --- terms that cannot be a contract ------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"months": 0}, "months"),
        ({"monthly_cost": 1000.0}, "monthly_cost"),
        ({"value": D("-1")}, "value"),
        ({"value": D("1.001")}, "value"),
        ({"share_at_risk": D("1.2")}, "share_at_risk"),
        ({"share_at_risk": 0.4}, "share_at_risk"),
        ({"upfront_share": D("-0.1")}, "upfront_share"),
        ({"cap": 5.0}, "cap"),
        ({"grant_instalment_months": 0}, "grant_instalment_months"),
        ({"volume": {0: 3}}, "volume: month"),
        ({"volume": [1, -1]}, "volume: month 2"),
        ({"volume": "lots"}, "volume"),
        ({"rate_card": (RateCardLine("a", D(1)), RateCardLine("a", D(2)))}, "rate card 'a'"),
    ],
)
def test_terms_that_cannot_be_a_contract_are_refused(changes, field):
    base = {"months": 6, "monthly_cost": D(1), "value": D(6)}
    with pytest.raises(TermsError) as caught:
        Terms(**{**base, **changes})
    assert caught.value.field == field


@pytest.mark.parametrize(
    "line",
    [
        lambda: RateCardLine("", D(1)),
        lambda: RateCardLine(REMAINDER, D(1)),
        lambda: RateCardLine("o", D("-1")),
        lambda: RateCardLine("o", D(1), -1),
        lambda: RateCardLine("o", D(1), stage="bonus"),
        lambda: RateCardLine("o", D(1), expected=[1.5]),
    ],
)
def test_a_bad_rate_card_line_is_refused(line):
    with pytest.raises(TermsError):
        line()


def test_pbr_refuses_more_up_front_than_it_guarantees():
    terms = Terms(months=6, monthly_cost=D(1), value=D(6), share_at_risk=D("0.8"),
                  upfront_share=D("0.3"))  # fmt: skip
    with pytest.raises(TermsError, match="upfront_share"):
        mechanisms.payment_by_results(terms)


def test_an_unknown_mechanism_is_refused():
    with pytest.raises(TermsError, match="'barter' is not one of grant, block"):
        spec_for(TERMS, "barter")


# --- properties ---------------------------------------------------------------------------------

pence = st.integers(0, 10_000_000).map(lambda p: Decimal(p) / 100)


@settings(deadline=None)
@given(pence, st.integers(1, 120))
def test_instalments_always_add_up_to_the_total(total, count):
    each, left = instalments(total, count)
    assert each * count + left == total
    assert 0 <= left < Decimal("0.01") * count
    assert each.as_tuple().exponent == -2


@settings(deadline=None)
@given(pence, st.integers(1, 60), st.integers(0, 100).map(lambda p: Decimal(p) / 100),
       st.integers(0, 100).map(lambda p: Decimal(p) / 100), st.integers(1, 12))  # fmt: skip
def test_every_instalment_mechanism_pays_exactly_its_value(value, months, share, upfront, every):
    terms = Terms(months=months, monthly_cost=D(0), value=value, share_at_risk=share,
                  upfront_share=min(upfront, 1 - share), grant_instalment_months=every,
                  rate_card=(RateCardLine("o", value, 0, {1: 1}),))  # fmt: skip
    for mechanism in ("grant", "block", "learning_partnership", "payment_by_results"):
        rows = cashflow.run(spec_for(terms, mechanism))
        assert sum(r.income for r in rows) == value, mechanism
