"""Reading barriers. A barrier may name a person: the name shows only to users the access
layer lets see that person, and never in the commissioners' views."""

from collections import defaultdict

from django.db.models import Count, Q, Sum

from joinedup import disclosure
from joinedup.accounts.roles import rules
from joinedup.assessment.models import Barrier, SystemIssue
from joinedup.people import access


def barriers_for(membership):
    """Workers see their own organisation's barriers; commissioners and analysts see all."""
    barriers = Barrier.objects.select_related(
        "raised_by", "raised_by_organisation", "responsible", "system_issue", "plan_step"
    )
    if membership.rules.sees_personal_data and not membership.rules.administers:
        barriers = barriers.filter(raised_by_organisation=membership.organisation_id)
    return barriers


def with_person_labels(user, barriers) -> list[Barrier]:
    """Attach `person_label`: the name for users allowed to see the person, else a mask."""
    barriers = list(barriers)
    linked = {b.person_id for b in barriers if b.person_id}
    visible = set()
    if linked:
        visible_people = access.persons_visible_to(user).filter(pk__in=linked)
        shown = access.record_list(user, visible_people, purpose="barriers list")
        visible = {p.pk: p for p in shown}
    for b in barriers:
        if not b.person_id:
            b.person_label = ""
        elif b.person_id in visible:
            b.person_label = visible[b.person_id].full_name
        else:
            b.person_label = "A person (not shown to you)"
    return barriers


def suppressed(n: int) -> str:
    return str(disclosure.count(n))


def issue_report() -> list[dict]:
    """System issues ranked by how many people they affect, then by the delay they cause."""
    rows = SystemIssue.objects.annotate(
        barriers_count=Count("barriers"),
        people=Count("barriers__person", distinct=True),
        unlinked=Count("barriers", filter=Q(barriers__person__isnull=True)),
        delay=Sum("barriers__delay_days"),
    ).select_related("owner")
    ranked = sorted(rows, key=lambda i: (-(i.people + i.unlinked), -(i.delay or 0), i.title))
    return [
        {
            "issue": i,
            "barriers": i.barriers_count,
            "people": suppressed(i.people + i.unlinked),
            "delay": i.delay or 0,
        }
        for i in ranked
    ]


def breakdown() -> dict:
    """Barriers by responsible organisation and by category, for the area report."""
    by_org = defaultdict(lambda: {"barriers": 0, "delay": 0})
    by_category = defaultdict(lambda: {"barriers": 0, "delay": 0})
    for b in Barrier.objects.select_related("responsible"):
        for key, table in (
            (b.responsible.name if b.responsible else "Not named", by_org),
            (b.get_category_display(), by_category),
        ):
            table[key]["barriers"] += 1
            table[key]["delay"] += b.delay_days
    order = lambda table: sorted(table.items(), key=lambda kv: -kv[1]["barriers"])  # noqa: E731
    return {"by_organisation": order(by_org), "by_category": order(by_category)}


def can_group(membership) -> bool:
    return membership is not None and (
        not rules(membership.role).sees_personal_data or rules(membership.role).administers
    )
