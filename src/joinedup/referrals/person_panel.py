"""The front door's part of a person's page, timeline and subject access export."""

from django.conf import settings

from joinedup.people import panels
from joinedup.people.subject_access import register_exporter
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


def _export(person):
    """One row per profile version, referral, decision and by-name list event."""
    rows = [
        {
            "record": f"Profile version {p.number}",
            "on": p.written_at,
            "what_is_happening": p.what_is_happening,
            "what_matters": p.what_matters,
        }
        for p in person.profile_versions.all()
    ]
    for r in person.referrals.select_related("referring_organisation"):
        rows.append({"record": "Referral", "on": r.received_at, "from": r.source})
        rows += [
            {
                "record": f"Panel decision: {d.get_outcome_display()}",
                "on": d.recorded_at,
                "rationale": d.rationale,
            }
            for d in r.decisions.all()
        ]
    rows += [
        {"record": f"By-name list: {c.get_status_display()}", "on": c.on, "note": c.note}
        for c in person.list_statuses.all()
    ]
    return rows


panels.register("referrals/person_panel.html", _context)
register_source("referral", "Referrals and the by-name list", _timeline)
register_exporter("front_door", "Referrals, profile and by-name list", _export)
