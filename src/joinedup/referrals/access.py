"""Who may open a referral. The panel has no grant of its own: its members see the people on
their agenda only where the person's sharing ledger covers their organisation."""

from django.db.models import Q

from joinedup.people import access
from joinedup.referrals.models import Referral


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
    person = access.get_person_for(user, person_id, f"{purpose} (referral {referral_id})", "story")
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
