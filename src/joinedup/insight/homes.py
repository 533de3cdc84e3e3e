"""What each worker's home starts from: their own work first.

A co-ordinator starts from their caseload, a practitioner or provider manager from the people
their organisation works with and what is waiting on it, a panel member from the next meeting.
Every person named here is logged through the access layer as seen in a list.
"""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from joinedup.audit import queries as audit_queries
from joinedup.people import access
from joinedup.people import queries as people_queries
from joinedup.plans import queries as plan_queries
from joinedup.referrals import queries as panel_queries

#: How many of the organisation's people the home lists before linking to the rest.
HOME_LIST = 15


def _blocked_reason(step) -> str:
    return f"Plan step blocked: “{step.title}”" + (
        f" ({step.blocked_by})" if step.blocked_by else ""
    )


def caseload(user, visible) -> dict:
    """A co-ordinator's own caseload first: who needs something today (a review due, the
    oldest first; a key date or alert; a blocked plan step; nobody in touch for a while),
    then the rest."""
    rows = panel_queries.caseload(user, visible)
    persons = [r["person"] for r in rows]
    access.record_list(user, persons, purpose="home page: caseload")
    blocked = plan_queries.blocked_steps(user, [p.pk for p in persons])
    today = []
    for row in rows:
        why = []
        if row["review_due"]:
            why.append(f"Review due since {row['next_review']:%-d %B %Y}")
        why += row["alerts"]
        why += [_blocked_reason(s) for s in blocked.get(row["person"].pk, [])]
        if row["quiet"]:
            seen = row["last_contact"]
            why.append(f"No contact since {seen:%-d %B %Y}" if seen else "No contact recorded")
        if why:
            today.append({**row, "why": why})
    today.sort(key=lambda r: (not r["review_due"], r["next_review"] or date.max))
    return {"caseload": rows, "needs_today": today}


def organisation_work(user, membership, visible) -> dict:
    """A practitioner's or provider manager's home: the people their organisation works
    with now (longest out of touch first) and what is waiting on the organisation: open plan
    steps it owns or that wait for it, and stuck cases asking it for an exception."""
    organisation_id = membership.organisation_id
    ours = people_queries.worked_with_by(visible, organisation_id)
    ours_ids = ours.values("pk")
    steps = list(plan_queries.waiting_on_organisation(user, organisation_id, ours_ids)[:HOME_LIST])
    stuck = list(panel_queries.stuck_cases_asked_of(organisation_id, visible))
    shown = list(ours[:HOME_LIST])
    access.record_list(
        user,
        shown + [s.plan.person for s in steps] + [c.person for c in stuck],
        purpose="home page: our people",
    )
    return {
        "ours": shown,
        "ours_count": ours.count(),
        "waiting_steps": steps,
        "waiting_steps_count": plan_queries.waiting_on_organisation(
            user, organisation_id, ours_ids
        ).count(),
        "stuck_cases": stuck,
    }


def panel(user, membership) -> dict:
    """A panel member's home starts from the next meeting: when, and who is to be discussed."""
    nxt = panel_queries.next_meeting(membership.organisation_id, user)
    if nxt is None:
        return {"next_meeting": None}
    access.record_list(user, [r["person"] for r in nxt["rows"]], purpose="home page: next meeting")
    return {"next_meeting": nxt, "threshold": settings.NDT_ELIGIBILITY_THRESHOLD}


#: The administrator's home looks this many days back for refused attempts.
REFUSED_DAYS = 30


def governance() -> dict:
    """An administrator (the information governance lead) starts from refused attempts to
    open records and the patterns worth a second look. The log names people by record
    number only, so nothing here reads a person's record."""
    since = timezone.localdate() - timedelta(days=REFUSED_DAYS - 1)
    search = audit_queries.Search(since=since, outcome="refused")
    refused = audit_queries.entries(search).select_related("user", "organisation")
    return {
        "refused_since": since,
        "refused_count": refused.count(),
        "refused_latest": list(refused[:10]),
        "refused_query": search.query(),
        "flags": audit_queries.unusual()[:5],
    }
