"""Read paths over service use. Counts only: nothing here names a person."""

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone

from joinedup.costs import atrisk, change, kinds
from joinedup.costs.models import ServiceUseEvent
from joinedup.referrals import cohorts as referral_cohorts


def use_by_kind(days: int = 365) -> list[dict]:
    """Each kind of service use in the last `days`: how much, for how many people."""
    since = timezone.localdate() - timedelta(days=days)
    rows = (
        ServiceUseEvent.objects.filter(occurred_on__gte=since)
        .values("kind", "category")
        .annotate(quantity=Sum("quantity"), people=Count("person", distinct=True))
        .order_by("-quantity", "kind")
    )
    most = max((r["quantity"] for r in rows), default=0)
    categories = dict(ServiceUseEvent.Category.choices)
    return [
        {
            "kind": kinds.plural(r["kind"]),
            "category": categories.get(r["category"], r["category"]),
            "quantity": r["quantity"],
            "people": r["people"],
            "percent": round(100 * r["quantity"] / most) if most else 0,
        }
        for r in rows
    ]


def cohort_cost_change(
    cohort: dict[int, date], unit_costs: Iterable[change.UnitCost], months: int
) -> change.CostChange:
    """The cost-change engine on the service use recorded here, for a cohort of people.

    `cohort` maps a person's id to their start date. The cohort's use is added up in the
    database by window and kind (`windowed_use`) and handed to the same engine `joinedup
    cost-change` runs (`change.cost_change_from_totals`, which gives exactly what the events
    one by one would), so a page's figure can be checked by exporting the same three files.
    An event in a window whose kind has no unit cost raises `change.ContractError`, as in the
    command. The result is in pounds by department; a page passes it through disclosure
    control before showing it.
    """
    unit_costs = list(unit_costs)
    if not cohort:
        return change.cost_change([], unit_costs, {}, months)
    edges = {pk: _edges(start, months, 1) for pk, start in cohort.items()}
    rows = windowed_use(edges, dict.fromkeys(cohort, 0))
    totals = [(kind, slot, quantity) for _, _, _, slot, kind, quantity, _ in rows]
    counted = sum(row[6] for row in rows)
    return change.cost_change_from_totals(totals, unit_costs, len(cohort), counted)


def cohort_period_changes(
    starts: dict[int, date],
    unit_costs: Iterable[change.UnitCost],
    months: int,
    handling: str,
    periods: int = 3,
    as_at: date | None = None,
    *,
    by_person: bool = False,
) -> list[atrisk.PeriodChange]:
    """Follow-up periods 1..`periods` against the baseline for a cohort, deaths and custody
    handled as chosen (`atrisk`). Deaths and custody spells come from the by-name list.

    The database adds the cohort's use up by window and kind (`windowed_use`) and
    `atrisk.period_changes` takes it from there, giving exactly what it gives on the events one
    by one: people with a death or custody spell on the list are added up person by person;
    everyone else in pools by the number of their periods that have ended and the windows in
    which they have custody nights recorded (when they are left out; when costs are scaled by
    days at risk, people with custody nights are added up person by person too). Counts and
    money only: the caller passes every figure through disclosure control before showing it."""
    as_at = as_at or timezone.localdate()
    unit_costs = list(unit_costs)
    if not starts:
        return atrisk.period_changes([], unit_costs, {}, months, periods, handling, as_at)
    interrupted = referral_cohorts.interruptions(starts, today=as_at)
    edges = {pk: _edges(start, months, periods) for pk, start in starts.items()}
    ended = {pk: sum(1 for end in e[2:] if end <= as_at) for pk, e in edges.items()}
    # `by_person` keeps everyone apart, so each period says who it counted (the comparison).
    pool_of = {pk: None if by_person or pk in interrupted else ended[pk] for pk in starts}
    pool_custody = handling == atrisk.EXCLUDE
    rows = windowed_use(edges, pool_of, atrisk.CUSTODY_KINDS, pool_custody)
    apart, totals = set(interrupted) | (set(starts) if by_person else set()), []
    quantities: dict[tuple, dict] = defaultdict(dict)
    with_custody: Counter = Counter()
    for person_id, pool, custody, slot, kind, quantity, _ in rows:
        if person_id is not None:
            apart.add(person_id)
            totals.append((person_id, slot, kind, quantity))
        elif kind is None:  # how many people a pool with custody holds
            with_custody[pool, custody] = quantity
        else:
            quantities[pool, custody][slot, kind] = quantity
    people = Counter((ended[pk], 0) for pk in starts if pk not in apart)
    for (pool, custody), n in with_custody.items():
        people[pool, 0] -= n
        people[pool, custody] = n
    pools = [
        atrisk.Pool(n, e, quantities.get((e, custody), {}), _windows(custody))
        for (e, custody), n in sorted(people.items())
        if n
    ]
    cohort = {pk: atrisk.Member(starts[pk], *interrupted.get(pk, (None, ()))) for pk in apart}
    return atrisk.period_changes(
        (), unit_costs, cohort, months, periods, handling, as_at, totals=totals, pools=pools
    )


def _windows(mask: int) -> frozenset[int]:
    return frozenset(s for s in range(mask.bit_length()) if mask >> s & 1)


@lru_cache(maxsize=4096)
def _edges(start: date, months: int, periods: int) -> tuple[date, ...]:
    """The edges of a person's windows: the baseline is [e0, e1), follow-up k [ek, ek+1)."""
    return tuple(change.add_months(start, k * months) for k in range(-1, periods + 1))


def windowed_use(
    edges: dict[int, tuple[date, ...]],
    pool_of: dict[int, int | None],
    custody_kinds: frozenset[str] = frozenset(),
    pool_custody: bool = False,
) -> list[tuple]:
    """The cohort's service use added up in the database by person, window and kind.

    `edges[p]` are person p's window edges (`_edges`: window s is [edges[s], edges[s+1]));
    `pool_of[p]` is a pool under which p's use may be added up with others', or None to keep
    p apart. Each person's *custody* is the windows in which they have a `custody_kinds` use
    of quantity above 0, as a bit mask (window s is bit s). A pooled person with custody is
    kept apart, or with `pool_custody` added up with those of the same pool and custody.

    Rows are (person id or None for a pool's sum, pool, custody, window, kind, quantity,
    events); with `pool_custody`, also (None, pool, custody, -1, None, people, 0) for how many
    people each pool with custody holds. Events outside everyone's windows are never read.

    Raw SQL because each person brings their own windows: the cohort travels as one JSON
    parameter and is joined to the events (index `costs_use_person_window` covers the read),
    so 10 million events become a few hundred rows without leaving the database. Only the
    number of windows is written into the text.
    """
    windows = len(next(iter(edges.values()))) - 1
    cohort = json.dumps([[pk, pool_of[pk], *(d.isoformat() for d in e)] for pk, e in edges.items()])
    # Each person's custody is worked out once, not once per event.
    materialized = "MATERIALIZED"
    if connection.vendor == "postgresql":
        source = "jsonb_array_elements(%s::jsonb) AS j(c)"

        def element(i, kind):
            return f"(c->>{i})::{kind}"
    else:
        source = "json_each(%s) AS j"
        if sqlite3.sqlite_version_info < (3, 35):  # the hint's first release
            materialized = ""

        def element(i, kind):
            return f"json_extract(j.value, '$[{i}]')"

    def which(day, values):
        cases = " ".join(f"WHEN {day} < c.d{s + 1} THEN {values[s]}" for s in range(windows - 1))
        return f"CASE {cases} ELSE {values[-1]} END" if cases else str(values[-1])

    edge_columns = ", ".join(f"{element(i + 2, 'date')} AS d{i}" for i in range(windows + 1))
    params = [cohort]
    custody = "CAST(NULL AS INTEGER)"
    if custody_kinds:
        marks = ", ".join(["%s"] * len(custody_kinds))
        custody = f"""(
            SELECT SUM(DISTINCT {which("x.occurred_on", [1 << s for s in range(windows)])})
            FROM costs_serviceuseevent x
            WHERE x.person_id = c.person_id AND x.occurred_on >= c.d0
              AND x.occurred_on < c.d{windows} AND x.kind IN ({marks}) AND x.quantity > 0
        )"""
        params += sorted(custody_kinds)
    apart = "c.pool IS NULL" if pool_custody else "c.pool IS NULL OR c.custody IS NOT NULL"
    counts = (
        """UNION ALL
        SELECT NULL, c.pool, c.custody, -1, NULL, COUNT(*), 0 FROM marked c
        WHERE c.pool IS NOT NULL AND c.custody IS NOT NULL GROUP BY c.pool, c.custody"""
        if pool_custody
        else ""
    )
    sql = f"""
        WITH cohort AS (
            SELECT {element(0, "bigint")} AS person_id, {element(1, "int")} AS pool,
                   {edge_columns}
            FROM {source}
        ),
        marked AS {materialized} (SELECT c.*, {custody} AS custody FROM cohort c)
        SELECT CASE WHEN {apart} THEN c.person_id END, c.pool, COALESCE(c.custody, 0),
               {which("e.occurred_on", list(range(windows)))}, e.kind,
               SUM(e.quantity), COUNT(*)
        FROM costs_serviceuseevent e JOIN marked c ON c.person_id = e.person_id
        WHERE e.occurred_on >= c.d0 AND e.occurred_on < c.d{windows}
        GROUP BY 1, 2, 3, 4, 5
        {counts}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def use_in_period(cohort, kind: str, start: date, end: date) -> tuple[int, int]:
    """For outcome indicators (counts only): (total quantity of `kind` used by the cohort in
    [start, end), how many of the cohort used any)."""
    events = ServiceUseEvent.objects.filter(
        person_id__in=cohort, kind=kind, occurred_on__gte=start, occurred_on__lt=end
    )
    totals = events.aggregate(quantity=Sum("quantity"), people=Count("person", distinct=True))
    return totals["quantity"] or 0, totals["people"]


def use_events_of(person_ids, kind: str, start: date, end: date) -> list[tuple]:
    """(event id, person id, occurred on, quantity, organisation name) for these people's
    service use of `kind` in [start, end), oldest first: a claim's evidence, shown only
    through the access layer."""
    return list(
        ServiceUseEvent.objects.filter(
            person_id__in=list(person_ids), kind=kind, occurred_on__gte=start, occurred_on__lt=end
        )
        .order_by("person_id", "occurred_on", "id")
        .values_list("pk", "person_id", "occurred_on", "quantity", "organisation__name")
    )
