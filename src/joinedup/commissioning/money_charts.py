"""Charts of money for commissioners: what each mechanism carries, who pays into a pool, and
how much of each provider's income rides on outcomes. Amounts are drawn in whole pounds (the
tables beside each chart give them to the penny); shares in whole tenths of a percent."""

from decimal import ROUND_HALF_UP, Decimal

import altair as alt

from joinedup.charts import draw


def _pounds(amount: Decimal) -> int:
    return int(Decimal(amount).quantize(Decimal("1"), ROUND_HALF_UP))


def _tenths(fraction: Decimal) -> int:
    return int((Decimal(fraction) * 1000).quantize(Decimal("1"), ROUND_HALF_UP))


def value_by_mechanism(rows: list[dict]):
    if not rows:
        return ""
    data = alt.Data(
        values=[{"mechanism": r["mechanism"], "value": _pounds(r["value"])} for r in rows]
    )
    chart = (
        alt.Chart(data, width=520, height=max(60, 34 * len(rows)))
        .mark_bar()
        .encode(
            y=alt.Y("mechanism:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("value:Q", title="Value of contracts (£)", axis=alt.Axis(format=",.0f")),
        )
    )
    return draw(chart, "Value of the area's contracts by how they pay")


def pool_contributions(years) -> str:
    values = [
        {"year": y.label, "who": str(who), "amount": _pounds(amount)}
        for y in years
        for who, amount, _ in y.contributions
    ]
    if not values:
        return ""
    bars = (
        alt.Chart(alt.Data(values=values), width=520, height=220)
        .mark_bar()
        .encode(
            x=alt.X("year:N", title="Financial year"),
            y=alt.Y("sum(amount):Q", title="Contributions (£)", axis=alt.Axis(format=",.0f")),
            color=alt.Color("who:N", title="Commissioner"),
        )
    )
    spent = [{"year": y.label, "spent": _pounds(y.spent)} for y in years]
    ticks = (
        alt.Chart(alt.Data(values=spent))
        .mark_tick(color="#0b0c0c", thickness=3, size=40)
        .encode(x="year:N", y=alt.Y("spent:Q"))
    )
    return draw(
        bars + ticks, "Each commissioner's contribution by year; the black mark is what was spent"
    )


def share_at_risk(rows, cap: Decimal) -> str:
    """Each provider's share of its income from the contract paid only on outcomes, with the
    cap drawn across."""
    if not rows:
        return ""
    values = [
        {
            "provider": f"{r.party.organisation} ({r.party.get_tier_display().lower()})",
            "share": _tenths(r.share) / 10,
            "over": "Above the cap" if r.over_cap else "Within the cap",
        }
        for r in rows
    ]
    bars = (
        alt.Chart(alt.Data(values=values), width=520, height=max(60, 40 * len(rows)))
        .mark_bar()
        .encode(
            y=alt.Y("provider:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X(
                "share:Q", title="Share of its income at risk (%)", scale=alt.Scale(domain=[0, 100])
            ),
            color=alt.Color(
                "over:N",
                title=None,
                scale=alt.Scale(
                    domain=["Within the cap", "Above the cap"], range=["#1d70b8", "#d4351c"]
                ),
            ),
        )
    )
    rule = (
        alt.Chart(alt.Data(values=[{"cap": _tenths(cap) / 10}]))
        .mark_rule(color="#0b0c0c", strokeDash=[6, 3], size=2)
        .encode(x="cap:Q")
    )
    return draw(bars + rule, "Share of each provider's income at risk; the dashed line is the cap")
