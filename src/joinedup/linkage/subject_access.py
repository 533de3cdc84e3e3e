"""The records each agency holds on a person, in their subject access export and anonymised.

A record belongs to a person through its links (current or ended: an ended link is still part
of what was held about them). Anonymising blanks what each record says about who they are, and
keeps the records and links, so fragmentation (how many agencies hold a record on one person)
still counts; a finished import's stored file is emptied, as it holds the same names.
"""

from django.db.models import Q

from joinedup.linkage.models import Decision, ImportBatch, Link, ReviewPair, SourceRecord
from joinedup.people.retention import kept_when_anonymising, redact, register_anonymiser
from joinedup.people.subject_access import register_exporter


def _records(person):
    return SourceRecord.objects.filter(pk__in=Link.objects.filter(person=person).values("record"))


def _pair(a, b) -> str:
    return f"{a} and {b}"


def _linked_records(person):
    return [
        {
            "agency": link.record.source,
            "source_id": link.record.source_id,
            "first_name": link.record.first_name,
            "last_name": link.record.last_name,
            "date_of_birth": link.record.date_of_birth,
            "sex": link.record.sex,
            "postcode": link.record.postcode,
            "nhs_number": link.record.nhs_number,
            "other_columns": link.record.extra,
            "linked": link.created_at,
            "how": f"Linkage run {link.run_id}, probability {link.probability:.2f}"
            if link.run_id
            else "By a reviewer",
            "until": link.ended_at,
            "ended_because": link.end_reason,
        }
        for link in Link.objects.filter(person=person)
        .select_related("record")
        .order_by("record__source", "record__source_id", "created_at", "id")
    ]


def _decisions(person):
    records = _records(person)
    return [
        {
            "records": _pair(d.record_a, d.record_b),
            "verdict": d.get_verdict_display(),
            "decided_by": str(d.decided_by or ""),
            "on": d.decided_at,
            "undone": d.undone_at,
        }
        for d in Decision.objects.filter(Q(record_a__in=records) | Q(record_b__in=records))
        .select_related("record_a", "record_b", "decided_by")
        .distinct()
    ]


def _questions(person):
    records = _records(person)
    return [
        {
            "records": _pair(p.record_a, p.record_b),
            "run": p.run_id,
            "probability": round(p.probability, 2),
            "answered": p.decision_id is not None,
        }
        for p in ReviewPair.objects.filter(Q(record_a__in=records) | Q(record_b__in=records))
        .select_related("record_a", "record_b")
        .distinct()
    ]


def _anonymise(person):
    _records(person).update(
        first_name="", last_name="", date_of_birth="", sex="", postcode="", nhs_number="", extra={}
    )
    redact(Link.objects.filter(person=person), "end_reason")
    ImportBatch.objects.filter(
        status__in=[ImportBatch.Status.DONE, ImportBatch.Status.REJECTED]
    ).exclude(content=b"").update(content=b"")


register_exporter(
    "linked_records",
    "Records other agencies hold on them",
    _linked_records,
    models=["linkage.SourceRecord", "linkage.Link"],
)
register_exporter(
    "linkage_decisions",
    "Reviewers' decisions on their records",
    _decisions,
    models=["linkage.Decision"],
)
register_exporter(
    "linkage_questions",
    "Possible matches put to a reviewer",
    _questions,
    models=["linkage.ReviewPair"],
)
register_anonymiser(
    "linkage", _anonymise, models=["linkage.SourceRecord", "linkage.Link", "linkage.ImportBatch"]
)
kept_when_anonymising(
    "linkage.ReviewPair",
    "Holds two record numbers, a probability and the comparison levels (0 to 3) only; the "
    "compared values are never stored on it.",
)
