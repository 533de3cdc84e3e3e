"""The panel's widening of the access layer, registered from `ReferralsConfig.ready()`."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from joinedup.accounts.roles import rules
from joinedup.referrals.models import AgendaItem


def panel_agenda_grant(memberships):
    """People on the agenda of an upcoming (or just-held) meeting of a panel the user sits on."""
    organisations = [m.organisation_id for m in memberships if rules(m.role).sees_panel_agenda]
    if not organisations:
        return None
    since = timezone.localdate() - timedelta(days=settings.PANEL_ACCESS_DAYS_AFTER_MEETING)
    return AgendaItem.objects.filter(
        meeting__panel__organisations__in=organisations, meeting__meets_on__gte=since
    ).values("person_id")
