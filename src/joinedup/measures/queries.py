"""Read paths over assessments, for people already obtained through the access layer, and the
cohort aggregates behind distance travelled (counts only: never who)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.expressions import RowRange
from django.db.models.functions import FirstValue, LastValue, RowNumber

from joinedup.measures import distance
from joinedup.measures.models import Assessment, Instrument, Score
from joinedup.people.models import Involvement
from joinedup.referrals.models import Allocation, ListStatus, StatusChange

#: The assessment field distance travelled reads: the headline score after any conversion
#: (empty when the missing-item rule left a reading unscored; those readings are skipped).
SCORE = "score"

#: Words in `Instrument.higher_is` and the way they point. "more chaotic" is the NDT's.
HIGHER_IS = {
    "better": distance.Direction.HIGHER_IS_BETTER,
    "worse": distance.Direction.LOWER_IS_BETTER,
    "more chaotic": distance.Direction.LOWER_IS_BETTER,
}

#: Everyone: the whole area's people with readings (for those who see counts, never names).
EVERYONE = Q()

#: People whose latest by-name list status is one of these are shown apart, never counted as
#: failures: on hold for a named dependency (the list asks what they wait for), in custody,
#: or died.
APART = {
    ListStatus.ON_HOLD: "On hold, waiting for something named",
    ListStatus.IN_CUSTODY: "In custody",
    ListStatus.DIED: "Died",
}


def latest_ndt(people) -> dict[int, Assessment]:
    """Each person's most recent NDT assessment, in one query."""
    latest: dict[int, Assessment] = {}
    for a in Assessment.objects.filter(
        person__in=[p.pk for p in people], instrument__key="ndt"
    ).order_by("person_id", "-assessed_on", "-id"):
        latest.setdefault(a.person_id, a)
    return latest


def ndt_totals_before(person_ids, day) -> dict[int, int]:
    """Each person's latest NDT total recorded before `day`, for aggregate matching.

    `person_ids` None means everyone (cheaper than naming most of the area one by one)."""
    latest: dict[int, int] = {}
    readings = Assessment.objects.filter(instrument__key="ndt", assessed_on__lt=day)
    if person_ids is not None:
        readings = readings.filter(person_id__in=list(person_ids))
    for person_id, total in readings.order_by("person_id", "-assessed_on", "-id").values_list(
        "person_id", "total"
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


def direction(instrument: Instrument) -> distance.Direction | None:
    return HIGHER_IS.get(instrument.higher_is.strip().lower())


def reliable_change(instrument: Instrument) -> Decimal | None:
    """The instrument's reliable-change threshold, where it has one."""
    value = instrument.reliable_change
    return None if value is None else Decimal(value)


def instruments_with_direction() -> list[Instrument]:
    """Instruments whose data says which way is better: the ones distance travelled can read."""
    return [i for i in Instrument.objects.order_by("name", "-version") if direction(i)]


# Cohorts: each a condition on Assessment.person, combined with the caller's own scope -------


def caseload_of(coordinator) -> Q:
    """The people a co-ordinator follows now."""
    current = Allocation.objects.filter(coordinator=coordinator, ended_on=None)
    return Q(person__in=current.values("person_id"))


def organisation_caseload(organisation) -> Q:
    """The people an organisation (a service) works with now."""
    current = Involvement.objects.current().filter(organisation=organisation)
    return Q(person__in=current.values("person_id"))


def locality(place) -> Q:
    """The people whose postcode is in the ward's postcode district."""
    return Q(person__postcode__startswith=f"{place.postcode_district} ")


def among(people: QuerySet) -> Q:
    """Any queryset of people the caller holds (from the access layer)."""
    return Q(person__in=people.values("pk"))


# Distance travelled -------------------------------------------------------------------------


def pairs(instrument: Instrument, cohort: Q = EVERYONE) -> list[distance.Pair]:
    """Each person's first and latest reading in one pass of window functions (one sort by
    person and date on PostgreSQL and SQLite alike), one row per person."""
    by_person = {"partition_by": [F("person_id")], "order_by": [F("assessed_on"), F("id")]}
    whole = {**by_person, "frame": RowRange(start=None, end=None)}
    rows = (
        Assessment.objects.filter(cohort, instrument=instrument)
        .exclude(**{f"{SCORE}__isnull": True})
        .annotate(
            n=Window(RowNumber(), **by_person),
            first_score=Window(FirstValue(SCORE), **whole),
            latest_score=Window(LastValue(SCORE), **whole),
            first_day=Window(FirstValue("assessed_on"), **whole),
            latest_day=Window(LastValue("assessed_on"), **whole),
            readings=Window(Count("id"), **whole),
        )
        .filter(n=1)
        .values_list(
            "person_id", "first_day", "first_score", "latest_day", "latest_score", "readings"
        )
    )
    return [
        distance.Pair(p, fd, Decimal(f), ld, Decimal(latest), n)
        for p, fd, f, ld, latest, n in rows.iterator(chunk_size=5000)
    ]


def apart(person_ids) -> dict[int, str]:
    """Of these people, those whose latest by-name list status sets them apart, and why."""
    later = StatusChange.objects.filter(person=OuterRef("person")).filter(
        Q(on__gt=OuterRef("on")) | Q(on=OuterRef("on"), id__gt=OuterRef("id"))
    )
    current = StatusChange.objects.filter(status__in=list(APART)).exclude(Exists(later))
    if person_ids is not None:
        current = current.filter(person__in=person_ids)
    return dict(current.values_list("person_id", "status"))


@dataclass
class CohortDistance:
    instrument: Instrument
    result: distance.Distance
    apart: dict[str, int]

    def shown(self) -> distance.Shown:
        labels = {str(k): v for k, v in APART.items()}
        return distance.disclosed(self.result, self.apart, labels)


def cohort_distance(instrument: Instrument, cohort: Q = EVERYONE) -> CohortDistance:
    """Distance travelled on `instrument` for the people in `cohort` with a reading of it;
    people shown apart are taken out before anything is counted as better or worse."""
    way = direction(instrument)
    if way is None:
        raise ValueError(f"{instrument.name} does not say whether a higher score is better")
    found = pairs(instrument, cohort)
    held = apart(Assessment.objects.filter(cohort, instrument=instrument).values("person_id"))
    counts = dict.fromkeys((str(k) for k in APART), 0)
    for status in held.values():
        counts[status] += 1
    result = distance.summarise(
        (p for p in found if p.person_id not in held), way, reliable_change(instrument)
    )
    return CohortDistance(instrument, result, counts)


def headline(assessment_row: dict):
    """An assessment's headline score: the instrument's score after any conversion (None for
    a reading its missing-item rule left unscored)."""
    return assessment_row["score"]


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
        scores = Score.objects.filter(
            assessment__in=rows.values("pk"), item__code=item_code, view=Score.View.AGREED
        )
        by_assessment = dict(scores.values_list("assessment_id", "value"))
        for pk, person_id in rows.values_list("pk", "person_id"):
            if pk in by_assessment:
                latest.setdefault(person_id, by_assessment[pk])
        return latest
    for row in rows.exclude(score__isnull=True).values("person_id", "score"):
        latest.setdefault(row["person_id"], headline(row))
    return latest


def readings_by_person(person_ids, instrument_key: str, item_code: str, before) -> list[tuple]:
    """Every reading of the instrument before `before` for these people, oldest first per
    person: (assessment id, person id, assessed on, value, organisation name). The value is
    the headline score, or one item's agreed value when `item_code` is given; readings without
    one are left out. For a claim's evidence: shown only through the access layer."""
    rows = Assessment.objects.filter(
        person_id__in=list(person_ids), instrument__key=instrument_key, assessed_on__lt=before
    ).order_by("person_id", "assessed_on", "id")
    if item_code:
        values = dict(
            Score.objects.filter(
                assessment__in=rows.values("pk"), item__code=item_code, view=Score.View.AGREED
            ).values_list("assessment_id", "value")
        )
    else:
        values = {}
    found = []
    for pk, person_id, day, score, organisation in rows.values_list(
        "pk", "person_id", "assessed_on", SCORE, "organisation__name"
    ):
        value = values.get(pk) if item_code else score
        if value is not None:
            found.append((pk, person_id, day, Decimal(value), organisation or ""))
    return found


def ndt_at(days: dict[int, object]) -> dict[int, int]:
    """Each person's NDT total at a day of their own (`days`: person id to day): the latest
    reading on or before it, or failing that the first after it (the assessment made on
    taking them on). People with no NDT reading are left out. For aggregates only."""
    readings: dict[int, list[tuple]] = {}
    for person_id, day, total in (
        Assessment.objects.filter(person_id__in=list(days), instrument__key="ndt")
        .order_by("person_id", "assessed_on", "id")
        .values_list("person_id", "assessed_on", "total")
    ):
        readings.setdefault(person_id, []).append((day, total))
    found: dict[int, int] = {}
    for person_id, rows in readings.items():
        day = days[person_id]
        before = [total for on, total in rows if on <= day]
        found[person_id] = before[-1] if before else rows[0][1]
    return found
