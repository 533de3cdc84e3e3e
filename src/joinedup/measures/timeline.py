"""NDT scores on the person's timeline and in their subject access export."""

from django.conf import settings

from joinedup.people.subject_access import register_exporter
from joinedup.people.timeline import Entry, register_source


def _assessments(person, user):
    for a in person.assessments.select_related("instrument", "organisation"):
        yield Entry(
            a.assessed_on,
            "assessment",
            f"{a.instrument.name}: {a.total} (threshold {settings.NDT_ELIGIBILITY_THRESHOLD})",
            a.organisation.name if a.organisation else "",
        )


def _export(person):
    return [
        {
            "instrument": a.instrument.name,
            "on": a.assessed_on,
            "total": a.total,
            "scores": {s.item.title: s.value for s in a.scores.select_related("item")},
        }
        for a in person.assessments.select_related("instrument")
    ]


register_source("assessment", "Assessments", _assessments)
register_exporter(
    "assessments", "Assessments", _export, models=["measures.Assessment", "measures.Score"]
)
