"""Read paths for the front door, the panel, caseloads, the by-name list and fairness.

Named people come only from querysets the access layer gave the caller; the counts for
commissioners are aggregates, with small numbers suppressed.
"""

from collections import Counter, defaultdict
from datetime import date, timedelta
from statistics import mean, median

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from joinedup import disclosure
from joinedup.accounts.models import Membership
from joinedup.accounts.roles import Role
from joinedup.costs.models import ServiceUseEvent
from joinedup.measures.queries import latest_ndt
from joinedup.people import access, alerts
from joinedup.people.models import Involvement, Person
from joinedup.referrals.models import (
    OUTFLOW,
    AgendaItem,
    Allocation,
    Decision,
    ListStatus,
    PanelMeeting,
    Referral,
    StatusChange,
    StuckCase,
)


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


def meetings_for(user, past_days=90):
    organisations = [m.organisation_id for m in user.active_memberships()]
    since = timezone.localdate() - timedelta(days=past_days)
    return (
        PanelMeeting.objects.filter(panel__organisations__in=organisations, meets_on__gte=since)
        .select_related("panel")
        .annotate(
            n_items=Count("items", distinct=True), n_decisions=Count("decisions", distinct=True)
        )
        .distinct()
        .order_by("meets_on")
    )


def papers(meeting: PanelMeeting, user) -> list[dict]:
    """The panel papers: each person on the agenda that the user may see, with their score, their
    history with local services and any earlier declined referral, in score order (highest
    first). Each part shows only if the ledger shares that section with the user."""
    items = list(
        meeting.items.filter(person__in=access.persons_visible_to(user))
        .select_related("person", "referral__referring_organisation", "referral__profile")
        .select_related("stuck_case__agency", "stuck_case__brought_by")
        .prefetch_related("referral__joined_by__referring_organisation")
    )
    persons = [i.person for i in items]
    scores = latest_ndt(persons)
    engagement = _engagement(persons)
    declined = defaultdict(list)
    for d in Decision.objects.filter(
        referral__person__in=persons, outcome=Decision.Outcome.DECLINE
    ).select_related("referral"):
        declined[d.referral.person_id].append(d)
    use = defaultdict(Counter)
    since = timezone.localdate() - timedelta(days=365)
    for row in (
        ServiceUseEvent.objects.filter(person__in=persons, occurred_on__gte=since)
        .values("person_id", "category")
        .annotate(n=Count("id"))
    ):
        use[row["person_id"]][row["category"]] = row["n"]
    decisions = defaultdict(list)
    for d in Decision.objects.filter(referral__person__in=persons).select_related(
        "recorded_by", "refer_to"
    ):
        decisions[d.referral_id].append(d)
    threshold = settings.NDT_ELIGIBILITY_THRESHOLD
    rows = []
    for item in items:
        sections = access.sections_for(user, item.person)
        score = scores.get(item.person_id) if "assessments" in sections else None
        rows.append(
            {
                "item": item,
                "person": item.person,
                "referral": item.referral,
                "joined": list(item.referral.joined_by.all()) if item.referral else [],
                "stuck_case": item.stuck_case,
                "score": score,
                "at_threshold": score is not None and score.total >= threshold,
                "sections": sections,
                "engagement": engagement.get(item.person_id, []) if "team" in sections else None,
                "declined": [
                    d for d in declined[item.person_id] if d.referral_id != item.referral_id
                ],
                "use": dict(use[item.person_id]) if "timeline" in sections else None,
                "decisions": decisions.get(item.referral_id, []),
            }
        )
    rows.sort(key=lambda r: -(r["score"].total if r["score"] else -1))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def _engagement(persons) -> dict[int, list[dict]]:
    """Each person's history with each organisation: since when, how often, and whether now."""
    today = timezone.localdate()
    by_org = defaultdict(dict)
    for inv in Involvement.objects.filter(person__in=persons).select_related("organisation"):
        row = by_org[inv.person_id].setdefault(
            inv.organisation_id,
            {"organisation": inv.organisation.name, "since": inv.started_on, "times": 0},
        )
        row["times"] += 1
        row["since"] = min(row["since"], inv.started_on)
        row["now"] = row.get("now", False) or not inv.ended_on or inv.ended_on > today
    return {
        pid: sorted(orgs.values(), key=lambda r: (not r["now"], r["since"]))
        for pid, orgs in by_org.items()
    }


def waiting_for_a_meeting(visible):
    """Referrals awaiting the panel but on no coming agenda."""
    today = timezone.localdate()
    on_agenda = AgendaItem.objects.filter(referral=OuterRef("pk"), meeting__meets_on__gte=today)
    return (
        Referral.objects.filter(
            status=Referral.Status.AWAITING_PANEL, joins=None, person__in=visible
        )
        .exclude(Exists(on_agenda))
        .select_related("person", "referring_organisation")
    )


def _last_contact():
    return Subquery(
        Involvement.objects.filter(person=OuterRef("pk"))
        .values("person")
        .annotate(last=Max("last_contact_on"))
        .values("last")[:1]
    )


def _latest_status(field="status"):
    return Subquery(
        StatusChange.objects.filter(person=OuterRef("pk")).order_by("-on", "-id").values(field)[:1]
    )


def _next_review():
    return Subquery(
        Decision.objects.filter(referral__person=OuterRef("pk"), review_on__isnull=False)
        .order_by("-recorded_at", "-id")
        .values("review_on")[:1]
    )


def caseload(coordinator, visible) -> list[dict]:
    """The people a co-ordinator follows now, with last contact, next review and alerts."""
    persons = (
        visible.filter(allocations__coordinator=coordinator, allocations__ended_on=None)
        .annotate(
            last_contact=_last_contact(),
            next_review=_next_review(),
            list_status=_latest_status(),
            waiting_for=_latest_status("waiting_for"),
        )
        .order_by("last_name", "first_name")
    )
    today = timezone.localdate()
    quiet = today - timedelta(days=settings.INACTIVE_AFTER_DAYS)
    labels = dict(ListStatus.choices)
    return [
        {
            "person": p,
            "last_contact": p.last_contact,
            "quiet": p.last_contact is None or p.last_contact < quiet,
            "next_review": p.next_review,
            "review_due": p.next_review is not None and p.next_review <= today,
            "status": labels.get(p.list_status, ""),
            "waiting_for": p.waiting_for,
            "alerts": alerts.for_person(p),
        }
        for p in persons
    ]


def coordinators_of(organisation_ids):
    """Users who hold a co-ordinator role in these organisations."""
    return (
        Membership.objects.filter(
            organisation_id__in=organisation_ids, role=Role.COORDINATOR, active=True
        )
        .select_related("user", "organisation")
        .order_by("user__full_name")
    )


def caseload_sizes(organisation_ids) -> list[dict]:
    """Each co-ordinator's current caseload against the cap (counts only)."""
    counts = dict(
        Allocation.objects.filter(ended_on=None, organisation_id__in=organisation_ids)
        .values_list("coordinator")
        .annotate(n=Count("id"))
    )
    cap = settings.CASELOAD_CAP
    rows = []
    for m in coordinators_of(organisation_ids):
        n = counts.get(m.user_id, 0)
        rows.append(
            {
                "user": m.user,
                "organisation": m.organisation,
                "count": n,
                "over_cap": n > cap,
                "percent": min(100, round(100 * n / cap)) if cap else 0,
            }
        )
    return rows


def allocation_history(person):
    return person.allocations.select_related("coordinator", "allocated_by", "organisation")


# The by-name list -------------------------------------------------------------------------


def _current_events():
    """Each person's latest event on the list (no later event for the same person)."""
    later = StatusChange.objects.filter(person=OuterRef("person")).filter(
        Q(on__gt=OuterRef("on")) | Q(on=OuterRef("on"), id__gt=OuterRef("id"))
    )
    return StatusChange.objects.exclude(Exists(later))


def status_counts(suppressed: bool = False) -> list[dict]:
    """People in each status now. `suppressed` (for those who see no names) passes them through
    the one rule for small numbers, so the figures cannot point at someone."""
    counts = dict(_current_events().values_list("status").annotate(n=Count("id")))
    numbers = [counts.get(value, 0) for value, _ in ListStatus.choices]
    shown = disclosure.counts(numbers) if suppressed else numbers
    return [
        {"status": value, "label": label, "count": n}
        for (value, label), n in zip(ListStatus.choices, shown, strict=True)
    ]


def by_name_list(visible, status: str = "", q: str = ""):
    """Everyone referred whom the user may see, with their status on the list."""
    persons = visible.filter(list_statuses__isnull=False).distinct()
    if q:
        persons = persons.filter(
            Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(known_as__icontains=q)
        )
    persons = persons.annotate(
        list_status=_latest_status(),
        status_since=_latest_status("on"),
        waiting_for=_latest_status("waiting_for"),
        last_contact=_last_contact(),
        coordinator_name=Subquery(
            Allocation.objects.filter(person=OuterRef("pk"), ended_on=None).values(
                "coordinator__full_name"
            )[:1]
        ),
    )
    if status:
        persons = persons.filter(list_status=status)
    return persons.order_by("last_name", "first_name", "id")


def flow_by_month(
    months: int = 12, today: date | None = None, *, suppressed: bool = False
) -> list[dict]:
    """People joining the list and leaving it, per month: each count is a count of events.

    Joining: an event into the list from outside it (first referral, or back after leaving).
    Leaving: an event out of it (moved on, died, closed, inactive) from inside it.
    `suppressed` (for those who see no names) passes each count through the one rule for small
    numbers.
    """
    today = today or timezone.localdate()
    back = today.year * 12 + today.month - 1 - (months - 1)
    start = date(back // 12, back % 12 + 1, 1)
    outside = [*OUTFLOW, ""]
    events = StatusChange.objects.filter(on__gte=start, on__lte=today)
    joined = events.filter(previous__in=outside).exclude(status__in=OUTFLOW)
    left = events.filter(status__in=OUTFLOW).exclude(previous__in=outside)
    per_month = defaultdict(lambda: {"in": 0, "out": 0})
    for key, qs in (("in", joined), ("out", left)):
        for row in qs.annotate(month=TruncMonth("on")).values("month").annotate(n=Count("id")):
            month = row["month"]
            month = month.date() if hasattr(month, "date") else month
            per_month[month.replace(day=1)][key] += row["n"]
    rows, month = [], start
    while month <= today:
        flows = per_month[month]
        if suppressed:
            flows = {key: disclosure.count(n) for key, n in flows.items()}
        rows.append({"month": month, **flows})
        month = (month + timedelta(days=32)).replace(day=1)
    return rows


def gone_quiet(today: date):
    """People active on the list with no recorded contact for INACTIVE_AFTER_DAYS."""
    quiet = today - timedelta(days=settings.INACTIVE_AFTER_DAYS)
    active = _current_events().filter(status__in=[ListStatus.ACTIVE, ListStatus.ACCEPTED])
    last = (
        Involvement.objects.filter(person=OuterRef("person"))
        .values("person")
        .annotate(last=Max("last_contact_on"))
        .values("last")[:1]
    )
    for event in (
        active.filter(on__lt=quiet)
        .annotate(last_contact=Subquery(last))
        .filter(Q(last_contact__lt=quiet) | Q(last_contact__isnull=True))
        .select_related("person")
    ):
        yield event.person, event.last_contact


def suppress(n: int) -> int | str:
    """A group's size: groups are never empty, so every size under the threshold is hidden."""
    return n if n >= disclosure.threshold() else disclosure.FEWER


def deaths_by_cohort() -> list[dict]:
    """Deaths among people on the list, by the year they were first referred (counts only)."""
    first = (
        StatusChange.objects.filter(person=OuterRef("person")).order_by("on", "id").values("on")[:1]
    )
    deaths = (
        _current_events()
        .filter(status=ListStatus.DIED)
        .annotate(first_on=Subquery(first))
        .values_list("first_on", "died_on", "person__date_of_birth")
    )
    cohorts = defaultdict(list)
    for first_on, died_on, dob in deaths:
        cohorts[first_on.year].append(_age(dob, died_on))
    rows = []
    for year in sorted(cohorts):
        ages = [a for a in cohorts[year] if a is not None]
        n = len(cohorts[year])
        rows.append(
            {
                "cohort": year,
                "count": suppress(n),
                "suppressed": n < disclosure.threshold(),
                "median_age": round(median(ages)) if n >= disclosure.threshold() and ages else None,
            }
        )
    return _protect(rows, figures=("median_age",))


def _age(dob, on):
    if not (dob and on):
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


# Fairness ---------------------------------------------------------------------------------

AGE_BANDS = [(18, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, 120)]


def age_band(age: int | None) -> str:
    if age is None:
        return "Not known"
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low} to {high}" if high < 120 else f"{low} and over"
    return "Under 18"


def fairness() -> dict:
    """Panel decisions and NDT scores by sex, age band, ethnicity and disability.

    The latest decision on each referral counts once. Groups under 5 are suppressed: their
    count shows as 'fewer than 10' (the area's threshold) and their rates are not shown.
    """
    latest = Decision.objects.filter(
        ~Exists(
            Decision.objects.filter(referral=OuterRef("referral")).filter(
                Q(recorded_at__gt=OuterRef("recorded_at"))
                | Q(recorded_at=OuterRef("recorded_at"), id__gt=OuterRef("id"))
            )
        )
    ).values_list(
        "outcome",
        "ndt_total",
        "recorded_at",
        "referral__person__sex",
        "referral__person__date_of_birth",
        "referral__person__ethnicity",
        "referral__person__disability",
    )
    labels = {
        "sex": dict(Person.Sex.choices),
        "ethnicity": dict(Person.Ethnicity.choices),
        "disability": dict(Person.Disability.choices),
    }
    groups = {key: defaultdict(list) for key in ("sex", "age", "ethnicity", "disability")}
    overall = []
    for outcome, total, at, sex, dob, ethnicity, disability in latest:
        row = (outcome, total)
        overall.append(row)
        groups["sex"][labels["sex"].get(sex, "Not recorded")].append(row)
        groups["age"][age_band(_age(dob, at.date()))].append(row)
        groups["ethnicity"][labels["ethnicity"].get(ethnicity, "Not recorded")].append(row)
        groups["disability"][labels["disability"].get(disability, "Not recorded")].append(row)
    titles = {
        "sex": "Sex",
        "age": "Age band at decision",
        "ethnicity": "Ethnicity",
        "disability": "Disability",
    }
    return {
        "overall": _summarise("Everyone", overall),
        "breakdowns": [
            {
                "key": key,
                "title": titles[key],
                "rows": _protect(
                    [_summarise(name, rows) for name, rows in sorted(groups[key].items())]
                ),
            }
            for key in groups
        ],
    }


def _protect(rows: list[dict], figures=("accepted", "declined", "mean_ndt")) -> list[dict]:
    """Secondary suppression: with exactly one group hidden, the total would give it away, so
    the smallest shown group is hidden too."""
    hidden = [r for r in rows if r["suppressed"]]
    shown = sorted((r for r in rows if not r["suppressed"]), key=lambda r: r["count"])
    if len(hidden) == 1 and shown:
        shown[0].update(count=disclosure.OR_MORE, suppressed=True, **dict.fromkeys(figures))
    return rows


def _summarise(name: str, rows: list) -> dict:
    n = len(rows)
    shown = n >= disclosure.threshold()
    accepted = sum(1 for outcome, _ in rows if outcome == Decision.Outcome.ACCEPT)
    declined = sum(1 for outcome, _ in rows if outcome == Decision.Outcome.DECLINE)
    scores = [total for _, total in rows if total is not None]
    return {
        "group": name,
        "count": suppress(n),
        "suppressed": not shown,
        "accepted": round(100 * accepted / n) if shown else None,
        "declined": round(100 * declined / n) if shown else None,
        "mean_ndt": round(mean(scores), 1)
        if shown and len(scores) >= disclosure.threshold()
        else None,
    }


def stuck_cases_asked_of(organisation_id, visible):
    """Stuck cases still waiting for this agency's answer, oldest first, for visible people."""
    return (
        StuckCase.objects.filter(
            agency_id=organisation_id,
            exception=StuckCase.Exception_.PENDING,
            person__in=visible,
        )
        .select_related("person")
        .order_by("raised_on", "id")
    )


def next_meeting(organisation_id, user):
    """The next meeting of a panel the organisation sits on, with its agenda as the user may
    see it: who is to be discussed, already decided or still waiting."""
    meeting = coming_meetings(organisation_id).order_by("meets_on", "id").first()
    if meeting is None:
        return None
    rows = papers(meeting, user)
    waiting = [r for r in rows if r["referral"] and not r["decisions"]]
    return {"meeting": meeting, "rows": rows, "waiting": waiting}
