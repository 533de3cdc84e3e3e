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
