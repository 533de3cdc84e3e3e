"""Readings on the person's timeline (the NDT beside its threshold) and in their subject
access export (every answer, both views, and readings imported from other tools)."""

from django.conf import settings

from joinedup.people.retention import kept_when_anonymising
from joinedup.people.subject_access import register_exporter
from joinedup.people.timeline import Entry, register_source


def _assessments(person, user):
    for a in person.assessments.select_related("instrument", "organisation"):
        if a.instrument.key == "ndt":
            said = f"{a.total} (threshold {settings.NDT_ELIGIBILITY_THRESHOLD})"
        else:
            said = str(a.score) if a.score is not None else "no score"
        yield Entry(
            a.assessed_on,
            "assessment",
            f"{a.instrument.name}: {said}",
            a.organisation.name if a.organisation else "",
        )


def _export(person):
    return [
        {
            "instrument": a.instrument.name,
            "on": a.assessed_on,
            "total": a.total,
            "score": a.score,
            "completed_by": a.get_completed_by_display(),
            "sub_scales": a.subscale_scores,
            "scores": {
                s.item.title: s.value for s in a.scores.select_related("item") if s.view == "agreed"
            },
            "your_own_view": {
                s.item.title: s.value for s in a.scores.select_related("item") if s.view == "person"
            },
        }
        for a in person.assessments.select_related("instrument")
    ] + [
        {"tool": r.tool, "area": r.area_code, "on": r.read_on, "score": r.score}
        for r in person.external_readings.all()
    ]


register_source("assessment", "Assessments", _assessments)
register_exporter(
    "assessments",
    "Assessments",
    _export,
    models=["measures.Assessment", "measures.Score", "measures.ExternalReading"],
)
kept_when_anonymising(
    "measures.Assessment",
    "Its texts are written by the scoring engine or fixed choices (why there is no score, such "
    "as '3 of 10 items not answered'; who completed it): never words about the person.",
)
kept_when_anonymising(
    "measures.ExternalReading",
    "Holds a tool's name, an area code, a date and a score, as the import's five columns allow; "
    "no free text about the person.",
)
