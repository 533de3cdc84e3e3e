"""The cohort cost analysis, put together: the function the page, its downloads, its PDF and the
API all call, so every one of them shows the same figures."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from joinedup.costs import balance, comparison, queries, report
from joinedup.costs.cohorts import Cohort
from joinedup.costs.register import PricedRegister

PERIODS = 3


def analyse(
    cohort: Cohort,
    priced: PricedRegister,
    months: int,
    handling: str,
    *,
    programme_cost: Decimal | None = None,
    adjustments: balance.Adjustments | None = None,
    compare: bool = False,
    declined_between: tuple[date, date] | None = None,
    as_at: date | None = None,
) -> report.Report:
    """The report for `cohort`: follow-up periods against the baseline, and with `compare` the
    matched comparison cohort; with `declined_between` (first, last day, both included) the
    people the panel turned away as below its threshold in that period. `as_at` is the day
    the data runs to (today)."""
    as_at = as_at or timezone.localdate()
    unit_costs = list(priced.unit_costs)
    periods = queries.cohort_period_changes(
        cohort.starts, unit_costs, months, handling, PERIODS, as_at
    )
    matched = (
        comparison.matched_comparison(cohort.starts, unit_costs, months, handling, as_at)
        if compare
        else None
    )
    declined = None
    if declined_between:
        first, last = declined_between
        declined = comparison.declined_cohort(
            first, last + timedelta(days=1), unit_costs, months, handling, as_at
        )
    return report.Report(
        cohort,
        months,
        handling,
        priced.describe(),
        periods,
        item_departments={u.kind: u.department for u in unit_costs},
        programme_cost=programme_cost,
        adjustments=adjustments or balance.Adjustments(),
        comparison=matched,
        declined=declined,
        declined_between=declined_between,
    )
