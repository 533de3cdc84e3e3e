import altair as alt

from joinedup import charts


def flow_values(rows) -> list[dict]:
    """The bars to draw: a count hidden by the rule for small numbers is left out, not drawn."""
    return [
        {"month": r["month"].strftime("%b %Y"), "flow": label, "people": r[key]}
        for r in rows
        for key, label in (("in", "Joined the list"), ("out", "Left the list"))
        if isinstance(r[key], int)
    ]


def flow_chart(rows) -> str:
    """People joining and leaving the by-name list each month, side by side."""
    values = flow_values(rows)
    order = [r["month"].strftime("%b %Y") for r in rows]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            x=alt.X("month:N", title=None, sort=order, axis=alt.Axis(labelAngle=-40)),
            xOffset=alt.XOffset("flow:N"),
            y=alt.Y("people:Q", title="People"),
            color=alt.Color("flow:N", title=None),
        )
        .properties(width=560, height=220)
    )
    return charts.draw(chart, "People joining and leaving the by-name list, by month.")


def acceptance_by_group(breakdown, overall: int | None = None) -> str:
    """Share of referrals accepted in each group against everyone's (the dashed line);
    suppressed groups are left out."""
    values = [
        {"group": r["group"], "accepted": r["accepted"]}
        for r in breakdown["rows"]
        if not r["suppressed"]
    ]
    if not values:
        return ""  # every group is too small to show
    bars = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X("accepted:Q", title="Accepted (%)", scale=alt.Scale(domain=[0, 100])),
        )
    )
    chart = bars
    caption = f"Referrals accepted by the panel, by {breakdown['title'].lower()}."
    if overall is not None:
        line = (
            alt.Chart(alt.Data(values=[{"everyone": overall}]))
            .mark_rule(color="#0b0c0c", strokeDash=[4, 3], size=2)
            .encode(x="everyone:Q")
        )
        chart = bars + line
        caption += f" The dashed line is everyone: {overall}%."
    chart = chart.properties(width=560, height=alt.Step(24))
    return charts.draw(chart, caption)
