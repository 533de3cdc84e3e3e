"""The front door's part of a person's page and timeline (its export: `subject_access`)."""

from django.conf import settings

from joinedup.people import access, panels
from joinedup.people.timeline import Entry, register_source
from joinedup.referrals.models import ReferralShare


def _context(person, user, sections):
    if "story" not in sections:
        return None
    return {
        "profile": person.profile_versions.first(),
        "receipts": ReferralShare.objects.filter(referral__person=person)
        .select_related("organisation", "profile")
        .order_by("-shared_at"),
        "referrals": person.referrals.select_related("referring_organisation"),
        "list_status": person.list_statuses.order_by("-on", "-id").first(),
        "allocations": person.allocations.select_related("coordinator", "organisation"),
        "stuck_cases": person.stuck_cases.select_related("agency"),
        "caseload_cap": settings.CASELOAD_CAP,
        # Referring on writes sharing lines for the panel: only for those who work with them.
        "may_refer": access.may_change_who_sees(user, person),
    }


def _timeline(person, user):
    for share in ReferralShare.objects.filter(referral__person=person).select_related(
        "organisation", "profile"
    ):
        yield Entry(
            share.shared_at.date(),
            "referral",
            f"Referral received, profile version {share.profile.number}"
            + (" (shared by override)" if share.overridden else ""),
            share.organisation.name,
        )
    for change in person.list_statuses.all():
        yield Entry(
            change.on,
            "referral",
            f"By-name list: {change.get_status_display()}",
            detail=change.waiting_for or change.note,
        )


panels.register("referrals/person_panel.html", _context)
register_source("referral", "Referrals and the by-name list", _timeline)
