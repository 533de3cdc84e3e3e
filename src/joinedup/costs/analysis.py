"""The cohort cost analysis, put together: the function the page, its downloads, its PDF and the
API all call, so every one of them shows the same figures."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone

from joinedup.costs import balance, cohorts, comparison, queries, register, report
from joinedup.costs.cohorts import Cohort
from joinedup.costs.models import UploadedCohort
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


def cohort_from(form, user, organisation_id: int) -> Cohort:
    """The cohort a valid `AnalysisForm` names; an uploaded list only of the user's own
    organisation (another's answers 404)."""
    data = form.cleaned_data
    kind = data["cohort"]
    if kind == cohorts.ACCEPTED:
        return cohorts.accepted(user, data["accepted_from"], data["accepted_to"])
    if kind == cohorts.COORDINATOR:
        names = dict(form.fields["coordinator"].choices)
        return cohorts.coordinator_caseload(user, data["coordinator"], names[data["coordinator"]])
    if kind == cohorts.ORGANISATION:
        names = dict(form.fields["organisation"].choices)
        return cohorts.organisation_caseload(
            user, data["organisation"], names[data["organisation"]]
        )
    if kind == cohorts.LOCALITY:
        return cohorts.locality(user, data["locality"])
    listed = get_object_or_404(UploadedCohort, pk=data["uploaded"], organisation_id=organisation_id)
    return cohorts.uploaded(user, listed)


def from_form(form, user, organisation_id: int, as_at: date | None = None):
    """(report, priced register) for a valid `AnalysisForm`, as the page, its downloads, its PDF
    and the API ask; (None, None) with the error on the form's price year when the register
    cannot price it."""
    data = form.cleaned_data
    try:
        priced = register.priced(price_year=data["price_year"])
    except (LookupError, ValueError) as exc:  # an empty register, an unknown price year
        form.add_error("price_year", str(exc))
        return None, None
    cohort = cohort_from(form, user, organisation_id)
    declined = data["cohort"] == cohorts.ACCEPTED and data["declined"]
    result = analyse(
        cohort,
        priced,
        data["months"],
        data["handling"],
        programme_cost=data["programme_cost"],
        adjustments=form.adjustments(),
        compare=data["compare"],
        declined_between=(data["accepted_from"], data["accepted_to"]) if declined else None,
        as_at=as_at,
    )
    return result, priced
