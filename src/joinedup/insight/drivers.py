"""What drives demand: counts from the front door, the by-name list and agencies' involvements.
Raw counts only (SQL aggregates); `needs_report` passes each through `joinedup.disclosure`.

Reuses the referrals app's own read paths (the by-name list's flows and deaths by cohort) so a
figure here is the figure on the by-name list page.
"""

from collections import defaultdict
from datetime import timedelta
from statistics import median

from django.db.models import Count, Min, OuterRef, Subquery

from joinedup.insight.needs import Period
from joinedup.people.models import Involvement
from joinedup.referrals import queries as referral_queries
from joinedup.referrals.models import Allocation, Referral

#: Organisations that began working with one person within a year, from which the person is
#: counted as "sent round several organisations".
SENT_ROUND = 4


def repeat_referrals(period: Period) -> dict:
    """People referred to the front door in the period, and of them how many more than once."""
    per_person = (
        Referral.objects.filter(
            received_at__date__gte=period.start, received_at__date__lt=period.end
        )
        .values("person_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    referred = per_person.count()
    repeated = per_person.filter(n__gte=2).count()
    return {"referred": referred, "repeated": repeated}


def sent_round(period: Period) -> dict:
    """People whom SENT_ROUND or more organisations began working with in the last 12 months
    of the period (each starting its own case record and, usually, its own assessment)."""
    since = period.end - timedelta(days=365)
    per_person = (
        Involvement.objects.filter(started_on__gte=since, started_on__lt=period.end)
        .values("person_id")
        .annotate(n=Count("organisation_id", distinct=True))
        .order_by()
    )
    return {
        "started": per_person.count(),
        "sent_round": per_person.filter(n__gte=SENT_ROUND).count(),
    }


def time_to_help(period: Period) -> list[dict]:
    """Days from a person's first referral to the front door to a co-ordinator being allocated,
    by the year of the referral: how many were allocated and the median wait. One row per
    allocated person (the front door's cohort, never the whole area)."""
    first_allocation = (
        Allocation.objects.filter(person=OuterRef("person_id"))
        .order_by("started_on")
        .values("started_on")[:1]
    )
    rows = (
        Referral.objects.filter(
            received_at__date__gte=period.start, received_at__date__lt=period.end
        )
        .values("person_id")
        .annotate(first=Min("received_at"), helped=Subquery(first_allocation))
        .exclude(helped=None)
        .values_list("first", "helped")
        .order_by()
    )
    waits = defaultdict(list)
    for first, helped in rows:
        waits[first.year].append(max(0, (helped - first.date()).days))
    return [
        {"year": year, "people": len(days), "median_days": median(days)}
        for year, days in sorted(waits.items())
    ]


def list_flows_by_quarter(period: Period) -> list[dict]:
    """The by-name list's joining and leaving, month by month, added up by quarter."""
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month
    rows = referral_queries.flow_by_month(
        months=max(1, months), today=period.end - timedelta(days=1)
    )
    quarters = defaultdict(lambda: {"in": 0, "out": 0})
    for row in rows:
        q = row["month"].year * 4 + (row["month"].month - 1) // 3
        quarters[q]["in"] += row["in"]
        quarters[q]["out"] += row["out"]
    return [{"quarter": q, **quarters[q]} for q in sorted(quarters)]


def deaths_by_cohort() -> list[dict]:
    """Deaths on the by-name list by the year first referred (already through disclosure)."""
    return referral_queries.deaths_by_cohort()
