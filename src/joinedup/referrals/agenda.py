"""Where the panel goes after recording a decision: back to the papers, at the next person."""

from django.urls import reverse

from joinedup.referrals import queries
from joinedup.referrals.models import Decision, Referral


def after_decision(decision: Decision, user) -> str:
    """The meeting's papers at the next person still waiting for a decision (in the papers'
    score order, after the one just decided; else the first still waiting), or the referral
    when the decision was made outside a meeting."""
    if decision.meeting is None:
        return reverse("referrals:detail", args=[decision.referral_id])
    rows = queries.papers(decision.meeting, user)
    here = next((i for i, r in enumerate(rows) if r["referral"] == decision.referral), -1)
    waiting = [
        r
        for r in rows[here + 1 :] + rows[: max(here, 0)]
        if r["referral"] is not None and r["referral"].status == Referral.Status.AWAITING_PANEL
    ]
    url = reverse("referrals:meeting", args=[decision.meeting.pk])
    return f"{url}#item-{waiting[0]['item'].pk}" if waiting else url
