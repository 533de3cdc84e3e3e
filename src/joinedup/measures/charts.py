"""Readings as charts: one person's readings of an instrument over time, and a cohort's
distance travelled (improved / stable / worse, the mean change and its interval). Hidden counts
are left out, never drawn."""

import altair as alt

from joinedup import charts
from joinedup.measures.distance import OUTCOMES


def outcomes_chart(shown, instrument) -> str:
    """Bars of people improved, stable and worse (the counts shown only)."""
    values = [
        {"outcome": r["label"], "people": r["count"]}
        for r in shown.rows
        if r["key"] in OUTCOMES and isinstance(r["count"], int)
    ]
    if not values:
        return ""
    order = [r["label"] for r in shown.rows if r["key"] in OUTCOMES]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y("outcome:N", title=None, sort=order, axis=alt.Axis(labelLimit=300)),
            x=alt.X("people:Q", title="People"),
            color=alt.Color("outcome:N", title=None, sort=order, legend=None),
        )
        .properties(width=520, height=alt.Step(32))
    )
    caption = f"People with two or more {instrument.name} readings, by change from first to latest."
    if len(values) < len(order):
        caption += " Counts too small to show are left out."
    return charts.draw(chart, caption)


def interval_chart(shown, instrument) -> str:
    """The mean change as a dot with its 95% confidence interval, against no change."""
    if shown.mean is None:
        return ""
    row = {"mean": float(shown.mean), "low": float(shown.low), "high": float(shown.high)}
    base = alt.Chart(alt.Data(values=[row]))
    scale = alt.Scale(domain=[min(row["low"], 0) - 1, max(row["high"], 0) + 1])
    bar = base.mark_rule(size=3).encode(
        x=alt.X("low:Q", title="Change in score, latest minus first", scale=scale), x2="high:Q"
    )
    dot = base.mark_point(filled=True, size=120).encode(x="mean:Q")
    zero = (
        alt.Chart(alt.Data(values=[{"zero": 0}]))
        .mark_rule(color="#0b0c0c", strokeDash=[4, 3])
        .encode(x="zero:Q")
    )
    chart = (zero + bar + dot).properties(width=520, height=60)
    caption = (
        f"Mean change on {instrument.name}: {shown.mean:+.2f}, 95% confidence interval "
        f"{shown.low:+.2f} to {shown.high:+.2f}. The dashed line is no change; "
        f"{shown.better} is better."
    )
    return charts.draw(chart, caption)


def readings_chart(instrument, readings):
    values = [
        {"on": a.assessed_on.isoformat(), "score": float(a.score)}
        for a in readings
        if a.score is not None
    ]
    if len(values) < 2:
        return None
    direction = "higher is better" if instrument.higher_is == "better" else "higher is worse"
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("on:T", title=None, axis=alt.Axis(format="%b %Y")),
            y=alt.Y("score:Q", title=f"Score ({direction})"),
        )
        .properties(width=560, height=200)
    )
    first, last = values[0], values[-1]
    caption = (
        f"{instrument.name}: {len(values)} readings, from {first['score']:.2f} on "
        f"{first['on']} to {last['score']:.2f} on {last['on']} ({direction})."
    )
    return charts.draw(chart, caption)
