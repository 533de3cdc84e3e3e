import altair as alt

from joinedup import charts


def staff_and_users(rows) -> str:
    """Bars per element: staff and service users side by side, on the four levels."""
    values = []
    for row in rows:
        for who, level in (("Staff", row.staff), ("Service users", row.service_users)):
            if level is not None:
                values.append({"element": row.element.title, "who": who, "level": level})
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y(
                "element:N",
                title=None,
                sort=[r.element.title for r in rows],
                axis=alt.Axis(labelLimit=280),
            ),
            yOffset=alt.YOffset("who:N"),
            x=alt.X(
                "level:Q",
                title="Average level (0 not yet, 1 basic, 2 progressing, 3 advanced)",
                scale=alt.Scale(domain=[0, 3]),
            ),
            color=alt.Color("who:N", title=None),
        )
        .properties(width=520, height=alt.Step(12))
    )
    caption = "Average rating per element, staff and service users side by side."
    return charts.draw(chart, caption)
