"""The by-name list: each change of a person's status is an event, and their status is the
latest; the monthly flows in `queries` count these events."""

from django.utils import timezone

from joinedup.referrals import queries
from joinedup.referrals.errors import ReferralError
from joinedup.referrals.models import ListStatus, StatusChange

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
