"""The front door's part of a subject access export, and of anonymising a record.

One section per kind of record: the tell-it-once profile, referrals and where they went, the
panel's agenda and decisions (with any dissent and the reasons given), co-ordinators, stuck
cases and the by-name list.
"""

from joinedup.people.retention import redact, register_anonymiser
from joinedup.people.subject_access import register_exporter
from joinedup.referrals.models import (
    AgendaItem,
    Decision,
    ProfileVersion,
    Referral,
    ReferralShare,
)


def _name(user) -> str:
    return str(user) if user else ""


def _profile(person):
    return [
        {
            "version": p.number,
            "written": p.written_at,
            "written_with_them": p.written_with_person,
            "by": _name(p.written_by),
            "organisation": str(p.organisation or ""),
            "what_is_happening": p.what_is_happening,
            "what_matters": p.what_matters,
        }
        for p in person.profile_versions.select_related("written_by", "organisation")
    ]


def _referrals(person):
    return [
        {
            "received": r.received_at,
            "from": r.source,
            "by": _name(r.referred_by),
            "panel": r.panel.name,
            "needs": r.need_labels,
            "contact_by": r.contact_by,
            "profile_version": r.profile.number,
            "status": r.get_status_display(),
            "shared_with": [s.organisation.name for s in r.shares.all()],
        }
        for r in person.referrals.select_related(
            "referring_organisation", "referred_by", "panel", "profile"
        ).prefetch_related("shares__organisation")
    ]


def _shares(person):
    return [
        {
            "referral_received": s.referral.received_at,
            "sent_to": s.organisation.name,
            "on": s.shared_at,
            "profile_version": s.profile.number,
            "basis": s.consent.get_basis_display() if s.consent else "",
            "override_reason": s.override_reason,
            "overridden_by": _name(s.overridden_by),
        }
        for s in ReferralShare.objects.filter(referral__person=person).select_related(
            "referral", "organisation", "profile", "consent", "overridden_by"
        )
    ]


def _agenda(person):
    return [
        {
            "meeting": str(a.meeting),
            "reason": a.reason,
            "for": "A stuck case" if a.stuck_case_id else "A referral",
        }
        for a in person.agenda_items.select_related("meeting__panel")
    ]


def _decisions(person):
    return [
        {
            "recorded": d.recorded_at,
            "meeting": str(d.meeting or ""),
            "outcome": d.get_outcome_display(),
            "priority": d.get_priority_display() if d.priority else "",
            "rationale": d.rationale,
            "decline_reason": d.decline_reason,
            "referred_to": str(d.refer_to or ""),
            "dissent": d.dissent,
            "review_on": d.review_on,
            "ndt_score": d.ndt_total,
            "threshold": d.threshold,
            "departs_from_score_order_because": d.override_reason,
            "recorded_by": _name(d.recorded_by),
        }
        for d in Decision.objects.filter(referral__person=person).select_related(
            "meeting__panel", "refer_to", "recorded_by"
        )
    ]


def _allocations(person):
    return [
        {
            "coordinator": _name(a.coordinator),
            "organisation": a.organisation.name,
            "from": a.started_on,
            "until": a.ended_on,
            "reason": a.reason,
            "allocated_by": _name(a.allocated_by),
        }
        for a in person.allocations.select_related("coordinator", "organisation", "allocated_by")
    ]


def _stuck_cases(person):
    return [
        {
            "raised": s.raised_on,
            "agency": s.agency.name,
            "rule": s.rule,
            "asked": s.asked,
            "exception": s.get_exception_display(),
            "answer": s.answer,
            "brought_by": _name(s.brought_by),
        }
        for s in person.stuck_cases.select_related("agency", "brought_by")
    ]


def _by_name_list(person):
    return [
        {
            "on": c.on,
            "status": c.get_status_display(),
            "before": c.get_previous_display(),
            "waiting_for": c.waiting_for,
            "died_on": c.died_on,
            "note": c.note,
            "recorded_by": _name(c.recorded_by),
        }
        for c in person.list_statuses.select_related("recorded_by")
    ]


def _anonymise(person):
    redact(ProfileVersion.objects.filter(person=person), "what_is_happening", "what_matters")
    redact(Referral.objects.filter(person=person), "contact_by")
    redact(ReferralShare.objects.filter(referral__person=person), "override_reason")
    redact(AgendaItem.objects.filter(person=person), "reason")
    redact(
        Decision.objects.filter(referral__person=person),
        "rationale",
        "decline_reason",
        "dissent",
        "override_reason",
    )
    redact(person.allocations.all(), "reason")
    redact(person.stuck_cases.all(), "rule", "asked", "answer")
    redact(person.list_statuses.all(), "waiting_for", "note")


register_exporter(
    "profile",
    "Their story (the tell-it-once profile)",
    _profile,
    models=["referrals.ProfileVersion"],
)
register_exporter("referrals", "Referrals", _referrals, models=["referrals.Referral"])
register_exporter(
    "referral_shares", "Where referrals were sent", _shares, models=["referrals.ReferralShare"]
)
register_exporter(
    "panel_agenda", "Panel meetings that discussed them", _agenda, models=["referrals.AgendaItem"]
)
register_exporter(
    "panel_decisions",
    "Panel decisions, reasons and dissent",
    _decisions,
    models=["referrals.Decision"],
)
register_exporter("allocations", "Co-ordinators", _allocations, models=["referrals.Allocation"])
register_exporter(
    "stuck_cases", "Stuck cases brought to the panel", _stuck_cases, models=["referrals.StuckCase"]
)
register_exporter(
    "by_name_list", "The by-name list", _by_name_list, models=["referrals.StatusChange"]
)
register_anonymiser(
    "referrals",
    _anonymise,
    models=[
        "referrals.ProfileVersion",
        "referrals.Referral",
        "referrals.ReferralShare",
        "referrals.AgendaItem",
        "referrals.Decision",
        "referrals.Allocation",
        "referrals.StuckCase",
        "referrals.StatusChange",
    ],
)
