"""Reading the access log: the information governance lead's search, its export, and the
patterns worth a second look (many records read outside the organisation's work; reads at night).

The log names people by record number only, so nothing here reads a person's record.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.audit.models import AccessLog

#: Rows on one page of the search.
PAGE_SIZE = 50
#: The most rows one CSV export holds; the page says so when a search has more.
EXPORT_LIMIT = 50_000
#: Refused attempts first, then newest first.
ORDER = ("granted", "-at", "-id")
#: Actions that open a record (seeing a name in a list is not counted as reading it).
READS = [a for a in AccessLog.Action.values if a != AccessLog.Action.LIST]
#: Unusual patterns are looked for over this many days when the search names no dates.
PATTERN_DAYS = 7


@dataclass(frozen=True)
class Search:
    """What the governance lead asked for; empty fields do not narrow."""

    person: int | None = None
    user: str = ""
    organisation: int | None = None
    action: str = ""
    purpose: str = ""
    since: date | None = None
    until: date | None = None
    outcome: str = ""  # "", "granted" or "refused"

    def query(self, **changes) -> str:
        """The GET parameters of this search (with changes), so a search is a link."""
        values = {**self.__dict__, **changes}
        params = {}
        for name in ("person", "user", "organisation", "action", "purpose", "outcome"):
            if values[name] not in (None, ""):
                params[name] = values[name]
        for name in ("since", "until"):
            day = values[name]
            if day:
                params |= {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}
        return urlencode(params)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _by_user(rows, text: str):
    return rows.filter(Q(user__email__icontains=text) | Q(user__full_name__icontains=text))


def entries(search: Search):
    """The log rows the search matches, refused attempts first, then newest first."""
    rows = AccessLog.objects.all()
    if search.person is not None:
        rows = rows.filter(person_ref=search.person)
    if search.user:
        rows = _by_user(rows, search.user)
    if search.organisation is not None:
        rows = rows.filter(organisation_id=search.organisation)
    if search.action:
        rows = rows.filter(action=search.action)
    if search.purpose:
        rows = rows.filter(purpose__icontains=search.purpose)
    if search.since:
        rows = rows.filter(at__gte=_start_of(search.since))
    if search.until:
        rows = rows.filter(at__lt=_start_of(search.until + timedelta(days=1)))
    if search.outcome == "granted":
        rows = rows.filter(granted=True)
    elif search.outcome == "refused":
        rows = rows.filter(granted=False)
    return rows.order_by(*ORDER)


def page_of(search: Search, number):
    """One page of the search (a page past the end is the last page)."""
    rows = entries(search).select_related("user", "organisation")
    return Paginator(rows, PAGE_SIZE).get_page(number)


def refused_count(search: Search) -> int:
    return entries(search).filter(granted=False).count()


def export_rows(search: Search) -> tuple[list[str], list[list], bool]:
    """(header, rows, capped): at most `EXPORT_LIMIT` rows; capped says there were more."""
    rows = list(
        entries(search)
        .select_related("user", "organisation")[: EXPORT_LIMIT + 1]
        .values_list(
            "at",
            "user__full_name",
            "user__email",
            "role",
            "organisation__name",
            "person_ref",
            "action",
            "granted",
            "purpose",
            "route",
        )
    )
    capped = len(rows) > EXPORT_LIMIT
    actions = dict(AccessLog.Action.choices)
    roles = dict(Role.choices)
    header = [
        "When (local time)",
        "User",
        "Email",
        "Role",
        "Organisation",
        "Record number",
        "What",
        "Outcome",
        "Purpose",
        "Page or route",
    ]
    table = [
        [
            timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S"),
            name or "Anonymous",
            email or "",
            roles.get(role, role),
            org or "",
            ref if ref is not None else "",
            actions.get(action, action),
            "Granted" if granted else "Refused",
            purpose,
            route,
        ]
        for at, name, email, role, org, ref, action, granted, purpose, route in rows[:EXPORT_LIMIT]
    ]
    return header, table, capped


@dataclass(frozen=True)
class Flag:
    """One pattern worth a look: a user, a day, how many, and the search that shows them."""

    kind: str  # "outside" or "night"
    user_id: int
    user: str
    day: date
    count: int
    user_email: str = ""

    @property
    def sentence(self) -> str:
        records = "record" if self.count == 1 else "records"
        when = f"{self.day:%A} {self.day.day} {self.day:%B %Y}"
        if self.kind == "outside":
            return (
                f"{self.user} opened {self.count} {records} of people their organisation does "
                f"not work with on {when}"
            )
        return f"{self.user} opened {self.count} {records} at night on {when}"

    @property
    def query(self) -> str:
        return Search(user=self.user_email, since=self.day, until=self.day).query()


def outside_threshold() -> int:
    """Records of people outside the organisation's work one user may open in a day before
    it is flagged (`JOINEDUP_AUDIT_OUTSIDE_READS`, default 10)."""
    return int(getattr(settings, "JOINEDUP_AUDIT_OUTSIDE_READS", 10))


#: Reads from this hour (local time) until `NIGHT_ENDS` are flagged.
NIGHT_STARTS = 22
NIGHT_ENDS = 6


def _window(since: date | None, until: date | None):
    today = timezone.localdate()
    until = until or today
    since = since or (until - timedelta(days=PATTERN_DAYS - 1))
    return since, until


def unusual(
    since: date | None = None,
    until: date | None = None,
    *,
    threshold=None,
    user: str = "",
    organisation: int | None = None,
) -> list[Flag]:
    """Users who, on one day between `since` and `until` (the last week by default), opened
    `threshold` or more records of people their acting organisation has no involvement with,
    and users who opened any record between 22:00 and 06:00 local time. `user` and
    `organisation` narrow them as the search does."""
    since, until = _window(since, until)
    threshold = outside_threshold() if threshold is None else threshold
    reads = AccessLog.objects.filter(
        granted=True,
        action__in=READS,
        user__isnull=False,
        at__gte=_start_of(since),
        at__lt=_start_of(until + timedelta(days=1)),
    )
    # A person reading their own record, at any hour, is nothing to look into.
    reads = reads.exclude(person__account=F("user"))
    if user:
        reads = _by_user(reads, user)
    if organisation is not None:
        reads = reads.filter(organisation_id=organisation)
    reads = reads.annotate(day=TruncDate("at"))
    outside = (
        reads.filter(organisation__isnull=False)
        # No involvement, past or present, of the organisation the user acted for.
        .exclude(person__involvements__organisation=F("organisation"))
        .values("user", "user__full_name", "user__email", "day")
        .annotate(count=Count("person_ref", distinct=True))
        .filter(count__gte=threshold)
    )
    night = (
        reads.annotate(hour=ExtractHour("at"))
        .filter(Q(hour__gte=NIGHT_STARTS) | Q(hour__lt=NIGHT_ENDS))
        .values("user", "user__full_name", "user__email", "day")
        .annotate(count=Count("person_ref", distinct=True))
        .filter(count__gte=1)
    )
    flags = [
        Flag(
            kind=kind,
            user_id=row["user"],
            user=row["user__full_name"] or row["user__email"],
            user_email=row["user__email"],
            day=row["day"],
            count=row["count"],
        )
        for kind, rows in (("outside", outside), ("night", night))
        for row in rows
    ]
    return sorted(flags, key=lambda f: (-f.day.toordinal(), f.kind, -f.count, f.user))


#: What each kind of entry means, told to the person whose record it is.
TOLD_TO_THE_PERSON = {
    AccessLog.Action.VIEW: "opened your record",
    AccessLog.Action.LIST: "saw your name in a list",
    AccessLog.Action.EXPORT: "downloaded part of your record",
    AccessLog.Action.CHANGE: "changed your record",
    AccessLog.Action.UNSCOPED: "opened your record outside the usual rules",
    AccessLog.Action.OVERRIDE: "shared your referral beyond what you agreed",
}


def seen_by_others(person_id: int, own_account_id: int | None):
    """The log of one person's record as they may read it: by day, who (name, role and
    organisation) did what and how many times, newest first, leaving out their own visits."""
    rows = AccessLog.objects.filter(person_ref=person_id)
    if own_account_id is not None:
        rows = rows.exclude(user_id=own_account_id)
    return (
        rows.annotate(day=TruncDate("at"))
        .values("day", "user__full_name", "role", "organisation__name", "action", "granted")
        .annotate(times=Count("id"))
        .order_by("-day", "granted", "user__full_name", "action")
    )


def told_to_the_person(row: dict) -> str:
    """One grouped entry of `seen_by_others` as a sentence for the person."""
    who = row["user__full_name"] or "Someone not signed in"
    role = dict(Role.choices).get(row["role"], "")
    if role or row["organisation__name"]:
        where = ", ".join(x for x in (role.lower(), row["organisation__name"]) if x)
        who = f"{who} ({where})"
    if not row["granted"]:
        what = "tried to open your record and was stopped"
    else:
        what = TOLD_TO_THE_PERSON.get(row["action"], "looked at your record")
    times = row["times"]
    return f"{who} {what}" + (f", {times} times" if times > 1 else "")
