"""The cash-flow chart: one line per mechanism in one chart, a zero line, and its table."""

from decimal import Decimal

from joinedup.commissioning import charts, mechanisms
from tests.commissioning.test_mechanisms import TERMS

RESULTS = mechanisms.compare(TERMS, ["payment_by_results", "block", "outcome_based"])


def test_one_chart_has_a_line_per_mechanism_and_a_rule_at_zero():
    spec = charts.balance_spec(RESULTS)
    zero, lines = spec["layer"]
    assert zero["mark"]["type"] == "rule" and zero["data"]["values"] == [{"zero": 0}]
    assert lines["mark"]["type"] == "line"
    assert lines["encoding"]["color"]["scale"]["domain"] == [
        "Payment by results", "Block", "Outcome-based"
    ]  # fmt: skip
    assert lines["encoding"]["strokeDash"]["field"] == "mechanism"
    values = lines["data"]["values"]
    # PbR's 7 months, the block's 6, outcome-based's 8; balances exact in whole pence.
    names = ("Payment by results", "Block", "Outcome-based")
    assert [sum(v["mechanism"] == n for v in values) for n in names] == [7, 6, 8]
    assert {"mechanism": "Payment by results", "month": 3, "pence": -90000} in values
    assert all(isinstance(v["pence"], int) for v in values)


def test_the_table_has_every_month_and_each_mechanisms_working_capital():
    table = charts.balance_table(RESULTS)
    assert table.header == ["Month", "Payment by results", "Block", "Outcome-based"]
    assert table.rows[2] == [3, Decimal("-900.00"), Decimal("300.00"), Decimal("-2400.00")]
    assert table.rows[7] == [8, None, None, Decimal("0.00")]
    assert table.working_capital == [Decimal("900.00"), Decimal("0.00"), Decimal("3400.00")]


def test_it_draws_as_svg_with_a_caption_naming_the_working_capital():
    html = str(charts.draw(RESULTS))
    assert "<svg" in html and 'role="img"' in html
    assert "Payment by results £900.00; Block £0.00; Outcome-based £3,400.00" in html


def test_an_investors_line_can_join_the_chart():
    results = {**RESULTS, charts.INVESTOR: mechanisms.investor_months(TERMS)}
    names = charts.balance_spec(results)["layer"][1]["encoding"]["color"]["scale"]["domain"]
    assert names[-1] == "Social impact bond (investor)"
