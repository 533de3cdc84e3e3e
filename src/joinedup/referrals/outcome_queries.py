"""Read paths for outcome framework indicators: the people a framework reports on, and counts
over the by-name list and the time from referral to first help. Aggregates only: person ids
stay inside querysets and come back as counts and whole days, never as names.

`cohort` arguments are querysets of person ids (`.values("pk")` or `.values("person_id")`),
used as subqueries so a cohort of any size costs one query.
"""

from datetime import date

from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone

from joinedup.referrals.models import OUTFLOW, Allocation, Decision, Referral, StatusChange


def on_list_during(start: date, end: date):
    """People on the by-name list at some time in [start, end): an event in the period, or a
    latest event before it that did not take them off the list."""
    later_before_start = StatusChange.objects.filter(
        person=OuterRef("person"), on__lt=start
    ).filter(Q(on__gt=OuterRef("on")) | Q(on=OuterRef("on"), id__gt=OuterRef("id")))
    still_on = (
        StatusChange.objects.filter(on__lt=start)
        .exclude(Exists(later_before_start))
        .exclude(status__in=OUTFLOW)
        .values("person_id")
    )
    return (
        StatusChange.objects.filter(Q(on__gte=start, on__lt=end) | Q(person_id__in=still_on))
        .values("person_id")
        .distinct()
    )


def accepted_by(end: date):
    """People the panel accepted before `end`."""
    return (
        Decision.objects.filter(outcome=Decision.Outcome.ACCEPT, recorded_at__date__lt=end)
        .values("referral__person_id")
        .distinct()
    )


def allocated_at(organisation_id: int, start: date, end: date):
    """People with a co-ordinator at the organisation at some time in [start, end)."""
    return (
        Allocation.objects.filter(organisation_id=organisation_id, started_on__lt=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values("person_id")
        .distinct()
    )


def moved_to(cohort, status: str, start: date, end: date) -> tuple[int, int]:
    """(people of the cohort who reached `status` in [start, end), people of the cohort on
    the list in the period)."""
    on_list = on_list_during(start, end).filter(person_id__in=cohort)
    reached = StatusChange.objects.filter(
        person_id__in=on_list.values("person_id"), status=status, on__gte=start, on__lt=end
    )
    return reached.values("person_id").distinct().count(), on_list.count()


def days_to_first_help(cohort, start: date, end: date, today: date) -> tuple[int, list[int]]:
    """Referrals of the cohort received in [start, end) (joined and held ones left out: they
    are the same referral arriving twice, or not yet a referral), and for each one that has
    been helped by `today`, the whole days from receipt to first help: the start of a
    co-ordinator's allocation made for it, or else the person's first allocation on or after
    the day it arrived."""
    referrals = Referral.objects.filter(
        person_id__in=cohort, received_at__date__gte=start, received_at__date__lt=end
    ).exclude(status__in=[Referral.Status.JOINED, Referral.Status.HELD])
    rows = referrals.annotate(
        own=Min("allocations__started_on", filter=Q(allocations__started_on__lte=today))
    ).values_list("pk", "person_id", "received_at", "own")
    rows = list(rows)
    firsts: dict[int, list[date]] = {}
    for person_id, started in Allocation.objects.filter(
        person_id__in=[r[1] for r in rows if r[3] is None], started_on__lte=today
    ).values_list("person_id", "started_on"):
        firsts.setdefault(person_id, []).append(started)
    days = []
    for _, person_id, received_at, own in rows:
        received = timezone.localdate(received_at)  # as `received_at__date` reads it
        helped = own or min((d for d in firsts.get(person_id, []) if d >= received), default=None)
        if helped is not None:
            days.append(max((helped - received).days, 0))
    return len(rows), days


def status_changes_to(person_ids, status: str, start: date, end: date) -> list[tuple]:
    """(event id, person id, on) for these people's by-name list events to `status` in
    [start, end), oldest first: a claim's evidence, shown only through the access layer."""
    return list(
        StatusChange.objects.filter(
            person_id__in=list(person_ids), status=status, on__gte=start, on__lt=end
        )
        .order_by("person_id", "on", "id")
        .values_list("pk", "person_id", "on")
    )


def referred_to(organisation_ids, start: date, end: date) -> dict[int, date]:
    """People with a referral received in [start, end) that went to one of the organisations
    (shared with it, or the panel referred it there), each with the day of the first such
    referral. Joined and held referrals are left out, as in `days_to_first_help`. Ids only."""
    organisation_ids = list(organisation_ids)
    rows = (
        Referral.objects.filter(received_at__date__gte=start, received_at__date__lt=end)
        .exclude(status__in=[Referral.Status.JOINED, Referral.Status.HELD])
        .filter(
            Q(shares__organisation_id__in=organisation_ids)
            | Q(decisions__refer_to_id__in=organisation_ids)
        )
        .order_by("received_at", "id")
        .values_list("person_id", "received_at")
    )
    referred: dict[int, date] = {}
    for person_id, received_at in rows:
        referred.setdefault(person_id, timezone.localdate(received_at))
    return referred
