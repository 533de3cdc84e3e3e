"""Changing a person's record: each function is one thing a worker does.

Callers pass a person they obtained through `access.get_person_for`, so the read is checked
and audited before anything changes.
"""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.people.models import (
    Consent,
    Involvement,
    Note,
    Person,
    PersonalContact,
    Section,
)


@transaction.atomic
def add_involvement(person, **fields) -> Involvement:
    """Add an organisation (and its worker, on joinedup or not) to the team."""
    if not (fields.get("professional") or fields.get("professional_name")):
        fields["professional_name"] = ""
    return Involvement.objects.create(person=person, **fields)


def end_involvement(involvement: Involvement, on=None) -> None:
    on = on or timezone.localdate()
    if on <= involvement.started_on:
        raise ValidationError("An involvement ends after the day it started")
    involvement.ended_on = on
    involvement.save(update_fields=["ended_on"])


def record_contact(record, on=None) -> None:
    """Someone on the team, or in the person's life, was in contact: keeps the team current."""
    record.last_contact_on = on or timezone.localdate()
    record.save(update_fields=["last_contact_on"])


def add_contact(person, **fields) -> PersonalContact:
    return PersonalContact.objects.create(person=person, **fields)


def end_contact(contact: PersonalContact, on=None) -> None:
    contact.until = on or timezone.localdate()
    contact.save(update_fields=["until"])


@transaction.atomic
def write_note(person, author, organisation, *, text, visibility, named_readers=()) -> Note:
    note = Note.objects.create(
        person=person, author=author, organisation=organisation, text=text, visibility=visibility
    )
    if visibility == Note.Visibility.RESTRICTED:
        note.named_readers.set(named_readers)
    return note


@transaction.atomic
def set_restriction(person, by_user, *, restricted: bool, named) -> None:
    """Restrict a record to named users. Whoever restricts it stays named, so they keep sight."""
    person.restricted = restricted
    person.save(update_fields=["restricted", "updated_at"])
    person.restricted_to.set({*named, by_user} if restricted else named)


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


@transaction.atomic
def record_sharing(
    person,
    decided_by,
    *,
    organisation,
    basis,
    legal_gateway="",
    reason="",
    sections=(),
    starts_on=None,
    ends_on=None,
    ends_at=None,
) -> Consent:
    """Record that part of the record may go to an organisation, and on what basis.

    `sections` names what is shared beyond who they are; none means who they are only.
    """
    chosen = {Section.IDENTITY, *sections}
    return Consent.objects.create(
        person=person,
        organisation=organisation,
        basis=basis,
        legal_gateway=legal_gateway,
        reason=reason,
        sections=[s for s in Section.values if s in chosen],
        decided_by=decided_by,
        starts_at=_start_of(starts_on) or timezone.now(),
        ends_at=ends_at or _start_of(ends_on),
    )


def revoke_sharing(consent: Consent, by_user, reason: str) -> None:
    """Sharing ends now: the organisation loses sight on its next request."""
    consent.revoked_at = timezone.now()
    consent.revoked_by = by_user
    consent.revoke_reason = reason
    consent.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])


def add_people(people: list[Person], batch_size: int = 2000) -> list[Person]:
    """Create many people at once (imports and the synthetic area); returns them with ids."""
    return Person.objects.bulk_create(people, batch_size=batch_size)


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_known(*, first_name, last_name, date_of_birth=None, nhs_number="") -> Person | None:
    """The person already known with this identity, so a new referral joins their record.

    A deterministic rule (same NHS number, or same name and date of birth; the first name may
    be the name they are known by): the front door must never join two different people, so
    anything looser goes to linkage review instead. Restricted records are never joined: only
    the users named on them may add to them.
    """
    identity = {
        "first_name": first_name,
        "last_name": last_name,
        "date_of_birth": date_of_birth,
        "nhs_number": nhs_number,
    }
    pk = match_known([identity])[0]
    return Person.objects.get(pk=pk) if pk else None


def match_known(identities: list[dict]) -> list[int | None]:
    """For each identity, the id of the known person it is, by the same strict rule as
    `find_known` (same NHS number; or same last name and date of birth with the first name or
    the name they are known by), or None. Reads the candidates once, in chunks, so linkage can
    attach thousands of clusters to the people already on joinedup instead of adding them again.
    """

    def day(value):
        return date.fromisoformat(value) if isinstance(value, str) and value else value or None

    numbers = sorted({i["nhs_number"] for i in identities if i.get("nhs_number")})
    days = sorted({d for i in identities if (d := day(i.get("date_of_birth")))})
    by_number: dict[str, int] = {}
    by_name: dict[tuple, list[tuple[str, str, int]]] = {}
    candidates = Person.objects.filter(anonymised_on=None, restricted=False).order_by("pk")
    fields = ("pk", "first_name", "known_as", "last_name", "date_of_birth", "nhs_number")
    for chunk in _chunks(numbers):
        for pk, *_, number in candidates.filter(nhs_number__in=chunk).values_list(*fields):
            by_number.setdefault(number, pk)
    for chunk in _chunks(days):
        for pk, first, known, last, born, _ in candidates.filter(
            date_of_birth__in=chunk
        ).values_list(*fields):
            by_name.setdefault((_folded(last), born), []).append(
                (_folded(first), _folded(known), pk)
            )
    found = []
    for identity in identities:
        pk = by_number.get(identity.get("nhs_number") or "")
        if pk is None:
            first = _folded(identity.get("first_name") or "")
            key = (_folded(identity.get("last_name") or ""), day(identity.get("date_of_birth")))
            pk = next((p for f, k, p in by_name.get(key, []) if first and first in {f, k}), None)
        found.append(pk)
    return found


def _chunks(values: list, size: int = 2000):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def lock(person) -> Person:
    """The person's row, locked until the transaction ends (two referrals at once queue)."""
    return Person.objects.select_for_update().get(pk=person.pk)


def records_about(person: Person) -> dict[str, int]:
    """How many rows of each kind point at this record, through every relation there is
    (hidden and one-to-one ones included), by `app_label.Model.field`."""
    counts = {}
    for field in Person._meta.get_fields(include_hidden=True):
        if not (field.is_relation and field.auto_created and not field.concrete):
            continue
        remote = field.remote_field
        n = field.related_model._base_manager.filter(**{remote.name: person}).count()
        if n:
            counts[f"{field.related_model._meta.label}.{remote.name}"] = n
    return counts


def move_records(source: Person, target: Person, labels: set[str]) -> None:
    """Re-point the rows named in `labels` (`app_label.Model.field`) from `source` to
    `target`: the caller has checked, with `records_about`, that nothing else hangs off it."""
    for field in Person._meta.get_fields(include_hidden=True):
        if not (field.is_relation and field.auto_created and not field.concrete):
            continue
        name = field.remote_field.name
        if f"{field.related_model._meta.label}.{name}" in labels:
            field.related_model._base_manager.filter(**{name: source}).update(**{name: target})


def add_person(**identity) -> Person:
    """A new person, first met at the front door."""
    return Person.objects.create(**identity)


def sharing_covers(person, organisation, sections=()) -> Consent | None:
    """The ledger line in force that lets `organisation` receive these sections, if any."""
    for consent in Consent.objects.in_force().filter(person=person, organisation=organisation):
        if set(sections) <= set(consent.shared_sections):
            return consent
    return None
