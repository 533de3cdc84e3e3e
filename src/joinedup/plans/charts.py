"""The plan's charts: how close the person is to each outcome, over time."""

import altair as alt

from joinedup import charts


def ratings_chart(outcome, ratings) -> str:
    """Ratings over time, one line per voice (the person's own, the worker's, together)."""
    if len(ratings) < 2:
        return ""
    values = [
        {"day": r.rated_on.isoformat(), "rating": r.rating, "by": r.get_rated_by_display()}
        for r in ratings
    ]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True)
        .encode(
            x=alt.X("day:T", title=None, axis=alt.Axis(format="%b %Y")),
            y=alt.Y("rating:Q", title="How close (1 to 10)", scale=alt.Scale(domain=[1, 10])),
            color=alt.Color("by:N", title=None),
        )
        .properties(width=520, height=200)
    )
    first, last = ratings[0], ratings[-1]
    return charts.draw(
        chart,
        f"How close “{outcome.words}” is, from {first.rating} of 10 on {first.rated_on:%-d %B %Y} "
        f"to {last.rating} of 10 on {last.rated_on:%-d %B %Y}.",
    )
