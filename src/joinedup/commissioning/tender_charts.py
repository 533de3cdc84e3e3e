"""The evaluation as a chart: each moderated bid's total, made of its price, quality and social
value scores, stacked. The page's matrix table holds the same numbers."""

import altair as alt

from joinedup import charts

PARTS = [
    ("price_score", "Price"),
    ("quality_score", "Quality"),
    ("social_value_score", "Social value"),
]


def evaluation_chart(tender, results) -> str:
    values = [
        {"provider": r.bid.provider.name, "part": label, "points": float(getattr(r, key))}
        for r in results
        if r.moderated
        for key, label in PARTS
    ]
    if not values:
        return ""
    order = [r.bid.provider.name for r in results if r.moderated]
    parts = [label for _, label in PARTS]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y("provider:N", title=None, sort=order, axis=alt.Axis(labelLimit=320)),
            x=alt.X("sum(points):Q", title="Weighted score", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("part:N", title=None, sort=parts),
            order=alt.Order("part_order:Q"),
            tooltip=["provider:N", "part:N", "points:Q"],
        )
        .transform_calculate(
            part_order=f"indexof({parts!r}, datum.part)",
        )
        .properties(width=560, height=alt.Step(36))
    )
    caption = (
        f"Moderated bids for {tender.title}, best first: each bar is the total out of 100, "
        f"made of price (weight {tender.price_weight}), quality (weight "
        f"{tender.quality_weight}) and social value (weight {tender.social_value_weight})."
    )
    return charts.draw(chart, caption)
