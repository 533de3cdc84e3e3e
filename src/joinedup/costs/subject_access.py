from joinedup.costs import kinds
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


register_exporter("service_use", "Services used", _service_use)
