"""Cash flow as a chart: the provider's running balance by month, one line per payment
mechanism, in one chart with a line at zero; and the same figures as a table for the page.

The chart's data carries balances as whole pence (integers), turned into pounds by the chart
itself, so no float is ever made from money in Python. Colours follow `joinedup.charts`; each
line also has its own dash, so the mechanisms stay apart without colour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import altair as alt

from joinedup import charts
from joinedup.commissioning import mechanisms
from joinedup.commissioning.cashflow import Month, working_capital

#: The mechanisms' names, and the investor's side of a social impact bond.
INVESTOR = "social_impact_bond_investor"
LABELS = {**mechanisms.LABELS, INVESTOR: "Social impact bond (investor)"}
DASHES = [[1, 0], [8, 4], [2, 3], [8, 3, 2, 3], [12, 6], [4, 4], [1, 5], [14, 3, 3, 3]]


def _label(key: str, labels: Mapping[str, str]) -> str:
    return labels.get(key, key.replace("_", " ").capitalize())


def balance_chart(
    results: Mapping[str, list[Month]], labels: Mapping[str, str] = LABELS
) -> alt.LayerChart:
    """Running balance by month, a line for each entry of `results` (mechanism: months)."""
    names = [_label(key, labels) for key in results]
    values = [
        {"mechanism": name, "month": row.month, "pence": int(row.balance * 100)}
        for name, rows in zip(names, results.values(), strict=True)
        for row in rows
    ]
    lines = (
        alt.Chart(alt.Data(values=values))
        .transform_calculate(balance="datum.pence / 100")
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("month:Q", title="Month", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("balance:Q", title="Running balance (£)", axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "mechanism:N",
                title=None,
                sort=names,
                legend=alt.Legend(
                    orient="bottom",
                    columns=2,
                    symbolType="stroke",
                    symbolSize=600,
                    symbolStrokeWidth=2.5,
                    labelLimit=420,
                ),  # fmt: skip
                scale=alt.Scale(domain=names, range=_cycle(charts.PALETTE, len(names))),
            ),
            strokeDash=alt.StrokeDash(
                "mechanism:N",
                title=None,
                sort=names,
                legend=None,  # one legend: colour and dash together
                scale=alt.Scale(domain=names, range=_cycle(DASHES, len(names))),
            ),
            tooltip=[
                alt.Tooltip("mechanism:N", title="Mechanism"),
                alt.Tooltip("month:Q", title="Month"),
                alt.Tooltip("balance:Q", title="Balance (£)", format=",.2f"),
            ],
        )
    )
    zero = (
        alt.Chart(alt.Data(values=[{"zero": 0}]))
        .mark_rule(color="#0b0c0c", strokeDash=[4, 3])
        .encode(y="zero:Q")
    )
    return (zero + lines).properties(width=600, height=300)


def balance_spec(results: Mapping[str, list[Month]], labels: Mapping[str, str] = LABELS) -> dict:
    """The Vega-Lite specification, themed as every joinedup chart is."""
    return charts.themed(balance_chart(results, labels)).to_dict()


def caption(results: Mapping[str, list[Month]], labels: Mapping[str, str] = LABELS) -> str:
    needs = "; ".join(
        f"{_label(key, labels)} £{working_capital(rows):,}" for key, rows in results.items()
    )
    return (
        "The provider's running balance, income less costs, month by month under each payment "
        "mechanism. Below the dashed line at zero it is paying out of its own money. "
        f"Working capital needed: {needs}. The table below has the figures."
    )


def draw(results: Mapping[str, list[Month]], labels: Mapping[str, str] = LABELS) -> str:
    """The chart as inline SVG in a figure with its caption, for a template."""
    return charts.draw(balance_chart(results, labels), caption(results, labels))


@dataclass(frozen=True)
class Table:
    """The chart's figures: a row a month, a balance for each mechanism (None after a
    mechanism's last month), then each mechanism's working capital."""

    header: list[str]
    rows: list[list]
    working_capital: list[Decimal]


def balance_table(results: Mapping[str, list[Month]], labels: Mapping[str, str] = LABELS) -> Table:
    last = max((len(rows) for rows in results.values()), default=0)
    by_month = [{row.month: row.balance for row in rows} for rows in results.values()]
    return Table(
        header=["Month", *(_label(key, labels) for key in results)],
        rows=[[m, *(balances.get(m) for balances in by_month)] for m in range(1, last + 1)],
        working_capital=[working_capital(rows) for rows in results.values()],
    )


def _cycle(items: list, count: int) -> list:
    return [items[i % len(items)] for i in range(count)]
