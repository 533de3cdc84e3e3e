"""The panel's work: decisions on referrals (checked against the score-based order) and the
stuck cases co-ordinators bring. Only members of the panel record its decisions."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from joinedup.accounts.roles import rules
from joinedup.assessment import services as barriers
from joinedup.assessment.models import Barrier, Category
from joinedup.directory.models import Organisation
from joinedup.measures.queries import latest_ndt
from joinedup.referrals.by_name_list import set_status
from joinedup.referrals.errors import ReferralError
from joinedup.referrals.models import (
    AgendaItem,
    Decision,
    ListStatus,
    Panel,
    PanelMeeting,
    Referral,
    StuckCase,
)
from joinedup.referrals.services import place_on_agenda
from joinedup.versioned import take_version


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
    last_seen: int | None = None,
) -> Decision:
    """Record the panel's decision. Only a member of the referral's panel may record it.

    Two members may record one referral's decision at once (both at the meeting): decisions
    for a referral are taken one at a time, and `last_seen`, the latest decision the form
    showed (0 for none), refuses a decision made without seeing one recorded since, which it
    would silently overturn. Callers without a form (the API, the synthetic area) pass None.
    """
    if not sits_on_panel(by, referral.panel):
        raise PermissionDenied("Only a member of the panel records its decisions")
    # A write first: the referral's row stays locked (PostgreSQL), or the database's write lock
    # held (SQLite), until this decision commits, so the status and decisions read below are
    # the ones it follows.
    Referral.objects.filter(pk=referral.pk).update(status=F("status"))
    referral.status = Referral.objects.values_list("status", flat=True).get(pk=referral.pk)
    latest = referral.decisions.order_by("-pk").select_related("recorded_by").first()
    if last_seen is not None and (latest.pk if latest else 0) != last_seen:
        raise DecidedSince(latest)
    if referral.status == Referral.Status.HELD:
        raise ReferralError(
            {"outcome": "The front door is still checking who this is: decide once it has"}
        )
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
        place_on_agenda(referral, on=after, reason="Deferred from an earlier meeting")
    referral.joined_by.update(status=Referral.Status.JOINED)
    note = decision.get_outcome_display()
    set_status(referral.person, list_status, by=by, on=on, note=note)
    return decision


class DecidedSince(ReferralError):
    """Another decision was recorded for the referral after the form was opened."""

    def __init__(self, latest: Decision | None):
        if latest is None:
            said = "The referral's decisions have changed since you opened this: open it again"
        else:
            by = latest.recorded_by.full_name if latest.recorded_by else "someone"
            when = timezone.localtime(latest.recorded_at)
            said = (
                f"{by} recorded the panel's decision at {when:%H:%M} on {when.day} {when:%B}, "
                f"after you opened this: “{latest.get_outcome_display()}”, because "
                f"“{latest.rationale}”. Nothing has been saved: check it, and record yours "
                "again only to change it"
            )
        super().__init__({"outcome": said})
        self.latest = latest


def _noon(day):
    return datetime.combine(day, time(12))


def _meeting_of(referral: Referral) -> PanelMeeting | None:
    item = referral.agenda_items.select_related("meeting").order_by("-meeting__meets_on").first()
    return item.meeting if item else None


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
def answer_stuck_case(
    case: StuckCase, *, exception: str, answer: str, version: int | None
) -> StuckCase:
    """Record the agency's answer, from the version the form was opened at (EditConflict,
    and nothing saved, if someone recorded another answer since)."""
    take_version(case, version)
    case.exception = exception
    case.answer = answer
    case.save(update_fields=["exception", "answer"])
    if case.barrier and exception == StuckCase.Exception_.MADE:
        case.barrier.status = Barrier.Status.RESOLVED
        case.barrier.save(update_fields=["status"])
    return case
