"""The access layer: the one way to read people's records.

A user sees a person when, through a membership whose role may see personal data,

* their organisation is currently involved with the person, or
* a consent or lawful-basis record in force covers their organisation, or
* a grant registered by a higher app applies (the panel agenda, from `referrals`).

A restricted record (a person at risk) is further limited to the users named on it. Everything
else is indistinguishable from a record that does not exist (404). Every read,
granted or refused, writes an `AccessLog` row. There is no superuser bypass: the few places
that need every record call `unscoped()`, which says why and is audited too.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from joinedup.accounts.roles import rules
from joinedup.audit import services as audit
from joinedup.audit.models import AccessLog
from joinedup.people.models import ALL_SECTIONS, Consent, Involvement, Note, Person, Section

#: A grant takes the user's active memberships and returns a queryset of `person_id` values.
Grant = Callable[[list], QuerySet | None]
_grants: dict[str, Grant] = {}


def register_grant(name: str, grant: Grant) -> None:
    """Let a higher app widen visibility (for example the panel agenda), from its `ready()`."""
    _grants[name] = grant


def _memberships(user) -> list:
    if not (user and user.is_authenticated and user.is_active):
        return []
    # A user who must prove a second factor sees nobody until they have.
    if hasattr(user, "is_verified") and user.needs_second_factor() and not user.is_verified():
        return []
    return list(user.active_memberships())


def _organisations(user) -> list[int]:
    """The organisations through which this user may see named people."""
    return [m.organisation_id for m in _memberships(user) if rules(m.role).sees_personal_data]


def persons_visible_to(user, section: str | None = None) -> QuerySet[Person]:
    """The people this user may see. Building the queryset reads nothing and logs nothing.

    With `section`, only the people whose record shows the user that section (working with
    them or a role grant opens every section; a sharing line opens the sections it names):
    any list that shows part of a record, such as key dates from the plan, asks for its section.
    A person's own account sees nobody here: their own record opens only through `own_record`.
    """
    memberships = _memberships(user)
    organisations = _organisations(user)
    if not organisations:
        return Person.objects.none()
    involved = Involvement.objects.current().filter(organisation_id__in=organisations)
    consented = Consent.objects.in_force().filter(organisation_id__in=organisations)
    if section and section != Section.IDENTITY:
        # Sections are stored as a JSON list of fixed words; the quoted word cannot match
        # another, and this text lookup works alike on SQLite and PostgreSQL.
        consented = consented.filter(sections__icontains=f'"{section}"')
    scope = Q(pk__in=involved.values("person_id")) | Q(pk__in=consented.values("person_id"))
    for grant in _grants.values():
        granted = grant(memberships)
        if granted is not None:
            scope |= Q(pk__in=granted)
    named = Person.restricted_to.through.objects.filter(user_id=user.pk).values("person_id")
    return Person.objects.filter(scope).filter(Q(restricted=False) | Q(pk__in=named))


def can_see(user, person_id) -> bool:
    return persons_visible_to(user).filter(pk=person_id).exists()


def get_person_for(user, person_id, purpose: str, section: str | None = None) -> Person:
    """One person's record for `purpose`, or 404. Both outcomes are logged.

    With `section`, the user must also be allowed that part of the record: a consent may
    share only some sections with an organisation that does not work with the person.
    """
    try:
        person = persons_visible_to(user).get(pk=int(person_id))
        if section and section not in sections_for(user, person):
            raise Person.DoesNotExist
    except (Person.DoesNotExist, ValueError, TypeError):
        ref = int(person_id) if str(person_id).isdigit() else None
        audit.record(user, [ref], action=AccessLog.Action.VIEW, purpose=purpose, granted=False)
        raise Http404("No such person") from None
    audit.record(user, [person.pk], action=AccessLog.Action.VIEW, purpose=purpose)
    return person


def sections_for(user, person: Person) -> set[str]:
    """Which sections of a visible person's record the user may see.

    Working with the person (or a role grant such as the panel's) opens the whole record; a
    consent alone opens the sections it names.
    """
    memberships = [m for m in _memberships(user) if rules(m.role).sees_personal_data]
    organisations = [m.organisation_id for m in memberships]
    if not memberships:
        return set()
    if (
        Involvement.objects.current()
        .filter(person=person, organisation_id__in=organisations)
        .exists()
    ):
        return set(ALL_SECTIONS)
    for grant in _grants.values():
        granted = grant(memberships)
        if granted is not None and granted.filter(person_id=person.pk).exists():
            return set(ALL_SECTIONS)
    sections: set[str] = set()
    for consent in Consent.objects.in_force().filter(
        person=person, organisation_id__in=organisations
    ):
        sections.update(consent.shared_sections)
    return sections


def works_with(user, person) -> bool:
    """Whether the user sees the whole of this (visible) record through their own
    organisation's current involvement with the person."""
    return (
        can_see(user, person.pk)
        and Involvement.objects.current()
        .filter(person=person, organisation_id__in=_organisations(user))
        .exists()
    )


def may_change_who_sees(
    user,
    person,
    organisation=None,
    *,
    override: bool = False,
    front_door: bool = False,
    allocation: bool = False,
) -> bool:
    """The one rule for writes that change who sees a record.

    Adding or ending a sharing line, a restriction or an involvement is for users who already
    see the whole record through their own organisation's current involvement. Two roles are
    named, each for one change and only on a record the user can see:

    * `override`: a role with `overrides_sharing` sends a referral on to another organisation
      beyond the ledger, with a recorded reason;
    * `front_door`: a member of the front door (checked by the caller, never for its own
      organisation's referral) confirms that a held referral is a person whose identity and
      story it already sees;
    * `allocation`: the panel's acceptance carried out. After someone else on the panel
      accepted the person and before anyone is allocated (checked by the caller), a member of
      that panel or its front door allocates a co-ordinator: the grant follows the panel's
      decision, not the allocator's.

    Beyond the panel's decision carried out, nobody ever creates a grant for their own
    organisation on a record they do not already see whole.
    """
    if works_with(user, person):
        return True
    if allocation:
        return Section.STORY in sections_for(user, person)
    if not (override or front_door) or not can_see(user, person.pk):
        return False
    own = {m.organisation_id for m in _memberships(user)}
    if organisation is not None and organisation.pk in own:
        return False
    if front_door:
        # To say two referrals are one person, the checker must know who the person is and
        # their story, not only their name.
        return {Section.IDENTITY, Section.STORY} <= sections_for(user, person)
    overriders = [m for m in _memberships(user) if rules(m.role).overrides_sharing]
    return bool(overriders) and organisation is not None


def check_change_who_sees(user, person, what: str, organisation=None, *, logged_as=None, **role):
    """`may_change_who_sees`, or PermissionDenied. Both are written to the access log, against
    `logged_as` where the caller must not link the user to `person` (a held referral's match).
    Call it outside a transaction that a refusal would roll back, or the refusal is lost."""
    allowed = may_change_who_sees(user, person, organisation, **role)
    target = (logged_as or person).pk
    audit.record(user, [target], action=AccessLog.Action.CHANGE, purpose=what, granted=allowed)
    if allowed:
        return
    raise PermissionDenied(
        "Only an organisation working with the person can change who sees their record. "
        "Ask their lead worker or co-ordinator."
    )


def grants_for(user, person) -> list[dict]:
    """Why the user's organisations see this record, and until when, for the person page."""
    organisations = _organisations(user)
    grants = [
        {"why": f"because {i.organisation} works with them", "until": i.ended_on}
        for i in Involvement.objects.current()
        .filter(person=person, organisation_id__in=organisations)
        .select_related("organisation")
    ]
    for consent in (
        Consent.objects.in_force()
        .filter(person=person, organisation_id__in=organisations)
        .select_related("organisation")
        .order_by("ends_at")
    ):
        parts = ", ".join(consent.section_labels()).lower()
        grants.append(
            {
                "why": f"through a sharing line to {consent.organisation} ({parts})",
                "until": consent.ends_at,
            }
        )
    return grants


def record_list(user, persons: Iterable[Person], purpose: str) -> list[Person]:
    """Log that these people were shown in a list; returns them as a list for the template."""
    shown = list(persons)
    audit.record(user, [p.pk for p in shown], action=AccessLog.Action.LIST, purpose=purpose)
    return shown


def notes_for(user, person: Person) -> QuerySet:
    """The notes about `person` (already obtained through this layer) that `user` may read."""
    organisations = [m.organisation_id for m in _memberships(user)]
    return person.notes.filter(
        Q(visibility=Note.Visibility.EVERYONE)
        | Q(visibility=Note.Visibility.TEAM, organisation_id__in=organisations)
        | Q(author=user)
        | Q(pk__in=Note.named_readers.through.objects.filter(user_id=user.pk).values("note_id"))
    ).select_related("author", "organisation")


def own_record(user, purpose: str) -> Person:
    """The signed-in person's own record, for their own view; logged like any other read."""
    if not (user and user.is_authenticated and user.is_active):
        raise Http404("No record")
    if hasattr(user, "is_verified") and not user.is_verified():
        raise Http404("No record")
    person = Person.objects.filter(account=user).first()
    if person is None:
        raise Http404("No record")
    audit.record(user, [person.pk], action=AccessLog.Action.VIEW, purpose=purpose)
    return person


def get_person_for_subject_access(user, person_id, reference: str) -> Person:
    """Any person's whole record, for an administrator answering a subject access request.

    A named exception to the usual rules: only administrators, always with the request's
    reference, always logged as an export.
    """
    if not any(rules(m.role).administers for m in _memberships(user)):
        raise Http404("No such person")
    try:
        person = Person.objects.get(pk=int(person_id))
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404("No such person") from None
    purpose = f"subject access request {reference}"
    audit.record(user, [person.pk], action=AccessLog.Action.EXPORT, purpose=purpose)
    return person


def unscoped(user, reason: str) -> QuerySet[Person]:
    """Every person, for the rare task that needs them all (imports, linkage, erasure).

    The call itself is logged with its reason; callers should be few and named in review.
    """
    audit.record(user, [None], action=AccessLog.Action.UNSCOPED, purpose=reason)
    return Person.objects.all()
