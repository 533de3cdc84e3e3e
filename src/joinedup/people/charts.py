"""Charts about one person."""

import altair as alt

from joinedup import charts

SERIES = {
    "organisations": "Organisations",
    "workers": "Workers",
    "case_records": "Open case records",
}


def fragmentation_chart(rows: list[dict]):
    values = [
        {"month": r["month"], "series": label, "count": r[key]}
        for r in rows
        for key, label in SERIES.items()
    ]
    # One small panel per series on a shared month axis: the three are often equal, and
    # drawn on one axis their lines would lie on top of each other. Counts are whole numbers,
    # so the count axis ticks only at whole numbers.
    top = max([v["count"] for v in values] + [1])
    ticks = {"values": list(range(0, top + 1))} if top <= 4 else {"tickCount": 4}
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=alt.X("month:T", title=None, axis=alt.Axis(format="%b %Y", tickCount=10)),
            y=alt.Y(
                "count:Q",
                title=None,
                scale=alt.Scale(domain=[0, top], nice=False),
                axis=alt.Axis(tickMinStep=1, format="d", **ticks),
            ),
            color=alt.Color("series:N", legend=None, sort=list(SERIES.values())),
        )
        .properties(width=640, height=80)
        .facet(
            row=alt.Row(
                "series:N",
                title=None,
                sort=list(SERIES.values()),
                header=alt.Header(labelAngle=0, labelAlign="right", labelFontSize=14),
            ),
            spacing=12,
        )
    )
    latest = rows[-1] if rows else {"organisations": 0, "workers": 0, "case_records": 0}
    caption = (
        f"Organisations, workers and open case records around the person, month by month "
        f"over {len(rows) // 12} years. Now: {latest['organisations']} organisations, "
        f"{latest['workers']} workers, {latest['case_records']} open case records."
    )
    return charts.draw(chart, caption)
