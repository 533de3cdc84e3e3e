"""The cash-flow engine on hand-worked specs, and every refusal of a spec breaking the contract."""

import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from joinedup.commissioning import cashflow
from joinedup.commissioning.cashflow import SpecError, parse, run, working_capital

SRC = Path(__file__).resolve().parents[2] / "src"

#: The issue's example.
EXAMPLE = {
    "months": 24,
    "monthly_cost": "10000.00",
    "upfront": "20000.00",
    "fixed_monthly": "4000.00",
    "outcomes": [
        {"name": "...", "price": "1500.00", "lag_months": 3, "achieved": {"6": 2, "7": 4}}
    ],
    "cap": "240000.00",
}

# Worked by hand. Every month costs 10,000 and brings 4,000 fixed; month 1 also the 20,000 up
# front: 24,000 - 10,000 = +14,000. Months 2 to 8 each lose 6,000: 8,000 ... -28,000. The 2
# outcomes achieved in month 6 are paid 3 months later, in month 9: 2 x 1,500 = 3,000, so month 9
# brings 7,000 and loses 3,000: -31,000. The 4 of month 7 are paid in month 10: 6,000, so month
# 10 brings 10,000 and breaks even: -31,000. Months 11 to 24 lose 6,000 each (14 x 6,000 =
# 84,000): -115,000. Outcome payments total 9,000, far under the 240,000 cap; the last payment is
# the fixed one in month 24, so the rows end there. Working capital: 115,000.00.
EXAMPLE_CSV = """\
month,cost,income,balance
1,10000.00,24000.00,14000.00
2,10000.00,4000.00,8000.00
3,10000.00,4000.00,2000.00
4,10000.00,4000.00,-4000.00
5,10000.00,4000.00,-10000.00
6,10000.00,4000.00,-16000.00
7,10000.00,4000.00,-22000.00
8,10000.00,4000.00,-28000.00
9,10000.00,7000.00,-31000.00
10,10000.00,10000.00,-31000.00
11,10000.00,4000.00,-37000.00
12,10000.00,4000.00,-43000.00
13,10000.00,4000.00,-49000.00
14,10000.00,4000.00,-55000.00
15,10000.00,4000.00,-61000.00
16,10000.00,4000.00,-67000.00
17,10000.00,4000.00,-73000.00
18,10000.00,4000.00,-79000.00
19,10000.00,4000.00,-85000.00
20,10000.00,4000.00,-91000.00
21,10000.00,4000.00,-97000.00
22,10000.00,4000.00,-103000.00
23,10000.00,4000.00,-109000.00
24,10000.00,4000.00,-115000.00
working_capital,,,115000.00
"""


def csv_of(spec: dict) -> str:
    buffer = io.StringIO()
    cashflow.write_csv(run(parse(spec)), buffer)
    return buffer.getvalue()


def table(spec: dict) -> list[tuple]:
    """(month, cost, income, balance) as strings, the way MONTHS.csv prints them."""
    return [(r.month, str(r.cost), str(r.income), str(r.balance)) for r in run(parse(spec))]


def test_the_issues_example_worked_by_hand():
    assert csv_of(EXAMPLE) == EXAMPLE_CSV


def test_the_example_breaks_each_month_down():
    rows = run(parse(EXAMPLE))
    assert (rows[0].upfront, rows[0].fixed, rows[0].outcomes) == (
        Decimal("20000.00"), Decimal("4000.00"), {}
    )  # fmt: skip
    assert rows[8].outcomes == {"...": Decimal("3000.00")} and rows[8].outcome_income == 3000
    assert rows[9].outcomes == {"...": Decimal("6000.00")} and rows[1].upfront == 0


def test_interim_and_final_outcomes_with_different_lags_run_past_the_contract():
    # 2 months, costs 100 a month. Interim (price 30, paid 1 month on): 1 in month 1 -> month 2.
    # Final (price 200, paid 3 months on): 1 in month 2 -> month 5. Month 1: -100. Month 2:
    # +30 - 100 = -170. Months 3 and 4: nothing in, nothing out (costs stop after month 2), but
    # the rows go on to the last payment. Month 5: +200 -> 30.
    spec = {
        "months": 2,
        "monthly_cost": "100.00",
        "outcomes": [
            {"name": "interim", "price": "30.00", "lag_months": 1, "achieved": {"1": 1}},
            {"name": "final", "price": "200.00", "lag_months": 3, "achieved": {"2": 1}},
        ],
    }
    assert table(spec) == [
        (1, "100.00", "0.00", "-100.00"),
        (2, "100.00", "30.00", "-170.00"),
        (3, "0.00", "0.00", "-170.00"),
        (4, "0.00", "0.00", "-170.00"),
        (5, "0.00", "200.00", "30.00"),
    ]
    assert working_capital(run(parse(spec))) == Decimal("170.00")


def test_a_payment_that_would_pass_the_cap_is_paid_up_to_it_and_later_ones_are_nothing():
    # Price 100, lag 0, 1 a month for 4 months; cap 250. Months 1, 2: 100 each (200 paid).
    # Month 3: 100 due, 50 left under the cap: 50. Month 4: 0, and 100 withheld.
    spec = {
        "months": 4,
        "monthly_cost": "0.00",
        "outcomes": [
            {"name": "o", "price": "100.00", "achieved": {"1": 1, "2": 1, "3": 1, "4": 1}}
        ],
        "cap": "250.00",
    }
    rows = run(parse(spec))
    assert [str(r.income) for r in rows] == ["100.00", "100.00", "50.00", "0.00"]
    assert [str(r.withheld) for r in rows] == ["0.00", "0.00", "50.00", "100.00"]


def test_a_cap_reached_exactly_pays_in_full_then_nothing_and_does_not_extend_the_rows():
    # Cap 200: months 1 and 2 pay 100 each, exactly the cap; the payments due in months 3 and 9
    # are 0, so the rows stop at the contract's 3 months rather than running on to month 9.
    spec = {
        "months": 3,
        "monthly_cost": "50.00",
        "outcomes": [
            {"name": "a", "price": "100.00", "achieved": {"1": 1, "2": 1, "3": 1}},
            {"name": "b", "price": "5.00", "lag_months": 6, "achieved": {"3": 1}},
        ],
        "cap": "200.00",
    }
    assert table(spec) == [
        (1, "50.00", "100.00", "50.00"),
        (2, "50.00", "100.00", "100.00"),
        (3, "50.00", "0.00", "50.00"),
    ]


def test_the_cap_is_on_outcomes_only_and_outcomes_due_together_share_it_in_the_specs_order():
    # Up-front 1,000 and fixed 100 are not capped. Month 2: "first" 60 and "second" 60 are due
    # together with 100 of cap room: "first" gets 60, "second" the last 40.
    spec = {
        "months": 2,
        "monthly_cost": "0",
        "upfront": "1000",
        "fixed_monthly": "100",
        "outcomes": [
            {"name": "first", "price": "60.00", "lag_months": 1, "achieved": {"1": 1}},
            {"name": "second", "price": "60.00", "lag_months": 0, "achieved": {"2": 1}},
        ],
        "cap": "100.00",
    }
    rows = run(parse(spec))
    assert rows[1].outcomes == {"first": Decimal("60.00"), "second": Decimal("40.00")}
    assert [str(r.income) for r in rows] == ["1100.00", "200.00"]


def test_a_cap_of_nothing_pays_no_outcomes():
    spec = {"months": 1, "monthly_cost": "0", "cap": "0.00",
            "outcomes": [{"name": "o", "price": "9.99", "achieved": {"1": 3}}]}  # fmt: skip
    assert table(spec) == [(1, "0.00", "0.00", "0.00")]


def test_working_capital_is_zero_when_the_balance_never_goes_below_zero():
    spec = {"months": 3, "monthly_cost": "10.00", "fixed_monthly": "10.00"}
    assert csv_of(spec).splitlines()[-2:] == ["3,10.00,10.00,0.00", "working_capital,,,0.00"]


def test_money_is_exact_three_payments_of_ten_pence_are_thirty_pence():
    # With floats 0.1 + 0.1 + 0.1 is 0.30000000000000004.
    tenpence = {"name": "o", "price": "0.10", "achieved": {"1": 1, "2": 1, "3": 1}}
    spec = {"months": 3, "monthly_cost": "0.00", "outcomes": [tenpence]}
    assert [str(r.balance) for r in run(parse(spec))] == ["0.10", "0.20", "0.30"]


def test_money_prints_with_two_decimals_and_no_minus_zero():
    spec = {"months": 2, "monthly_cost": "6000", "fixed_monthly": "6000"}
    assert csv_of({**spec, "upfront": "0"}).splitlines()[1] == "1,6000.00,6000.00,0.00"
    assert table({"months": 1, "monthly_cost": "6000"}) == [(1, "6000.00", "0.00", "-6000.00")]


def test_optional_keys_default_lag_zero_and_achieved_none():
    spec = parse({"months": 1, "monthly_cost": "1", "outcomes": [{"name": "o", "price": "2"}]})
    assert spec.outcomes[0].lag_months == 0 and spec.outcomes[0].achieved == {}
    assert (spec.upfront, spec.fixed_monthly, spec.cap) == (0, 0, None)


def test_to_json_reads_back_as_the_same_spec():
    assert parse(cashflow.to_json(parse(EXAMPLE))) == parse(EXAMPLE)


def test_write_csv_to_a_path_replaces_it_only_when_complete(tmp_path):
    out = tmp_path / "months.csv"
    cashflow.write_csv(run(parse(EXAMPLE)), out)
    assert out.read_text() == EXAMPLE_CSV
    assert [p.name for p in tmp_path.iterdir()] == ["months.csv"]


def test_the_engine_loads_no_django():
    code = (
        "import sys, io\n"
        "from joinedup.commissioning import cashflow, mechanisms\n"
        "rows = cashflow.run(cashflow.parse({'months': 2, 'monthly_cost': '1'}))\n"
        "cashflow.write_csv(rows, io.StringIO())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env={"PYTHONPATH": str(SRC)}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- refusals --------------------------------------------------------------------------------

OK_OUTCOME = {"name": "housed", "price": "100.00", "lag_months": 1, "achieved": {"2": 1}}


def outcome(**changes):
    return {"months": 3, "monthly_cost": "1.00", "outcomes": [{**OK_OUTCOME, **changes}]}


def without(key):
    return {k: v for k, v in EXAMPLE.items() if k != key}


@pytest.mark.parametrize(
    "spec, field, reason",
    [
        ([], "spec", "must be a JSON object"),
        ({**EXAMPLE, "fixed_montly": "4000.00"}, "fixed_montly", "unknown key"),
        (without("months"), "months", "missing"),
        (without("monthly_cost"), "monthly_cost", "missing"),
        ({**EXAMPLE, "months": 0}, "months", "must be 1 or more"),
        ({**EXAMPLE, "months": -3}, "months", "must be 1 or more"),
        ({**EXAMPLE, "months": 24.0}, "months", "must be a whole number"),
        ({**EXAMPLE, "months": "24"}, "months", "must be a whole number"),
        ({**EXAMPLE, "months": True}, "months", "not true"),
        ({**EXAMPLE, "months": None}, "months", "not null"),
        ({**EXAMPLE, "months": 1201}, "months", "1200 or less"),
        ({**EXAMPLE, "monthly_cost": 10000}, "monthly_cost",
         'must be a decimal string such as "10000.00", not the number 10000'),
        ({**EXAMPLE, "monthly_cost": 10000.5}, "monthly_cost", "must be a decimal string"),
        ({**EXAMPLE, "monthly_cost": Decimal("1.5")}, "monthly_cost", "must be a decimal string"),
        ({**EXAMPLE, "monthly_cost": "-10.00"}, "monthly_cost", "negative"),
        ({**EXAMPLE, "monthly_cost": "10.005"}, "monthly_cost", "more than 2 decimals"),
        ({**EXAMPLE, "monthly_cost": "10,000.00"}, "monthly_cost", "not an amount of money"),
        ({**EXAMPLE, "monthly_cost": " 10.00"}, "monthly_cost", "not an amount of money"),
        ({**EXAMPLE, "monthly_cost": "1e3"}, "monthly_cost", "not an amount of money"),
        ({**EXAMPLE, "monthly_cost": "10."}, "monthly_cost", "not an amount of money"),
        ({**EXAMPLE, "monthly_cost": ""}, "monthly_cost", "not an amount of money"),
        ({**EXAMPLE, "monthly_cost": "\u0661\u0660"}, "monthly_cost", "not an amount of money"),
        ({**EXAMPLE, "monthly_cost": "1000000000000.00"}, "monthly_cost", "too large"),
        ({**EXAMPLE, "upfront": "-1"}, "upfront", "negative"),
        ({**EXAMPLE, "upfront": None}, "upfront", "not null"),
        ({**EXAMPLE, "fixed_monthly": 4000}, "fixed_monthly", "must be a decimal string"),
        ({**EXAMPLE, "cap": "1.234"}, "cap", "more than 2 decimals"),
        ({**EXAMPLE, "cap": None}, "cap", "not null"),
        ({**EXAMPLE, "outcomes": {}}, "outcomes", "must be a list"),
        ({**EXAMPLE, "outcomes": ["housed"]}, "outcomes[0]", "must be an object"),
        (outcome(lag_month=1), "outcomes[0].lag_month", "unknown key"),
        ({**EXAMPLE, "outcomes": [{"price": "1"}]}, "outcomes[0].name", "missing"),
        (outcome(name=""), "outcomes[0].name", "non-empty string"),
        (outcome(name="  "), "outcomes[0].name", "non-empty string"),
        (outcome(name=7), "outcomes[0].name", "non-empty string"),
        ({**EXAMPLE, "outcomes": [{"name": "x"}]}, "outcomes[0].price", "missing"),
        (outcome(price=1500), "outcomes[0].price", "must be a decimal string"),
        (outcome(price="-1.00"), "outcomes[0].price", "negative"),
        (outcome(price="1.001"), "outcomes[0].price", "more than 2 decimals"),
        (outcome(lag_months=-1), "outcomes[0].lag_months", "must be 0 or more"),
        (outcome(lag_months=1.5), "outcomes[0].lag_months", "must be a whole number"),
        (outcome(lag_months="3"), "outcomes[0].lag_months", "must be a whole number"),
        (outcome(lag_months=False), "outcomes[0].lag_months", "not false"),
        (outcome(achieved=[2, 4]), "outcomes[0].achieved", "must be an object"),
        (outcome(achieved={"0": 1}), 'outcomes[0].achieved["0"]', "must be 1 or more"),
        (outcome(achieved={"-1": 1}), 'outcomes[0].achieved["-1"]', "must be a whole number"),
        (outcome(achieved={"six": 1}), 'outcomes[0].achieved["six"]', "must be a whole number"),
        (outcome(achieved={"1.5": 1}), 'outcomes[0].achieved["1.5"]', "must be a whole number"),
        (outcome(achieved={"06": 1}), 'outcomes[0].achieved["06"]', "without leading zeros"),
        (outcome(achieved={"1201": 1}), 'outcomes[0].achieved["1201"]', "1200 or less"),
        (outcome(achieved={"2": -1}), 'outcomes[0].achieved["2"]', "must be 0 or more"),
        (outcome(achieved={"2": 1.0}), 'outcomes[0].achieved["2"]', "must be a whole number"),
        (outcome(achieved={"2": "1"}), 'outcomes[0].achieved["2"]', "must be a whole number"),
        (outcome(achieved={"2": 1_000_001}), 'outcomes[0].achieved["2"]', "1000000 or less"),
        (outcome(achieved={6: 2}), 'outcomes[0].achieved["6"]', "written as a string"),
        ({"months": 1, "monthly_cost": "1", "outcomes": [OK_OUTCOME, OK_OUTCOME]},
         "outcomes[1].name", "already the name of outcomes[0]"),
    ],
)  # fmt: skip
def test_a_bad_spec_is_refused_with_the_field_and_reason(spec, field, reason):
    with pytest.raises(SpecError) as caught:
        parse(spec)
    assert caught.value.field == field
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{field}: ")


def test_the_issues_own_example_of_a_refusal_reads_as_written():
    with pytest.raises(SpecError) as caught:
        parse(outcome(achieved={"0": 2}))
    assert str(caught.value) == 'outcomes[0].achieved["0"]: a month number must be 1 or more'


def test_an_unknown_key_names_the_keys_there_are():
    with pytest.raises(SpecError, match="the keys are months, monthly_cost, upfront"):
        parse({**EXAMPLE, "fixed_montly": "1"})
