"""Read paths: the linkage overview, the review queue and the area's figures (no names)."""

from collections import Counter

from django.db.models import Count

from joinedup.accounts.models import Membership
from joinedup.accounts.roles import Role
from joinedup.linkage.models import Decision, ImportBatch, Link, ReviewPair, Run, SourceRecord
from joinedup.people.models import Involvement

#: What each level of a comparison means, for reviewers (level number -> words).
EVIDENCE = {
    "name": {
        -1: "a name is missing",
        8: "same names (as written, through a nickname, or in swapped order)",
        7: "both names sound the same (a spelling or a slip)",
        6: "same first name, one part of the surname",
        5: "both names similar",
        4: "same first name, surname slightly different",
        3: "same surname and initial",
        2: "same surname only (an alias or another first name?)",
        1: "same first name only (a married or alias surname?)",
        0: "names differ",
    },
    "dob": {
        -1: "a date of birth is missing",
        6: "same date of birth",
        5: "day and month swapped",
        4: "within a month",
        3: "one digit different",
        2: "same year (1 January: year only)",
        1: "within a year",
        0: "dates of birth differ",
    },
    "postcode": {
        -1: "a postcode is missing or NFA",
        3: "same postcode",
        2: "same sector",
        1: "same district",
        0: "postcodes differ",
    },
    "nhs": {
        -1: "an NHS number is missing or fails its check digit",
        1: "same NHS number",
        0: "NHS numbers differ",
    },
    "sex": {
        -1: "sex not recorded, or said by the same first name",
        1: "same sex",
        0: "sex differs",
    },
}


def overview() -> dict:
    return {
        "records": SourceRecord.objects.count(),
        "sources": SourceRecord.objects.values("source").distinct().count(),
        "batches": ImportBatch.objects.defer("content")[:10],
        "runs": Run.objects.defer("model", "clusters").select_related("job")[:10],
        "open_reviews": open_reviews().count(),
        "linked_people": Link.objects.filter(ended_at=None).values("person").distinct().count(),
    }


def open_reviews():
    latest = Run.objects.filter(status=Run.Status.DONE).first()
    if latest is None:
        return ReviewPair.objects.none()
    return ReviewPair.objects.filter(run=latest, decision=None).select_related(
        "record_a", "record_b"
    )


def evidence_rows(pair: ReviewPair) -> list[dict]:
    """The evidence per field, in words (a comparison's levels are numbered from 'unlike' up,
    -1 for 'missing'; the numbers follow `model.py`)."""
    # Splink numbers each comparison's levels from 0 (unlike) up; -1 is 'missing'.
    return [
        {"field": field, "level": level, "says": _words(field, level)}
        for field, level in pair.evidence.items()
    ]


def _words(field, level):
    return EVIDENCE.get(field, {}).get(level, str(level))


def people_of(pair: ReviewPair) -> list[int]:
    """The people the pair's two records are linked to now (one id each, when linked)."""
    return list(
        Link.objects.filter(
            record_id__in=[pair.record_a_id, pair.record_b_id], ended_at=None
        ).values_list("person_id", flat=True)
    )


def history(limit: int = 50):
    links = Link.objects.select_related("record", "run", "ended_by").order_by("-created_at")
    decisions = Decision.objects.select_related("record_a", "record_b", "decided_by")
    return {"links": links[:limit], "decisions": decisions[:limit]}


def area_figures() -> dict:
    """How many linked people are known to 1, 2, 3+ agencies, have several records, and,
    with three or more agencies, have no co-ordinator. Counts only: no names."""
    current = Link.objects.filter(ended_at=None)
    per_person = current.values("person_id").annotate(
        agencies=Count("record__source", distinct=True), records=Count("record_id")
    )
    spread = Counter()
    several, three_plus = 0, []
    for row in per_person:
        spread[min(row["agencies"], 4)] += 1
        several += row["records"] > 1 and row["agencies"] > 1
        if row["agencies"] >= 3:
            three_plus.append(row["person_id"])
    coordinators = Membership.objects.filter(role=Role.COORDINATOR, active=True).values("user_id")
    coordinated = set(
        Involvement.objects.current()
        .filter(person_id__in=three_plus, professional_id__in=coordinators)
        .values_list("person_id", flat=True)
    )
    return {
        "people": sum(spread.values()),
        "by_agencies": [
            {
                "agencies": {1: "1 agency", 4: "4 or more agencies"}.get(k, f"{k} agencies"),
                "people": spread[k],
            }
            for k in sorted(spread)
        ],
        "several_records": several,
        "three_plus": len(three_plus),
        "three_plus_without_coordinator": len(set(three_plus) - coordinated),
    }


def people_without_coordinator() -> list[int]:
    """The person ids behind the last figure, for a drill-down through the access layer."""
    current = Link.objects.filter(ended_at=None)
    ids = [
        row["person_id"]
        for row in current.values("person_id").annotate(a=Count("record__source", distinct=True))
        if row["a"] >= 3
    ]
    coordinators = Membership.objects.filter(role=Role.COORDINATOR, active=True).values("user_id")
    coordinated = (
        Involvement.objects.current()
        .filter(person_id__in=ids, professional_id__in=coordinators)
        .values_list("person_id", flat=True)
    )
    return sorted(set(ids) - set(coordinated))


def run_threshold(run) -> float | None:
    """The run's match threshold: the one it was given, or the one it chose from the data."""
    if run.match_threshold is not None:
        return run.match_threshold
    return (run.stats or {}).get("threshold")


def standing_of(pair: ReviewPair) -> dict:
    """What is true of the pair now, in words: its score against the run's threshold, and
    whether (and why) its two records are linked to one person, two, or none yet."""
    links = {
        link.record_id: link
        for link in Link.objects.filter(
            record_id__in=[pair.record_a_id, pair.record_b_id], ended_at=None
        )
    }
    a, b = links.get(pair.record_a_id), links.get(pair.record_b_id)
    threshold = run_threshold(pair.run)
    below = threshold is not None and pair.probability < threshold
    if threshold is None:
        score = f"Match score {pair.probability:.2f}; this run recorded no threshold."
    elif below:
        score = (
            f"Match score {pair.probability:.2f}, below the {threshold:.2f} this run needs "
            "to link two records on their own."
        )
    else:
        score = (
            f"Match score {pair.probability:.2f}, at or above this run's threshold of "
            f"{threshold:.2f}."
        )
    if a and b and a.person_id == b.person_id:
        if pair.decision_id and not pair.decision.undone_at:
            now = "Both records are linked to the same person now, by a reviewer's decision."
        elif below:
            now = (
                "Both records are linked to the same person now, but not because of this pair: "
                "each is linked through other records that it matches more strongly. If they "
                "are different people, say so and the second record is taken off."
            )
        else:
            now = "Both records are linked to the same person now."
        together = True
    elif a and b:
        now = (
            "The two records are linked to different people now. If they are the same "
            "person, say so and they are joined."
        )
        together = False
    else:
        unlinked = sum(1 for link in (a, b) if link is None)
        now = (
            "Neither record is linked to anyone yet."
            if unlinked == 2
            else "Only one of the two records is linked to someone yet."
        )
        together = False
    return {"score": score, "now": now, "together": together, "below": below}
