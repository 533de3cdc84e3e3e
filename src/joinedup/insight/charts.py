"""Charts for commissioners: counts only, never names."""

import altair as alt

from joinedup import charts


def fragmentation_spread_chart(rows: list[dict]) -> str:
    total = sum(r["people"] for r in rows) or 1
    values = [{"organisations": r["organisations"], "people": r["people"]} for r in rows]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color=charts.PALETTE[0])
        .encode(
            x=alt.X("organisations:O", title="Organisations involved over five years"),
            y=alt.Y("people:Q", title="People"),
            tooltip=["organisations:O", "people:Q"],
        )
        .properties(width=640, height=240)
    )
    many = sum(r["people"] for r in rows if r["organisations"] >= 5)
    caption = (
        f"{total} people by how many organisations were involved with them over five years; "
        f"{many} ({round(100 * many / total)}%) had five or more."
    )
    return charts.draw(chart, caption)
