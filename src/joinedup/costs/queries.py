"""Read paths over service use. Counts only: nothing here names a person."""

from datetime import timedelta

from django.db.models import Count, Sum
from django.utils import timezone

from joinedup.costs import kinds
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
