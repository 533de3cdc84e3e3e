from joinedup.costs import kinds
from joinedup.people.retention import kept_when_anonymising
from joinedup.people.subject_access import register_exporter


def _service_use(person):
    return [
        {
            "on": e.occurred_on,
            "organisation": e.organisation.name,
            "what": kinds.plural(e.kind),
            "how_many": e.quantity,
        }
        for e in person.service_use.select_related("organisation")
    ]


register_exporter("service_use", "Services used", _service_use, models=["costs.ServiceUseEvent"])
kept_when_anonymising(
    "costs.ServiceUseEvent",
    "Kept for the costs and savings by department: its only text is the kind of service used, "
    "a code from costs.kinds (arrest, hostel_night), never written about the person.",
)


def _uploaded_lists(person):
    from joinedup.costs.models import UploadedCohortMember

    return [
        {
            "list": m.cohort.name,
            "uploaded_by_organisation": m.cohort.organisation.name,
            "uploaded_on": m.cohort.uploaded_at.date(),
            "start_date": m.start_date,
        }
        for m in UploadedCohortMember.objects.filter(person=person).select_related(
            "cohort__organisation"
        )
    ]


register_exporter(
    "cost_lists",
    "Lists of people an analyst uploaded for a cost analysis",
    _uploaded_lists,
    models=["costs.UploadedCohortMember"],
)
kept_when_anonymising(
    "costs.UploadedCohortMember",
    "Kept for the cost analyses already run on the list: it holds only the list, the person's "
    "record number and a start date, never words about the person.",
)
