"""Writing access-log entries. Only the access layer in `people` calls these."""

from joinedup.accounts.models import Membership
from joinedup.audit import context
from joinedup.audit.models import AccessLog


def _acting_membership(user):
    ctx = context.current()
    if ctx.membership_id:
        membership = (
            Membership.objects.filter(pk=ctx.membership_id, user=user, active=True)
            .select_related("organisation")
            .first()
        )
        if membership:
            return membership
    return None


def record(user, person_ids, *, action, purpose, granted=True) -> None:
    """Write one entry per person, attributed to the user's acting membership and route."""
    ctx = context.current()
    membership = _acting_membership(user) if user and user.is_authenticated else None
    authenticated = bool(user and user.is_authenticated)
    AccessLog.objects.bulk_create(
        AccessLog(
            user=user if authenticated else None,
            organisation=membership.organisation if membership else None,
            role=membership.role if membership else "",
            person_id=person_id if granted else None,
            person_ref=person_id,
            action=action,
            granted=granted,
            purpose=purpose[:200],
            route=ctx.route,
            ip_address=ctx.ip_address,
        )
        for person_id in person_ids
    )
