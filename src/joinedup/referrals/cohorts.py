"""Read paths for cohorts of co-ordinated people: who, from when, and what interrupted their
time (deaths, custody). Ids and dates only, never names; higher apps (costs) build cohort
analyses on these and pass every figure through disclosure control before showing it.

A person's **start** is the first day of co-ordination: the start of their earliest allocation
to a co-ordinator. Someone the panel accepted who has no allocation yet starts on the day the
panel accepted them (the decision's date), so an accepted cohort loses nobody.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Min
from django.utils import timezone

from joinedup.referrals.models import Allocation, Decision, ListStatus, StatusChange


def starts(person_ids: Iterable[int]) -> dict[int, date]:
    """Each person's first day of co-ordination (or of panel acceptance, if not allocated)."""
    ids = list(person_ids)
    first = dict(
        Allocation.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(first=Min("started_on"))
        .values_list("person_id", "first")
    )
    accepted = (
        Decision.objects.filter(referral__person_id__in=[i for i in ids if i not in first])
        .filter(outcome=Decision.Outcome.ACCEPT)
        .values("referral__person_id")
        .annotate(first=Min("recorded_at"))
        .values_list("referral__person_id", "first")
    )
    for person_id, at in accepted:
        first[person_id] = timezone.localdate(at)
    return first


def allocated(*, coordinator_id: int | None = None, organisation_id: int | None = None):
    """Ids of people currently allocated to the co-ordinator, or to one at the organisation."""
    current = Allocation.objects.filter(ended_on__isnull=True)
    if coordinator_id is not None:
        current = current.filter(coordinator_id=coordinator_id)
    if organisation_id is not None:
        current = current.filter(organisation_id=organisation_id)
    return current.values_list("person_id", flat=True)


def ever_allocated():
    """Ids of everyone who has had a co-ordinator."""
    return Allocation.objects.values_list("person_id", flat=True).distinct()


def accepted_between(first: date, last: date):
    """Ids of people the panel accepted on a day from `first` to `last`, both included."""
    return (
        Decision.objects.filter(outcome=Decision.Outcome.ACCEPT)
        .filter(recorded_at__date__gte=first, recorded_at__date__lte=last)
        .values_list("referral__person_id", flat=True)
        .distinct()
    )


def coordinators():
    """(user id, name, organisation name) of everyone who has held a co-ordinator's caseload."""
    return (
        Allocation.objects.values_list(
            "coordinator_id", "coordinator__full_name", "organisation__name"
        )
        .distinct()
        .order_by("coordinator__full_name", "coordinator_id")
    )


def coordinating_organisations():
    return (
        Allocation.objects.values_list("organisation_id", "organisation__name")
        .distinct()
        .order_by("organisation__name")
    )


def interruptions(person_ids: Iterable[int], today: date | None = None) -> dict[int, tuple]:
    """(died_on, custody spells) per person from the by-name list.

    A death is the `died_on` of a "died" status (or the day it was recorded, if blank). An
    "in custody" spell runs from its status change to the person's next status change (or to
    `today`, if it is still their status); spells are half-open [from, to).
    """
    today = today or timezone.localdate()
    changes = defaultdict(list)
    for person_id, status, on, died_on in (
        StatusChange.objects.filter(person_id__in=list(person_ids))
        .order_by("person_id", "on", "id")
        .values_list("person_id", "status", "on", "died_on")
    ):
        changes[person_id].append((status, on, died_on))
    result = {}
    for person_id, rows in changes.items():
        died, spells = None, []
        for index, (status, on, died_on) in enumerate(rows):
            if status == ListStatus.DIED:
                died = died_on or on
            elif status == ListStatus.IN_CUSTODY:
                end = rows[index + 1][1] if index + 1 < len(rows) else today
                if end > on:
                    spells.append((on, end))
        if died or spells:
            result[person_id] = (died, tuple(spells))
    return result
