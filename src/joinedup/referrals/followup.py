"""Read paths for following cohorts up after the panel: who was declined as below the
threshold, who came back to the front door, who was ever co-ordinated. Person ids and dates only,
for aggregate analyses (costs); nothing here names anyone."""

from collections.abc import Mapping
from datetime import date

from joinedup.costs.change import add_months
from joinedup.referrals.models import Allocation, Decision, Referral


def ever_allocated() -> set[int]:
    """Everyone who has had a co-ordinator, at any time."""
    return set(Allocation.objects.values_list("person_id", flat=True).distinct())


def declined_below_threshold(since: date, until: date) -> dict[int, date]:
    """People the panel declined with an NDT score under its threshold, decided in
    [since, until): each person's first such decision date."""
    decisions = (
        Decision.objects.filter(
            outcome=Decision.Outcome.DECLINE,
            recorded_at__date__gte=since,
            recorded_at__date__lt=until,
            ndt_total__isnull=False,
            threshold__isnull=False,
        )
        .order_by("recorded_at", "id")
        .values_list("referral__person_id", "recorded_at", "ndt_total", "threshold")
    )
    first: dict[int, date] = {}
    for person_id, at, score, threshold in decisions:
        if score < threshold:
            first.setdefault(person_id, at.date())
    return first


def returns_after(cohort: Mapping[int, date], months: int) -> dict[int, bool]:
    """Of a cohort (person: the day they were turned away), those referred to the front door
    again within `months` after it: each with whether the panel then scored a higher need."""
    if not cohort:
        return {}
    declined = {
        r: (s or 0)
        for r, s in Decision.objects.filter(
            referral__person_id__in=list(cohort), outcome=Decision.Outcome.DECLINE
        ).values_list("referral__person_id", "ndt_total")
    }
    later = (
        Referral.objects.filter(person_id__in=list(cohort))
        .exclude(status=Referral.Status.JOINED)
        .order_by("received_at")
        .values_list("person_id", "received_at", "decisions__ndt_total")
    )
    back: dict[int, bool] = {}
    for person_id, at, score in later:
        start = cohort[person_id]
        if start < at.date() < add_months(start, months) and person_id not in back:
            back[person_id] = score is not None and score > declined.get(person_id, 0)
    return back
