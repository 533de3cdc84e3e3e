"""Charts: Vega-Lite specifications built with Altair, drawn to SVG on the server.

Drawing on the server (vl-convert) keeps pages free of chart scripts, so the strict
Content-Security-Policy holds, the chart prints, and it shows without JavaScript. Every chart
travels with a caption and its numbers as a table, for screen readers and for checking.
"""

import altair as alt
import vl_convert
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# GOV.UK Design System colours, in an order that stays distinct for common colour blindness.
PALETTE = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#505a5f"]
FONT = "Arial"


def themed(chart: alt.Chart) -> alt.Chart:
    return (
        chart.configure(font=FONT)
        .configure_range(category=PALETTE)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=13, titleFontSize=14)
        .configure_legend(labelFontSize=14, orient="top")
    )


def draw(chart: alt.Chart, caption: str) -> SafeString:
    """The chart as inline SVG in a figure with its caption, ready for a template."""
    svg = mark_safe(vl_convert.vegalite_to_svg(themed(chart).to_dict()))  # drawn from our spec
    return format_html(
        '<figure class="app-chart"><div class="app-chart__svg" role="img" aria-label="{}">{}'
        '</div><figcaption class="govuk-body-s">{}</figcaption></figure>',
        caption,
        svg,
        caption,
    )
