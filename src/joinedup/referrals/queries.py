from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from joinedup.referrals.models import PanelMeeting


def coming_meetings(organisation_id, days_ahead=60):
    """Meetings in the next `days_ahead` days of panels the organisation sits on."""
    today = timezone.localdate()
    return (
        PanelMeeting.objects.filter(
            panel__organisations=organisation_id,
            meets_on__gte=today,
            meets_on__lte=today + timedelta(days=days_ahead),
        )
        .select_related("panel")
        .annotate(n_items=Count("items"))
    )
