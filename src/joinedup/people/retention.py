"""Anonymising records a set period after work with the person closed.

What identifies the person is erased: names, date of birth, postcode, NHS number, their own
sign-in, their own people, notes, sharing lines, and every free text that other apps hold about
them (their story, the panel's reasons, plan steps, barriers, the records agencies sent). Each
app registers its own anonymiser from its `ready()`, naming the models it clears, as it
registers its subject access exporter; the people app never imports the apps above it.

Counts that commissioners rely on (involvements, service use, decisions, barriers by category)
stay, now about nobody in particular. The access log is kept whole: it records that reads
happened, and it holds the record number, not the person's identity.
"""

from collections.abc import Callable, Iterable
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as SignInLog
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user

from joinedup.audit.models import AccessLog
from joinedup.people.models import Person

#: What a free text that named the person reads after anonymising. A text that was empty stays
#: empty, so "was there dissent", "was it shared by override" still count correctly.
REMOVED = "Removed under the retention policy"

_anonymisers: dict[str, Callable[[Person], None]] = {}
_anonymised_models: dict[str, set[str]] = {}
_kept: dict[str, str] = {}


def register_anonymiser(key: str, clear: Callable[[Person], None], *, models: Iterable[str]):
    """`clear(person)` runs inside the anonymising transaction; `models` are the ones it clears."""
    _anonymisers[key] = clear
    _anonymised_models[key] = set(models)


def kept_when_anonymising(model: str, why: str) -> None:
    """Declare a model about people whose text stays as it is; `why` is read in review."""
    _kept[model] = why


def anonymised_models() -> set[str]:
    return set().union(*_anonymised_models.values())


def models_kept() -> dict[str, str]:
    return dict(_kept)


def redact(queryset, *fields: str) -> None:
    """Replace each non-empty text in `fields` with `REMOVED`; empty ones stay empty."""
    for field in fields:
        queryset.exclude(**{field: ""}).update(**{field: REMOVED})


def due(today=None):
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.RETENTION_DAYS_AFTER_CLOSURE)
    return Person.objects.filter(closed_on__lte=cutoff, anonymised_on__isnull=True)


@transaction.atomic
def anonymise(person: Person, today=None) -> None:
    today = today or timezone.localdate()
    for clear in _anonymisers.values():
        clear(person)
    person.anonymised_on = today
    person.save()
    AccessLog.objects.create(
        person=person,
        person_ref=person.pk,
        action=AccessLog.Action.CHANGE,
        purpose="anonymised under the retention policy",
    )


def _clear_people(person: Person) -> None:
    person.first_name, person.last_name, person.known_as = "Anonymised", f"record {person.pk}", ""
    person.date_of_birth = None
    person.postcode = person.nhs_number = ""
    if person.account:
        _close_account(person.account)
    person.account = None
    person.save()
    person.network.all().delete()
    person.notes.all().delete()
    person.consents.all().delete()
    person.restricted_to.clear()
    # The worker's name and number are about the worker; blank, not marked removed.
    person.involvements.update(contact="", professional_name="")


def _close_account(user) -> None:
    """Their own sign-in can no longer be used, and no longer says who they were."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    for log in (AccessAttempt, AccessFailureLog, SignInLog):
        log.objects.filter(username__iexact=user.email).delete()
    user.email = f"anonymised-{user.pk}@invalid"
    user.full_name = user.first_name = user.last_name = user.job_title = user.phone = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


def run(today=None, dry_run=False) -> int:
    records = list(due(today))
    if not dry_run:
        for person in records:
            anonymise(person, today)
    return len(records)


register_anonymiser(
    "people",
    _clear_people,
    models=[
        "people.Person",
        "accounts.User",
        "people.Involvement",
        "people.PersonalContact",
        "people.Consent",
        "people.Note",
    ],
)
kept_when_anonymising(
    "audit.AccessLog",
    "Kept whole: the record of who read what is evidence, and its rows are never edited. It "
    "holds the record number, not the person's identity; purposes are the platform's words.",
)
