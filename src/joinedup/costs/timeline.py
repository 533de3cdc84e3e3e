"""Service use on the person's timeline."""

from joinedup.costs import kinds
from joinedup.people.timeline import Entry, register_source


def _service_use(person, user):
    for e in person.service_use.select_related("organisation"):
        what = kinds.KINDS.get(e.kind, (e.kind, e.kind, ""))
        label = what[0] if e.quantity == 1 else f"{e.quantity} {what[1].lower()}"
        yield Entry(e.occurred_on, "service use", label, e.organisation.name, e.organisation.name)


register_source("service use", "Service use", _service_use)
