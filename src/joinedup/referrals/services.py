"""What happens at the front door, each function one step a worker or the panel takes.

Every change is one transaction: a referral that fails a check leaves nothing behind.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.roles import Role, rules
from joinedup.assessment import services as barriers
from joinedup.assessment.models import Barrier, Category
from joinedup.audit import services as audit
from joinedup.audit.models import AccessLog
from joinedup.directory.models import Organisation
from joinedup.measures.queries import latest_ndt
from joinedup.people import access
from joinedup.people import services as people
from joinedup.people.models import Consent, Person, Section
from joinedup.people.nhs import nhs_number_is_valid
from joinedup.referrals import queries
from joinedup.referrals.models import (
    AgendaItem,
    Allocation,
    Decision,
    ListStatus,
    Panel,
    PanelMeeting,
    ProfileVersion,
    Referral,
    ReferralShare,
    StatusChange,
    StuckCase,
)

#: What a referral carries: who the person is, their story and their NDT assessment (one
#: referral form, one risk assessment), whatever else is chosen.
REFERRAL_SECTIONS = (Section.IDENTITY, Section.STORY, Section.ASSESSMENTS)
#: Roles that may share a referral beyond what the ledger covers, giving a reason.
OVERRIDE_ROLES = {Role.COORDINATOR, Role.PANEL_MEMBER, Role.ADMINISTRATOR}


class ReferralError(ValidationError):
    """A referral or decision that cannot be saved, with a message per field."""


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


def _check_identity(identity: dict) -> None:
    errors = {}
    for name in ("first_name", "last_name"):
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


def _place_on_agenda(referral: Referral, on=None, reason="New referral") -> None:
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


#: Referrals the panel still has to decide.
WAITING = {Referral.Status.AWAITING_PANEL, Referral.Status.DEFERRED}


def set_status(person, status, *, on=None, by=None, waiting_for="", died_on=None, note=""):
    """A new event on the by-name list (no event when nothing changes)."""
    current = StatusChange.objects.filter(person=person).order_by("-on", "-id").first()
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ReferralError({"on": "The date cannot be in the future"})
    if current and on < current.on:
        raise ReferralError(
            {"on": f"The date must be on or after the last change, {current.on:%d %B %Y}"}
        )
    if status == ListStatus.ON_HOLD and not waiting_for.strip():
        raise ReferralError({"waiting_for": "Say what they are waiting for"})
    if status == ListStatus.DIED and not died_on:
        raise ReferralError({"died_on": "Enter the date they died"})
    if current and current.status == status and current.waiting_for == waiting_for:
        return current
    return StatusChange.objects.create(
        person=person,
        status=status,
        previous=current.status if current else "",
        on=on,
        waiting_for=waiting_for.strip(),
        died_on=died_on,
        note=note,
        recorded_by=by,
    )


@transaction.atomic
def refer(
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
    """Take a referral through the front door.

    `person` is given when the referrer started from a record they can see; otherwise the
    identity is matched against people already known, so a second referral joins the first.
    With no `by`, it is the person's own self-referral.
    """
    _check_sharing(sharing, panel)
    sections = sorted(set(sharing.sections) | {Section.STORY, Section.ASSESSMENTS})
    if person is None:
        _check_identity(identity)
        # A self-referral never joins a record: anyone could type a name and a date of birth.
        # The front door links it to a known person after talking to them.
        known = None
        if by is not None:
            known = people.find_known(
                first_name=identity["first_name"],
                last_name=identity["last_name"],
                date_of_birth=identity.get("date_of_birth"),
                nhs_number=identity.get("nhs_number", ""),
            )
        if known is None:
            person = people.add_person(**identity)
        else:
            person = people.lock(known)
            _fill_gaps(person, identity)
            if not access.can_see(by, person.pk):
                # The referrer knew who, and heard their story; nothing else of a record they
                # cannot see goes anywhere on their word.
                sections = [Section.STORY, Section.ASSESSMENTS]
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
    earlier = _open_referral(person, panel)
    referral = Referral.objects.create(
        person=person,
        panel=panel,
        self_referral=by is None,
        referred_by=by,
        referring_organisation=organisation,
        profile=profile,
        needs=list(needs),
        contact_by=contact_by,
        status=Referral.Status.JOINED if earlier else Referral.Status.AWAITING_PANEL,
        joins=earlier,
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
        )
        ReferralShare.objects.create(
            referral=referral, organisation=org, consent=consent, profile=profile
        )
    if earlier is None:
        _place_on_agenda(referral)
        if not StatusChange.objects.filter(person=person).exists():
            set_status(person, ListStatus.REFERRED, by=by)
        set_status(person, ListStatus.AWAITING_PANEL, by=by)
    return referral


#: On the list and being worked with: a new referral joins the open one instead.
OPEN = {
    ListStatus.REFERRED,
    ListStatus.AWAITING_PANEL,
    ListStatus.ACCEPTED,
    ListStatus.ACTIVE,
    ListStatus.ON_HOLD,
    ListStatus.IN_CUSTODY,
    ListStatus.IN_HOSPITAL,
}


def _open_referral(person, panel) -> Referral | None:
    current = person.list_statuses.order_by("-on", "-id").first()
    if current is None or current.status not in OPEN:
        return None  # new, or back after leaving the list: a fresh referral
    return (
        person.referrals.filter(panel=panel, joins=None)
        .exclude(status__in=[Referral.Status.DECLINED, Referral.Status.REFERRED_ELSEWHERE])
        .order_by("-received_at")
        .first()
    )


def _fill_gaps(person, identity: dict) -> None:
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


@transaction.atomic
def share(referral: Referral, organisation: Organisation, by, *, override_reason: str = ""):
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


def sits_on_panel(user, panel: Panel) -> bool:
    seats = set(panel.organisations.values_list("pk", flat=True))
    return any(
        rules(m.role).sees_panel_agenda and m.organisation_id in seats
        for m in user.active_memberships()
    )


def departure_from_score_order(outcome: str, total: int | None, threshold: int) -> str:
    """Why a decision departs from the order the NDT score gives, or '' when it does not."""
    if outcome == Decision.Outcome.ACCEPT and total is None:
        return "accepted without an NDT score"
    if outcome == Decision.Outcome.ACCEPT and total < threshold:
        return f"accepted with a score of {total}, below the threshold of {threshold}"
    if outcome == Decision.Outcome.DECLINE and total is not None and total >= threshold:
        return f"declined with a score of {total}, at or above the threshold of {threshold}"
    return ""


def _priority_inversion(outcome, total, priority, meeting) -> str:
    """Accepting someone ahead of a higher-scored person accepted at the same meeting."""
    if outcome != Decision.Outcome.ACCEPT or meeting is None or total is None or not priority:
        return ""
    ahead = (
        Decision.objects.filter(
            meeting=meeting,
            outcome=Decision.Outcome.ACCEPT,
            ndt_total__gt=total,
            priority__gt=priority,
        )
        .order_by("-ndt_total")
        .first()
    )
    if ahead is None:
        return ""
    return (
        f"a higher priority than someone scoring {ahead.ndt_total} at the same meeting, "
        f"with {total}"
    )


OUTCOME_STATUS = {
    Decision.Outcome.ACCEPT: (Referral.Status.ACCEPTED, ListStatus.ACCEPTED),
    Decision.Outcome.DECLINE: (Referral.Status.DECLINED, ListStatus.CLOSED),
    Decision.Outcome.DEFER: (Referral.Status.DEFERRED, ListStatus.AWAITING_PANEL),
    Decision.Outcome.REFER_ELSEWHERE: (Referral.Status.REFERRED_ELSEWHERE, ListStatus.CLOSED),
}


@transaction.atomic
def decide(
    referral: Referral,
    by,
    *,
    outcome: str,
    rationale: str,
    priority: int | None = None,
    decline_reason: str = "",
    refer_to: Organisation | None = None,
    dissent: str = "",
    review_on: date | None = None,
    override_reason: str = "",
    meeting: PanelMeeting | None = None,
    on: date | None = None,
) -> Decision:
    """Record the panel's decision. Only a member of the referral's panel may record it."""
    if not sits_on_panel(by, referral.panel):
        raise PermissionDenied("Only a member of the panel records its decisions")
    if referral.status == Referral.Status.JOINED:
        raise ReferralError(
            {"outcome": "This referral joined an earlier one: decide on that referral"}
        )
    errors = {}
    if priority is not None and priority not in Decision.Priority.values:
        errors["priority"] = "Choose high, medium or low priority"
    if outcome not in Decision.Outcome.values:
        errors["outcome"] = "Choose a decision"
    if not rationale.strip():
        errors["rationale"] = "Give the panel's rationale"
    if outcome == Decision.Outcome.ACCEPT and not priority:
        errors["priority"] = "Choose a priority for an accepted referral"
    if outcome == Decision.Outcome.DECLINE and not decline_reason.strip():
        errors["decline_reason"] = "Give the reason for declining"
    if outcome == Decision.Outcome.REFER_ELSEWHERE and refer_to is None:
        errors["refer_to"] = "Choose the organisation referred to"
    if outcome in (Decision.Outcome.ACCEPT, Decision.Outcome.DEFER) and review_on is None:
        errors["review_on"] = "Enter a review date"
    threshold = settings.NDT_ELIGIBILITY_THRESHOLD
    latest = latest_ndt([referral.person]).get(referral.person_id)
    total = latest.total if latest else None
    meeting = meeting or _meeting_of(referral)
    departure = departure_from_score_order(outcome, total, threshold) or _priority_inversion(
        outcome, total, priority, meeting
    )
    if departure and not override_reason.strip():
        errors["override_reason"] = (
            f"This decision departs from the score-based order ({departure}): give the reason"
        )
    if errors:
        raise ReferralError(errors)
    decision = Decision.objects.create(
        referral=referral,
        meeting=meeting,
        outcome=outcome,
        priority=priority if outcome == Decision.Outcome.ACCEPT else None,
        rationale=rationale.strip(),
        decline_reason=decline_reason.strip(),
        refer_to=refer_to,
        dissent=dissent.strip(),
        review_on=review_on,
        ndt_total=total,
        threshold=threshold,
        override_reason=override_reason.strip() if departure else "",
        recorded_by=by,
        **({"recorded_at": timezone.make_aware(_noon(on))} if on else {}),
    )
    referral_status, list_status = OUTCOME_STATUS[outcome]
    referral.status = referral_status
    referral.save(update_fields=["status"])
    if outcome == Decision.Outcome.DEFER:
        after = (meeting.meets_on if meeting else timezone.localdate()) + timedelta(days=1)
        _place_on_agenda(referral, on=after, reason="Deferred from an earlier meeting")
    referral.joined_by.update(status=Referral.Status.JOINED)
    note = decision.get_outcome_display()
    set_status(referral.person, list_status, by=by, on=on, note=note)
    return decision


def _noon(day):
    return datetime.combine(day, time(12))


def _meeting_of(referral: Referral) -> PanelMeeting | None:
    item = referral.agenda_items.select_related("meeting").order_by("-meeting__meets_on").first()
    return item.meeting if item else None


@transaction.atomic
def allocate(person, coordinator, by, *, reason: str = "", referral=None, on=None) -> Allocation:
    """Give the person a co-ordinator; an earlier allocation ends, and stays in the history."""
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


@transaction.atomic
def bring_stuck_case(
    person,
    by,
    *,
    agency,
    rule,
    asked,
    category=Category.THRESHOLDS,
    meeting: PanelMeeting | None = None,
    organisation=None,
    on=None,
) -> StuckCase:
    """A co-ordinator brings a case stuck on an agency's rule to the panel; the barrier goes
    into the area's log too."""
    on = on or timezone.localdate()
    barrier = barriers.log_barrier(
        by,
        organisation or agency,
        person=person,
        responsible=agency,
        rule=rule,
        category=category,
        effect=f"Plan stuck; brought to the panel, asking: {asked}",
        raised_on=on,
        status=Barrier.Status.RAISED,
    )
    case = StuckCase.objects.create(
        person=person,
        brought_by=by,
        agency=agency,
        rule=rule,
        asked=asked,
        raised_on=on,
        barrier=barrier,
    )
    if meeting is not None:
        item, _ = AgendaItem.objects.get_or_create(
            meeting=meeting, person=person, defaults={"reason": "Stuck case"}
        )
        item.stuck_case = case
        item.save(update_fields=["stuck_case"])
    return case


@transaction.atomic
def answer_stuck_case(case: StuckCase, *, exception: str, answer: str) -> StuckCase:
    case.exception = exception
    case.answer = answer
    case.save(update_fields=["exception", "answer"])
    if case.barrier and exception == StuckCase.Exception_.MADE:
        case.barrier.status = Barrier.Status.RESOLVED
        case.barrier.save(update_fields=["status"])
    return case


def mark_inactive(today=None, by=None) -> int:
    """Active people with no contact for INACTIVE_AFTER_DAYS become inactive; returns how many."""
    today = today or timezone.localdate()
    count = 0
    for person, last_contact in queries.gone_quiet(today):
        set_status(
            person,
            ListStatus.INACTIVE,
            on=today,
            by=by,
            note=f"No contact since {last_contact:%d %B %Y}" if last_contact else "No contact",
        )
        count += 1
    return count
