"""Held referrals: the front door's check of a referral whose details match someone the
referrer does not work with, and the join of what it carried onto the known record."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from joinedup.people import access
from joinedup.people import services as people
from joinedup.people.models import Consent, Section
from joinedup.referrals.errors import ReferralError
from joinedup.referrals.models import IDENTITY_FIELDS, Referral
from joinedup.referrals.services import (
    REFERRAL_SECTIONS,
    fill_gaps,
    is_front_door,
    open_referral,
    panel_grant_ends,
    to_the_panel,
    write_profile,
)


def check_match(referral: Referral, by, *, same_person: bool) -> Referral:
    """The front door's check of a held referral: is it the person already known?

    Joining it to that record gives the referral's recipients sight of it, so only someone
    who works with the known person, or the front door (never for its own organisation's
    referral, and only seeing who they are and their story) may say yes. Saying no lets the
    new record stand. The rule is checked, and logged, before the transaction; a refusal is
    logged against the held record, never the known one, so the log links nothing.
    """
    known = referral.possible_match
    if same_person and known is not None and referral.status == Referral.Status.HELD:
        access.check_change_who_sees(
            by,
            known,
            f"join held referral {referral.pk} to a known record",
            logged_as=referral.person,
            **join_role(referral, by),
        )
    return _check_match(referral, by, same_person=same_person)


def join_role(referral: Referral, by) -> dict:
    """The front door's named role for joining, never for its own organisation's referral."""
    own = {m.organisation_id for m in by.active_memberships()}
    ours = referral.referring_organisation_id in own or referral.referred_by_id == by.pk
    return {"front_door": is_front_door(by, referral.panel) and not ours}


@transaction.atomic
def _check_match(referral: Referral, by, *, same_person: bool) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.HELD:
        raise ReferralError({"same_person": "This referral is not waiting for a check"})
    held = referral.person
    known = referral.possible_match
    if same_person:
        if known is None:
            raise ReferralError({"same_person": "The record it matched is no longer there"})
        if not access.may_change_who_sees(by, known, **join_role(referral, by)):
            raise PermissionDenied("Only the front door checks who a held referral is")
        _join_held(referral, held, people.lock(known), by)
    elif not (
        is_front_door(by, referral.panel)
        or (known is not None and access.may_change_who_sees(by, known))
    ):
        raise PermissionDenied("Only the front door checks who a held referral is")
    referral.possible_match = None
    referral.match_checked_by = by
    referral.match_checked_at = timezone.now()
    if referral.status == Referral.Status.HELD:
        referral.status = Referral.Status.AWAITING_PANEL
    referral.save()
    if referral.joins_id is None:
        to_the_panel(referral, by)
    return referral


#: What a held record may hold when it joins a known one: its own sharing lines and story
#: (which end with it), the access log (never edited), the referral itself and the NDT
#: assessment that came with it (both moved).
LEFT_WITH_IT = {
    "people.Consent.person",
    "referrals.ProfileVersion.person",
    "audit.AccessLog.person",
}
MOVED = {"referrals.Referral.person", "measures.Assessment.person"}


def _join_held(referral: Referral, held, known, by) -> None:
    """Move a held referral, and what it carried, onto the known person's record."""
    held_on = people.records_about(held)
    extra = {k: n for k, n in held_on.items() if k not in LEFT_WITH_IT | MOVED}
    if extra or held_on.get("referrals.Referral.person", 0) > 1:
        raise ReferralError(
            {
                "same_person": "The record holding this referral has had more added to it "
                "since (another referral, a plan, an agenda or a link), so it cannot simply "
                "join: record that it is someone new, or ask an administrator to merge them"
            }
        )
    fill_gaps(known, {f: getattr(held, f) for f in IDENTITY_FIELDS})
    story = referral.profile
    profile = write_profile(
        known,
        what_is_happening=story.what_is_happening,
        what_matters=story.what_matters
        or getattr(known.profile_versions.first(), "what_matters", ""),
        by=story.written_by,
        organisation=story.organisation,
    )
    earlier = open_referral(known, referral.panel)
    referral.person, referral.profile, referral.joins = known, profile, earlier
    if earlier:
        referral.status = Referral.Status.JOINED
    referral.save()
    own = {m.organisation_id for m in by.active_memberships()}
    for share in referral.shares.select_related("consent", "organisation"):
        line = share.consent
        if share.organisation_id in own:
            # Whoever checks keeps what they already see: no grant to their own organisation.
            share.consent = people.sharing_covers(known, share.organisation, REFERRAL_SECTIONS)
            share.profile = profile
            share.save(update_fields=["consent", "profile"])
            continue
        # The referrer could not see the record: its recipients get what the referral carried.
        share.consent = people.record_sharing(
            known,
            line.decided_by if line else None,
            organisation=share.organisation,
            basis=line.basis if line else Consent.Basis.CONSENT,
            legal_gateway=line.legal_gateway if line else "",
            reason=line.reason if line else "",
            sections=[Section.STORY, Section.ASSESSMENTS],
            ends_at=panel_grant_ends(referral, share.organisation),
        )
        share.profile = profile
        share.save(update_fields=["consent", "profile"])
    people.move_records(held, known, MOVED)
    held.delete()
