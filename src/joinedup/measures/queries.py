"""Read paths over assessments, for people already obtained through the access layer."""

from joinedup.measures.models import Assessment


def latest_ndt(people) -> dict[int, Assessment]:
    """Each person's most recent NDT assessment, in one query."""
    latest: dict[int, Assessment] = {}
    for a in Assessment.objects.filter(
        person__in=[p.pk for p in people], instrument__key="ndt"
    ).order_by("person_id", "-assessed_on", "-id"):
        latest.setdefault(a.person_id, a)
    return latest


def ndt_totals_before(person_ids, day) -> dict[int, int]:
    """Each person's latest NDT total recorded before `day`, for aggregate matching."""
    latest: dict[int, int] = {}
    for person_id, total in (
        Assessment.objects.filter(
            person_id__in=list(person_ids), instrument__key="ndt", assessed_on__lt=day
        )
        .order_by("person_id", "-assessed_on", "-id")
        .values_list("person_id", "total")
    ):
        latest.setdefault(person_id, total)
    return latest
