"""Read paths over assessments, for people already obtained through the access layer."""

from joinedup.measures.models import Assessment, Score


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


def headline(assessment_row: dict) -> int:
    """An assessment's headline score. The one place that reads `total`: when instruments
    carry their own headline `score`, it changes here only."""
    return assessment_row["total"]


def latest_readings(cohort, instrument_key: str, item_code: str, start, end) -> dict[int, int]:
    """Each person of the cohort's latest reading of the instrument in [start, end): its
    headline score, or one item's value when `item_code` is given. For aggregates only."""
    rows = Assessment.objects.filter(
        person_id__in=cohort,
        instrument__key=instrument_key,
        assessed_on__gte=start,
        assessed_on__lt=end,
    ).order_by("person_id", "-assessed_on", "-id")
    latest: dict[int, int] = {}
    if item_code:
        scores = Score.objects.filter(assessment__in=rows.values("pk"), item__code=item_code)
        by_assessment = dict(scores.values_list("assessment_id", "value"))
        for pk, person_id in rows.values_list("pk", "person_id"):
            if pk in by_assessment:
                latest.setdefault(person_id, by_assessment[pk])
        return latest
    for row in rows.values("person_id", "total"):
        latest.setdefault(row["person_id"], headline(row))
    return latest
