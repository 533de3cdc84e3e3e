"""Reading outcome frameworks, and each version's report computed on the area's data.

Published versions are for every member of the area: they are the area's shared statement
of what matters, and their reports are counts with small numbers suppressed. Drafts are for
the framework's own commissioners and administrators only.
"""

from dataclasses import dataclass
from datetime import date

import altair as alt
from django.db.models import Prefetch
from django.http import Http404

from joinedup import charts, disclosure
from joinedup.measures import framework_services, indicators
from joinedup.measures import indicator_maths as maths
from joinedup.measures.framework_models import FrameworkVersion, OutcomeFramework

#: How many periods a report shows for each indicator: the latest complete one and those before.
PERIODS = 4


def frameworks_for(membership) -> list[tuple[OutcomeFramework, list[FrameworkVersion], bool]]:
    """(framework, the versions this member may see newest first, may they edit it)."""
    found = []
    for framework in OutcomeFramework.objects.select_related("commissioner").prefetch_related(
        Prefetch("versions", queryset=FrameworkVersion.objects.order_by("-number"))
    ):
        editor = framework_services.can_edit(membership, framework)
        versions = [v for v in framework.versions.all() if editor or v.is_published]
        if versions:
            found.append((framework, versions, editor))
    return found


def version_for(membership, version_id: int) -> FrameworkVersion:
    """The version, if this member may see it; otherwise 404 (a draft is not announced)."""
    version = (
        FrameworkVersion.objects.select_related(
            "framework__commissioner", "cohort_locality", "cohort_organisation", "published_by"
        )
        .filter(pk=version_id)
        .first()
    )
    if version is None or membership is None:
        raise Http404("No such framework version")
    if not version.is_published and not framework_services.can_edit(membership, version.framework):
        raise Http404("No such framework version")
    return version


def framework_for(membership, framework_id: int) -> tuple[OutcomeFramework, list, bool]:
    for framework, versions, editor in frameworks_for(membership):
        if framework.pk == framework_id:
            return framework, versions, editor
    raise Http404("No such framework")


def contents(version):
    """Domains with their outcomes and indicators, in order, in three queries."""
    return version.domains.prefetch_related("outcomes__indicators")


@dataclass
class IndicatorReport:
    domain: object
    outcome: object
    indicator: object
    kind_label: str
    results: list  # oldest first; the last is the latest complete period
    trend: str
    chart: str

    @property
    def latest(self):
        return self.results[-1]


def report(
    version, today: date, periods: int = PERIODS, *, with_charts: bool = True
) -> list[IndicatorReport]:
    """Every indicator of the version for its last `periods` complete periods."""
    populations: dict[tuple, indicators.Population] = {}
    rows = []
    for domain in contents(version):
        for outcome in domain.outcomes.all():
            for indicator in outcome.indicators.all():
                results = []
                for back in range(periods - 1, -1, -1):
                    period = maths.latest_complete(today, indicator.period_months, back)
                    if period not in populations:
                        populations[period] = indicators.population(version, period)
                    results.append(
                        indicators.evaluate(indicator, version, period, today, populations[period])
                    )
                kind = indicators.KINDS.get(indicator.kind)
                rows.append(
                    IndicatorReport(
                        domain=domain,
                        outcome=outcome,
                        indicator=indicator,
                        kind_label=kind.label if kind else indicator.kind,
                        results=results,
                        trend=maths.better(
                            results[-2].value_shown if len(results) > 1 else None,
                            results[-1].value_shown,
                            indicator.direction,
                        ),
                        chart=_chart(indicator, results) if with_charts else "",
                    )
                )
    return rows


def _chart(indicator, results) -> str:
    """A small bar per period, so a reader compares the latest period with those before."""
    shown = [r for r in results if r.available and r.value_shown is not None]
    if not shown:
        return ""
    # Drawn from the shown Decimal; the table beside it carries the exact figures.
    values = [
        {"period": maths.period_short(r.period), "value": float(r.value_shown)} for r in shown
    ]
    unit = shown[-1].unit
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color=charts.PALETTE[0])
        .encode(
            x=alt.X(
                "period:O",
                title=None,
                sort=[v["period"] for v in values],
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("value:Q", title="%" if unit == "%" else unit),
            tooltip=["period:O", "value:Q"],
        )
        .properties(width=360, height=140)
    )
    hidden = len(results) - len(shown)
    caption = f"{indicator.name}, by period ({indicator.get_direction_display().lower()})" + (
        f"; {hidden} period(s) not shown because of small numbers or no data." if hidden else "."
    )
    return charts.draw(chart, caption)


def population_now(version, today: date) -> dict:
    """The version's population in the latest complete quarter, for the page's heading."""
    period = maths.latest_complete(today, 3)
    pop = indicators.population(version, period)
    return {"words": pop.words, "size": disclosure.count(pop.size)}
