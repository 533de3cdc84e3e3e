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
