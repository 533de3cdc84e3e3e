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
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line(interpolate="step-after", strokeWidth=2.5)
        .encode(
            x=alt.X("month:T", title=None, axis=alt.Axis(format="%b %Y", tickCount=10)),
            y=alt.Y("count:Q", title="How many at the start of the month"),
            color=alt.Color("series:N", title=None, sort=list(SERIES.values())),
            strokeDash=alt.StrokeDash("series:N", legend=None, sort=list(SERIES.values())),
        )
        .properties(width=640, height=220)
    )
    latest = rows[-1] if rows else {"organisations": 0, "workers": 0, "case_records": 0}
    caption = (
        f"Organisations, workers and open case records around the person, month by month "
        f"over {len(rows) // 12} years. Now: {latest['organisations']} organisations, "
        f"{latest['workers']} workers, {latest['case_records']} open case records."
    )
    return charts.draw(chart, caption)
