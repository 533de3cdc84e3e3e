"""Charts for commissioners: counts only, never names."""

import altair as alt
from django.utils.html import format_html

from joinedup import charts, disclosure


def _nothing_to_draw(caption: str):
    """No chart where every count is hidden (an empty chart is noise, and fails axe)."""
    return format_html('<p class="govuk-body-s">{} Too few to draw: see the table.</p>', caption)


def fragmentation_spread_chart(rows: list[dict], total: int | str) -> str:
    """`rows` and `total` as they may be shown (through `joinedup.disclosure`): hidden counts
    are not drawn, and the caption says so."""
    values = [
        {"organisations": r["organisations"], "people": r["people"]}
        for r in rows
        if isinstance(r["people"], int)
    ]
    if not values:
        return _nothing_to_draw(f"{total} people by how many organisations were involved.")
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
    caption = f"{total} people by how many organisations were involved with them over five years"
    many = [r["people"] for r in rows if r["organisations"] >= 5]
    if isinstance(total, int) and many and all(isinstance(n, int) for n in many):
        share = disclosure.share(sum(many), total)
        caption += f"; {sum(many)} ({share}%) had five or more." if share is not None else "."
    else:
        caption += "; small counts are hidden and not drawn."
    return charts.draw(chart, caption)


def upset_chart(combinations: list[dict], domains: list, most: int = 15) -> str:
    """An UpSet chart: the size of each combination of domains (bars) over a matrix of dots
    saying which domains the combination holds. Hidden (small) combinations are left out and
    the caption says how many; the table beside the chart has every one."""
    shown = [c for c in combinations if isinstance(c["people"], int) and c["people"]][:most]
    if not shown:
        return _nothing_to_draw("Every combination of domains here is too small to show.")
    order = [c["label"] for c in shown]
    bars = (
        alt.Chart(
            alt.Data(values=[{"combination": c["label"], "people": c["people"]} for c in shown])
        )
        .mark_bar(color=charts.PALETTE[0])
        .encode(
            x=alt.X("combination:N", sort=order, axis=None),
            y=alt.Y("people:Q", title="People"),
            tooltip=["combination:N", "people:Q"],
        )
        .properties(width=max(240, 36 * len(shown)), height=220)
    )
    dots = [
        {"combination": c["label"], "domain": d.label, "in": d.key in c["domains"]}
        for c in shown
        for d in domains
    ]
    matrix = (
        alt.Chart(alt.Data(values=dots))
        .mark_circle(size=160)
        .encode(
            x=alt.X("combination:N", sort=order, axis=None),
            y=alt.Y("domain:N", sort=[d.label for d in domains], title=None),
            color=alt.Color(
                "in:N",
                scale=alt.Scale(domain=[True, False], range=["#0b0c0c", "#dddddd"]),
                legend=None,
            ),
        )
        .properties(width=max(240, 36 * len(shown)), height=28 * len(domains))
    )
    hidden = sum(1 for c in combinations if not isinstance(c["people"], int))
    caption = (
        f"The {len(shown)} largest combinations of domains that can be shown: each bar is how "
        "many people's records show exactly that combination; the dots below it say which "
        "domains it holds."
        + (f" {hidden} smaller combinations are not drawn; the table lists them." if hidden else "")
    )
    return charts.draw(alt.vconcat(bars, matrix, spacing=4), caption)


def spread_by_quarter_chart(quarters: list[dict], labels: tuple[str, ...]) -> str:
    """People known in one, two, three or more domains, quarter by quarter (shown counts)."""
    values = [
        {"quarter": q["quarter"], "group": label, "people": cell}
        for q in quarters
        for label, cell in zip(labels, q["cells"], strict=True)
        if isinstance(cell, int)
    ]
    if not any(v["people"] for v in values):
        return _nothing_to_draw("Every quarter's count here is too small to show.")
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter:O", title="Quarter"),
            y=alt.Y("people:Q", title="People", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("group:N", sort=list(labels), title=None),
            tooltip=["quarter:O", "group:N", "people:Q"],
        )
        .properties(width=640, height=240)
    )
    return charts.draw(
        chart,
        "People whose records in the quarter show one domain, two, or three or more; a "
        "hidden (small) count leaves a gap in its line.",
    )
