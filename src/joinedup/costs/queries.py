"""Read paths over service use. Counts only: nothing here names a person."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from joinedup.costs import atrisk, change, kinds
from joinedup.costs.models import ServiceUseEvent
from joinedup.referrals import cohorts as referral_cohorts


def use_by_kind(days: int = 365) -> list[dict]:
    """Each kind of service use in the last `days`: how much, for how many people."""
    since = timezone.localdate() - timedelta(days=days)
    rows = (
        ServiceUseEvent.objects.filter(occurred_on__gte=since)
        .values("kind", "category")
        .annotate(quantity=Sum("quantity"), people=Count("person", distinct=True))
        .order_by("-quantity", "kind")
    )
    most = max((r["quantity"] for r in rows), default=0)
    categories = dict(ServiceUseEvent.Category.choices)
    return [
        {
            "kind": kinds.plural(r["kind"]),
            "category": categories.get(r["category"], r["category"]),
            "quantity": r["quantity"],
            "people": r["people"],
            "percent": round(100 * r["quantity"] / most) if most else 0,
        }
        for r in rows
    ]


def cohort_cost_change(
    cohort: dict[int, date], unit_costs: Iterable[change.UnitCost], months: int
) -> change.CostChange:
    """The cost-change engine on the service use recorded here, for a cohort of people.

    `cohort` maps a person's id to their start date. The events read are those of the cohort in
    the span of all their windows, handed to the same engine `joinedup cost-change` runs, so a
    page's figure can be checked by exporting the same three files. An event whose kind has no
    unit cost raises `change.ContractError`, as in the command. The result is in pounds by
    department; a page passes it through disclosure control before showing it.
    """
    cohort_by_id = {str(pk): start for pk, start in cohort.items()}
    if not cohort_by_id:
        return change.cost_change([], unit_costs, {}, months)
    spans = [change.windows(start, months) for start in cohort.values()]
    events = (
        change.Event(str(person_id), kind, occurred_on, Decimal(quantity))
        for person_id, kind, occurred_on, quantity in ServiceUseEvent.objects.filter(
            person_id__in=list(cohort),
            occurred_on__gte=min(b[0] for b, _ in spans),
            occurred_on__lt=max(f[1] for _, f in spans),
        )
        .order_by()
        .values_list("person_id", "kind", "occurred_on", "quantity")
        .iterator()
    )
    return change.cost_change(events, unit_costs, cohort_by_id, months)


def cohort_period_changes(
    starts: dict[int, date],
    unit_costs: Iterable[change.UnitCost],
    months: int,
    handling: str,
    periods: int = 3,
    as_at: date | None = None,
) -> list[atrisk.PeriodChange]:
    """Follow-up periods 1..`periods` against the baseline for a cohort, deaths and custody
    handled as chosen (`atrisk`). Deaths and custody spells come from the by-name list; the
    events read are the cohort's within the span of all their windows. Counts and money only:
    the caller passes every figure through disclosure control before showing it."""
    as_at = as_at or timezone.localdate()
    unit_costs = list(unit_costs)
    interrupted = referral_cohorts.interruptions(starts, today=as_at)
    cohort = {
        str(pk): atrisk.Member(start, *interrupted.get(pk, (None, ())))
        for pk, start in starts.items()
    }
    if not starts:
        return atrisk.period_changes([], unit_costs, {}, months, periods, handling, as_at)
    first = change.add_months(min(starts.values()), -months)
    last = change.add_months(max(starts.values()), periods * months)
    events = (
        change.Event(str(person_id), kind, occurred_on, Decimal(quantity))
        for person_id, kind, occurred_on, quantity in ServiceUseEvent.objects.filter(
            person_id__in=list(starts), occurred_on__gte=first, occurred_on__lt=last
        )
        .order_by()
        .values_list("person_id", "kind", "occurred_on", "quantity")
        .iterator()
    )
    return atrisk.period_changes(events, unit_costs, cohort, months, periods, handling, as_at)


def use_in_period(cohort, kind: str, start: date, end: date) -> tuple[int, int]:
    """For outcome indicators (counts only): (total quantity of `kind` used by the cohort in
    [start, end), how many of the cohort used any)."""
    events = ServiceUseEvent.objects.filter(
        person_id__in=cohort, kind=kind, occurred_on__gte=start, occurred_on__lt=end
    )
    totals = events.aggregate(quantity=Sum("quantity"), people=Count("person", distinct=True))
    return totals["quantity"] or 0, totals["people"]
