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


def history(person) -> list[dict]:
    """Each instrument the person has readings of, oldest reading first, with both views."""
    by_instrument: dict[int, dict] = {}
    readings = (
        Assessment.objects.filter(person=person)
        .select_related("instrument", "organisation", "assessed_by")
        .prefetch_related("scores__item")
        .order_by("assessed_on", "id")
    )
    for a in readings:
        entry = by_instrument.setdefault(
            a.instrument.key, {"instrument": a.instrument, "readings": []}
        )
        if a.instrument.version > entry["instrument"].version:
            entry["instrument"] = a.instrument
        entry["readings"].append(a)
    return sorted(by_instrument.values(), key=lambda e: e["instrument"].name)


def views_of(assessment) -> list[dict]:
    """Item by item: the agreed answer and, where different, the person's own."""
    agreed, theirs = {}, {}
    for s in assessment.scores.all():
        (theirs if s.view == "person" else agreed)[s.item.code] = s.value
    return [
        {
            "title": assessment.instrument.title_of(item),
            "agreed": agreed.get(item.code),
            "person": theirs.get(item.code),
        }
        for item in assessment.instrument.items.all()
    ]


def subscales_of(assessment) -> list[tuple[str, str | None]]:
    """(title, score) for each sub-scale the instrument names."""
    return [
        (sub["title"], assessment.subscale_scores.get(sub["code"]))
        for sub in assessment.instrument.definition.get("subscales", [])
    ]


def external_readings(person):
    return person.external_readings.select_related("organisation")
