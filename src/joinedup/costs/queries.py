"""Read paths over service use. Counts only: nothing here names a person."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from joinedup.costs import change, kinds
from joinedup.costs.models import ServiceUseEvent


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


def use_in_period(cohort, kind: str, start: date, end: date) -> tuple[int, int]:
    """For outcome indicators (counts only): (total quantity of `kind` used by the cohort in
    [start, end), how many of the cohort used any)."""
    events = ServiceUseEvent.objects.filter(
        person_id__in=cohort, kind=kind, occurred_on__gte=start, occurred_on__lt=end
    )
    totals = events.aggregate(quantity=Sum("quantity"), people=Count("person", distinct=True))
    return totals["quantity"] or 0, totals["people"]
