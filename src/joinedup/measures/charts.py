"""A person's readings of one instrument over time (the cohort charts live elsewhere)."""

import altair as alt

from joinedup import charts


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
