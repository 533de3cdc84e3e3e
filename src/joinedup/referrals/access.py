"""The panel's widening of the access layer, registered from `ReferralsConfig.ready()`."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from joinedup.accounts.roles import rules
from joinedup.people import access
from joinedup.referrals.models import AgendaItem, Referral


def panel_agenda_grant(memberships):
    """People on the agenda of an upcoming (or just-held) meeting of a panel the user sits on."""
    organisations = [m.organisation_id for m in memberships if rules(m.role).sees_panel_agenda]
    if not organisations:
        return None
    since = timezone.localdate() - timedelta(days=settings.PANEL_ACCESS_DAYS_AFTER_MEETING)
    return AgendaItem.objects.filter(
        meeting__panel__organisations__in=organisations, meeting__meets_on__gte=since
    ).values("person_id")


def get_referral_for(user, referral_id, purpose: str) -> Referral:
    """A referral, or 404: the user must see the person's story, and their organisation must
    have made or received the referral, or sit on its panel. The read is logged."""
    referral = (
        Referral.objects.select_related("person", "panel", "profile", "referring_organisation")
        .filter(pk=referral_id)
        .first()
    )
    organisations = {m.organisation_id for m in user.active_memberships()} if user else set()
    allowed = referral is not None and (
        referral.referring_organisation_id in organisations
        or referral.shares.filter(organisation__in=organisations).exists()
        or referral.panel.organisations.filter(pk__in=organisations).exists()
    )
    person_id = referral.person_id if allowed else -1
    person = access.get_person_for(user, person_id, purpose, section="story")
    referral.person = person
    return referral


def referrals_for(user):
    """Referrals the user's organisations made or received, for people they may see."""
    organisations = [m.organisation_id for m in user.active_memberships()]
    return (
        Referral.objects.filter(person__in=access.persons_visible_to(user))
        .filter(
            Q(referring_organisation__in=organisations)
            | Q(shares__organisation__in=organisations)
            | Q(panel__organisations__in=organisations)
        )
        .distinct()
        .select_related("person", "referring_organisation", "panel")
    )
