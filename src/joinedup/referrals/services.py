"""What happens at the front door: a referral, its sharing, and allocation to a co-ordinator.

Every change is one transaction: a referral that fails a check leaves nothing behind.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.audit import services as audit
from joinedup.audit.models import AccessLog
from joinedup.directory.models import Organisation
from joinedup.people import access
from joinedup.people import services as people
from joinedup.people.models import Consent, Person, Section
from joinedup.people.nhs import nhs_number_is_valid
from joinedup.referrals import queries
from joinedup.referrals.by_name_list import OPEN, set_status
from joinedup.referrals.errors import ReferralError
from joinedup.referrals.models import (
    AgendaItem,
    Allocation,
    ListStatus,
    Panel,
    PanelMeeting,
    ProfileVersion,
    Referral,
    ReferralShare,
    StatusChange,
)

#: What a referral carries: who the person is, their story and their NDT assessment (one
#: referral form, one risk assessment), whatever else is chosen.
REFERRAL_SECTIONS = (Section.IDENTITY, Section.STORY, Section.ASSESSMENTS)
#: Roles that may share a referral beyond what the ledger covers, giving a reason.
OVERRIDE_ROLES = {Role.COORDINATOR, Role.PANEL_MEMBER, Role.ADMINISTRATOR}


@dataclass
class Sharing:
    """To whom the referral may go, and on what basis (recorded in the ledger)."""

    organisations: list[Organisation]
    basis: str
    sections: list[str] = field(default_factory=list)
    legal_gateway: str = ""
    reason: str = ""


def _check_sharing(sharing: Sharing, panel: Panel) -> None:
    errors = {}
    if not sharing.organisations:
        errors["organisations"] = "Choose at least one organisation the referral may go to"
    elif panel.host_id not in {o.pk for o in sharing.organisations}:
        errors["organisations"] = (
            f"The referral goes to the front door at {panel.host}, so it must be one of them"
        )
    if sharing.basis not in [value for value, _ in Consent.CHOOSABLE]:
        errors["basis"] = "Say whether the person consents, or the lawful basis for sharing"
    elif sharing.basis != Consent.Basis.CONSENT:
        if not sharing.legal_gateway.strip():
            errors["legal_gateway"] = "Name the law or duty that allows sharing without consent"
        if not sharing.reason.strip():
            errors["reason"] = "Say why the person's consent was not asked for or given"
    unknown = set(sharing.sections) - set(Section.values)
    if unknown:
        errors["sections"] = f"Unknown section {', '.join(sorted(unknown))}"
    if errors:
        raise ReferralError(errors)


def _check_identity(identity: dict, *, self_referral: bool = False) -> None:
    """A worker referring someone knows their full name; a person referring themselves need
    give only the name we should call them by."""
    errors = {}
    for name in ("first_name",) if self_referral else ("first_name", "last_name"):
        if not str(identity.get(name) or "").strip():
            errors[name] = f"Enter their {name.replace('_', ' ')}"
    for name, choices in (
        ("sex", Person.Sex.values),
        ("ethnicity", Person.Ethnicity.values),
        ("disability", Person.Disability.values),
    ):
        value = identity.get(name) or ""
        if value and value not in choices:
            errors[name] = f"{value!r} is not one of {', '.join(choices)}"
    number = identity.get("nhs_number") or ""
    if number and not nhs_number_is_valid(number):
        errors["nhs_number"] = "Enter a valid NHS number: 10 digits with a correct check digit"
    born = identity.get("date_of_birth")
    if born and born > timezone.localdate():
        errors["date_of_birth"] = "The date of birth must be in the past"
    if errors:
        raise ReferralError(errors)


def write_profile(person, *, what_is_happening, what_matters, by=None, organisation=None):
    """A new version of the tell-it-once profile, unless the story is unchanged."""
    current = person.profile_versions.first()
    if current and (current.what_is_happening, current.what_matters) == (
        what_is_happening.strip(),
        what_matters.strip(),
    ):
        return current
    return ProfileVersion.objects.create(
        person=person,
        number=(current.number + 1) if current else 1,
        what_is_happening=what_is_happening.strip(),
        what_matters=what_matters.strip(),
        written_by=by,
        organisation=organisation,
    )


def next_meeting(panel: Panel, on: date | None = None) -> PanelMeeting | None:
    return panel.meetings.filter(meets_on__gte=on or timezone.localdate()).first()


def place_on_agenda(referral: Referral, on=None, reason="New referral") -> None:
    meeting = next_meeting(referral.panel, on)
    if meeting is None:
        return  # the panel page lists it as waiting for a meeting
    item, _ = AgendaItem.objects.get_or_create(
        meeting=meeting, person=referral.person, defaults={"reason": reason}
    )
    # The person may already be on it: as a stuck case, or for a referral decided since.
    if item.referral is None or item.referral.status not in WAITING:
        item.referral = referral
        item.save(update_fields=["referral"])
    time_panel_grants(referral, meeting)


#: Referrals the panel still has to decide.
WAITING = {Referral.Status.AWAITING_PANEL, Referral.Status.DEFERRED}


def refer(*, person=None, by=None, **details) -> Referral:
    """Take a referral through the front door.

    `person` is given when the referrer started from a record they can see; otherwise the
    identity is matched against people already known, so a second referral joins the first.
    With no `by`, it is the person's own self-referral. The widening rule is checked before
    the transaction, so a refusal stays in the access log.
    """
    if person is not None and by is not None:
        # Referring on from a record sends it to the panel's organisations: a change of who
        # sees it, for those who work with the person.
        access.check_change_who_sees(by, person, "refer from their record")
    return _refer(person=person, by=by, **details)


@transaction.atomic
def _refer(
    *,
    panel: Panel,
    identity: dict,
    what_is_happening: str,
    what_matters: str,
    sharing: Sharing,
    needs=(),
    by=None,
    organisation: Organisation | None = None,
    person=None,
    contact_by: str = "",
) -> Referral:
    _check_sharing(sharing, panel)
    sections = sorted(set(sharing.sections) | {Section.STORY, Section.ASSESSMENTS})
    held_match = None
    if person is not None and by is not None and not access.may_change_who_sees(by, person):
        raise PermissionDenied("Only an organisation working with the person refers them on")
    if person is None:
        _check_identity(identity, self_referral=by is None)
        # A self-referral never joins a record: anyone could type a name and a date of birth.
        known = None
        if by is not None:
            known = people.find_known(
                first_name=identity["first_name"],
                last_name=identity["last_name"],
                date_of_birth=identity.get("date_of_birth"),
                nhs_number=identity.get("nhs_number", ""),
            )
        if known is not None and access.may_change_who_sees(by, known):
            person = people.lock(known)
            fill_gaps(person, identity)
        else:
            # Knowing someone's NHS number or name and date of birth opens nothing: the
            # referral waits on a record of its own, holding only what was sent, until the
            # front door checks whether it is the person already known.
            person = people.add_person(**identity)
            held_match = known
    profile = person.profile_versions.first()
    if what_is_happening.strip() or profile is None:
        if not what_is_happening.strip():
            raise ReferralError({"what_is_happening": "Say what is happening for the person"})
        profile = write_profile(
            person,
            what_is_happening=what_is_happening,
            what_matters=what_matters or (profile.what_matters if profile else ""),
            by=by,
            organisation=organisation,
        )
    earlier = None if held_match else open_referral(person, panel)
    if held_match:
        status = Referral.Status.HELD
    else:
        status = Referral.Status.JOINED if earlier else Referral.Status.AWAITING_PANEL
    referral = Referral.objects.create(
        person=person,
        panel=panel,
        self_referral=by is None,
        referred_by=by,
        referring_organisation=organisation,
        profile=profile,
        needs=list(needs),
        contact_by=contact_by,
        status=status,
        joins=earlier,
        possible_match=held_match,
    )
    recipients = {o.pk: o for o in sharing.organisations}
    if organisation is not None:
        recipients.setdefault(organisation.pk, organisation)  # the referrer keeps sight
    for org in recipients.values():
        consent = people.record_sharing(
            person,
            by,
            organisation=org,
            basis=sharing.basis,
            legal_gateway=sharing.legal_gateway,
            reason=sharing.reason or ("Self-referral" if by is None else ""),
            sections=[s for s in sections if s != Section.IDENTITY],
            ends_at=panel_grant_ends(referral, org),
        )
        ReferralShare.objects.create(
            referral=referral, organisation=org, consent=consent, profile=profile
        )
    if earlier is None and not held_match:
        to_the_panel(referral, by)
    return referral


def to_the_panel(referral: Referral, by) -> None:
    place_on_agenda(referral)
    person = referral.person
    if not StatusChange.objects.filter(person=person).exists():
        set_status(person, ListStatus.REFERRED, by=by)
    set_status(person, ListStatus.AWAITING_PANEL, by=by)


def panel_grant_ends(referral: Referral, organisation, meeting=None):
    """When a panel seat's sight of a referred person ends: the meeting that discusses them,
    plus a few days for the minutes (`PANEL_GRANT_DAYS`); with no meeting set yet, a few
    weeks (`PANEL_GRANT_UNSCHEDULED_DAYS`). The front door and the referrer keep theirs."""
    if organisation.pk in {referral.panel.host_id, referral.referring_organisation_id}:
        return None
    meeting = meeting or next_meeting(referral.panel)
    if meeting is None:
        return timezone.now() + timedelta(days=settings.PANEL_GRANT_UNSCHEDULED_DAYS)
    last = meeting.meets_on + timedelta(days=settings.PANEL_GRANT_DAYS + 1)
    return timezone.make_aware(datetime.combine(last, time.min))


def time_panel_grants(referral: Referral, meeting: PanelMeeting) -> None:
    """The panel seats' sharing lines for this referral run to `meeting` (and its minutes)."""
    for share in referral.shares.select_related("consent", "organisation"):
        ends = panel_grant_ends(referral, share.organisation, meeting)
        consent = share.consent
        if ends and consent and consent.revoked_at is None and consent.ends_at != ends:
            consent.ends_at = ends
            consent.save(update_fields=["ends_at"])


def is_front_door(user, panel: Panel) -> bool:
    """A member of the panel's host organisation, in a role that sees named people."""
    return any(
        m.organisation_id == panel.host_id and m.rules.sees_personal_data
        for m in user.active_memberships()
    )


def open_referral(person, panel) -> Referral | None:
    current = person.list_statuses.order_by("-on", "-id").first()
    if current is None or current.status not in OPEN:
        return None  # new, or back after leaving the list: a fresh referral
    return (
        person.referrals.filter(panel=panel, joins=None)
        .exclude(status__in=[Referral.Status.DECLINED, Referral.Status.REFERRED_ELSEWHERE])
        .order_by("-received_at")
        .first()
    )


def fill_gaps(person, identity: dict) -> None:
    """A later referral may know what an earlier one did not (never overwrites)."""
    changed = [
        name
        for name, value in identity.items()
        if value and not getattr(person, name) and hasattr(person, name)
    ]
    for name in changed:
        setattr(person, name, identity[name])
    if changed:
        person.save(update_fields=[*changed, "updated_at"])


def may_override(user) -> bool:
    return any(Role(m.role) in OVERRIDE_ROLES for m in user.active_memberships())


def share(referral: Referral, organisation: Organisation, by, *, override_reason: str = ""):
    """Send the referral to one more organisation (see `_share`). A held referral goes nowhere
    until the front door has checked it; an override is checked, and logged, first."""
    if referral.status == Referral.Status.HELD:
        raise ReferralError(
            {"organisation": "The front door is checking this referral: share it once it has"}
        )
    covered = people.sharing_covers(referral.person, organisation, REFERRAL_SECTIONS)
    if covered is None and override_reason.strip() and may_override(by):
        access.check_change_who_sees(
            by,
            referral.person,
            f"override sharing of referral {referral.pk}",
            organisation,
            override=True,
        )
    return _share(referral, organisation, by, override_reason=override_reason)


@transaction.atomic
def _share(referral: Referral, organisation: Organisation, by, *, override_reason: str = ""):
    """Send the referral to one more organisation, if the ledger covers it.

    Beyond the ledger, only a permitted role may share, and only with a reason, which is
    recorded on the share, in the ledger (so the receiver's access is visible and revocable)
    and in the access log.
    """
    existing = referral.shares.filter(organisation=organisation).first()
    if existing:
        return existing
    consent = people.sharing_covers(referral.person, organisation, REFERRAL_SECTIONS)
    overridden = consent is None
    if overridden:
        if not override_reason.strip():
            raise ReferralError(
                {
                    "organisation": f"Neither consent nor a recorded lawful basis covers sharing "
                    f"with {organisation}. Record one on the person's sharing page first"
                }
            )
        if not may_override(by):
            raise PermissionDenied("Only a co-ordinator or panel member may override sharing")
        if not access.may_change_who_sees(by, referral.person, organisation, override=True):
            raise PermissionDenied("An override never shares with your own organisation")
        consent = people.record_sharing(
            referral.person,
            by,
            organisation=organisation,
            basis=Consent.Basis.OVERRIDE,
            legal_gateway="Override at the front door",
            reason=override_reason.strip(),
            sections=[Section.STORY, Section.ASSESSMENTS],
        )
        audit.record(
            by,
            [referral.person_id],
            action=AccessLog.Action.OVERRIDE,
            purpose=f"referral {referral.pk} shared with {organisation}: {override_reason}",
        )
    share, _ = ReferralShare.objects.get_or_create(
        referral=referral,
        organisation=organisation,
        defaults={
            "consent": consent,
            "profile": referral.person.profile_versions.first() or referral.profile,
            "override_reason": override_reason.strip() if overridden else "",
            "overridden_by": by if overridden else None,
        },
    )
    return share


def allocate(person, coordinator, by, *, reason: str = "", referral=None, on=None) -> Allocation:
    """Give the person a co-ordinator; an earlier allocation ends, and stays in the history.

    Allocating adds the co-ordinator's organisation to the team, so it follows the widening
    rule: those who work with the person may (re)allocate; otherwise only the panel's
    acceptance carried out, by a member of the accepting panel or its front door, while the
    person waits for their first co-ordinator. Checked, and logged, before the transaction.
    """
    if not person.referrals.filter(status=Referral.Status.ACCEPTED).exists():
        raise ReferralError({"coordinator": "Only people the panel has accepted are allocated"})
    access.check_change_who_sees(
        by,
        person,
        "allocate a co-ordinator",
        allocation=_carries_out_acceptance(person, by),
    )
    return _allocate(person, coordinator, by, reason=reason, referral=referral, on=on)


def _carries_out_acceptance(person, by) -> bool:
    """The panel accepted the person, nobody is allocated yet, and `by` sits on that panel or
    works at its front door."""
    status = person.list_statuses.order_by("-on", "-id").first()
    if status is None or status.status != ListStatus.ACCEPTED:
        return False
    if person.allocations.filter(ended_on=None).exists():
        return False
    accepted = person.referrals.filter(status=Referral.Status.ACCEPTED).select_related("panel")
    return any(
        is_front_door(by, r.panel)
        or any(
            m.rules.sees_panel_agenda
            and r.panel.organisations.filter(pk=m.organisation_id).exists()
            for m in by.active_memberships()
        )
        for r in accepted
    )


@transaction.atomic
def _allocate(person, coordinator, by, *, reason: str = "", referral=None, on=None) -> Allocation:
    membership = queries.coordinators_of(
        coordinator.active_memberships().values_list("organisation_id", flat=True)
    ).filter(user=coordinator)
    membership = membership.first()
    if membership is None:
        raise ReferralError({"coordinator": f"{coordinator} is not a co-ordinator"})
    if not person.referrals.filter(status=Referral.Status.ACCEPTED).exists():
        raise ReferralError({"coordinator": "Only people the panel has accepted are allocated"})
    on = on or timezone.localdate()
    current = person.allocations.filter(ended_on=None).first()
    if current and current.coordinator_id == coordinator.pk:
        return current
    if current:
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    allocation = Allocation.objects.create(
        person=person,
        coordinator=coordinator,
        organisation=membership.organisation,
        referral=referral,
        started_on=on,
        reason=reason,
        allocated_by=by,
    )
    if not person.involvements.current().filter(professional=coordinator).exists():
        people.add_involvement(
            person,
            organisation=membership.organisation,
            professional=coordinator,
            role="Co-ordinator",
            is_lead=True,
            started_on=on,
        )
    set_status(person, ListStatus.ACTIVE, by=by, on=on, note=f"Allocated to {coordinator}")
    return allocation
