"""Anonymising records a set period after work with the person closed.

What identifies the person is erased (names, date of birth, postcode, NHS number, their own
people, notes, sharing lines); counts that commissioners rely on (involvements, service use)
stay, now about nobody in particular. The access log is kept whole: it records that reads
happened, and it holds the record number, not the person's identity.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from joinedup.audit.models import AccessLog
from joinedup.people.models import Person


def due(today=None):
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.RETENTION_DAYS_AFTER_CLOSURE)
    return Person.objects.filter(closed_on__lte=cutoff, anonymised_on__isnull=True)


@transaction.atomic
def anonymise(person: Person, today=None) -> None:
    today = today or timezone.localdate()
    person.first_name, person.last_name, person.known_as = "Anonymised", f"record {person.pk}", ""
    person.date_of_birth = None
    person.postcode = person.nhs_number = ""
    person.account = None
    person.anonymised_on = today
    person.save()
    person.network.all().delete()
    person.notes.all().delete()
    person.consents.all().delete()
    person.restricted_to.clear()
    person.involvements.update(contact="", professional_name="")
    AccessLog.objects.create(
        person=person,
        person_ref=person.pk,
        action=AccessLog.Action.CHANGE,
        purpose="anonymised under the retention policy",
    )


def run(today=None, dry_run=False) -> int:
    records = list(due(today))
    if not dry_run:
        for person in records:
            anonymise(person, today)
    return len(records)
