"""Fair comparisons for a cost analysis: a matched comparison cohort and the declined cohort.

A plain before-and-after credits a service with everything that changed in the area at the same
time (fewer arrests everywhere, people's crises passing on their own). The matched comparison
cohort is people with similar needs and baseline service use who were never co-ordinated,
measured over the same months: its change is what would probably have happened anyway
(deadweight), and only the difference is credited. The declined cohort is people the panel
turned away as below its threshold, followed up the same way, so the cost of a threshold (people
coming back later with higher needs) shows, or is refuted, on the area's own data.

Counts only leave here as numbers for the page to pass through `joinedup.disclosure`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    Sum,
    Value,
    When,
)

from joinedup.costs import atrisk, change, matching
from joinedup.costs.models import ServiceUseEvent
from joinedup.costs.queries import cohort_period_changes
from joinedup.measures import queries as measures
from joinedup.people import queries as people_queries
from joinedup.referrals import followup

C = ServiceUseEvent.Category
#: The departments whose baseline spend is matched on; the rest are added up as "other".
MATCHED_DEPARTMENTS = (C.CRIMINAL_JUSTICE, C.HEALTH, C.HOUSING)
FEATURES = (
    "Kinds of service used (of 7)",
    "Agencies involved",
    "NDT score recorded (1 = yes)",
    "NDT score (0 where none)",
    *(
        f"Baseline cost, {label.lower()} (log £)"
        for label in (c.label for c in MATCHED_DEPARTMENTS)
    ),
    "Baseline cost, other departments (log £)",
)


def period_of(day: date) -> date:
    """The first day of the quarter `day` falls in: people are compared within a quarter."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@dataclass
class Comparison:
    matching: matching.Matching
    #: The matched comparison people, each with the start date of the person they stand for.
    cohort: dict[int, date]
    #: The supported people whose pair is counted (the credited change is measured on them).
    matched: dict[int, date]
    treated_change: change.CostChange
    comparison_change: change.CostChange
    pool_size: int
    handling: str = atrisk.EXCLUDE
    #: Supported people who could be matched: those the cohort's own comparison counts.
    eligible: int = 0
    #: Pairs set aside because the comparison person is left out under the same handling.
    pairs_left_out: int = 0

    @property
    def unmatched(self) -> int:
        return len(self.matching.unmatched)

    def deadweight(self) -> Decimal:
        """What the comparison cohort's total changed by: the part that happened anyway."""
        return self.comparison_change.printed()[-1].change

    def credited_change(self) -> Decimal:
        """The supported people's change less the comparison's: the part credited to support."""
        return self.treated_change.printed()[-1].change - self.deadweight()


def _priced_sum(unit_costs: list[change.UnitCost], **extra):
    whens = [When(kind=u.kind, then=Value(u.unit_cost)) for u in unit_costs]
    price = Case(
        *whens,
        default=Value(Decimal(0)),
        output_field=DecimalField(max_digits=20, decimal_places=2),
    )
    return Sum(
        F("quantity") * price, output_field=DecimalField(max_digits=24, decimal_places=4), **extra
    )


def _features(
    person_ids: set[int],
    exclude: set[int],
    index: date,
    months: int,
    unit_costs: list[change.UnitCost],
) -> tuple[dict[int, tuple[float, ...]], dict[int, tuple[float, ...]]]:
    """Features over the baseline window before `index`: those of `person_ids`, and those of
    the pool (everyone with service use in the window except `exclude`), from one query.

    The database adds everything up to one row per person (a pool is most of the area), each
    cost already a float (the same float as Python makes of the exact sum), so only the
    features cross to Python. The outer step is SQL around the ORM's query because the ORM
    cannot group an aggregate again; only placeholders are written into it.
    """
    start = change.add_months(index, -months)
    matched = [str(d) for d in MATCHED_DEPARTMENTS]
    # Per person and department: the agencies involved and the cost (the ORM's query) ...
    inner, params = (
        ServiceUseEvent.objects.filter(occurred_on__gte=start, occurred_on__lt=index)
        .order_by()
        .values("person_id", "category")
        .annotate(agencies=Count("organisation", distinct=True), cost=_priced_sum(unit_costs))
        .query.sql_with_params()
    )
    # ... then per person, in the database too: departments used, agencies involved (counted
    # per department and added up), each matched department's cost and the rest's, as floats.
    costs = ", ".join(
        ["CAST(SUM(CASE WHEN d.category = %s THEN d.cost END) AS DOUBLE PRECISION)"] * len(matched)
    )
    others = ", ".join(["%s"] * len(matched))
    sql = f"""
        SELECT d.person_id, COUNT(*), SUM(d.agencies), {costs},
               CAST(SUM(CASE WHEN d.category NOT IN ({others}) THEN d.cost END)
                    AS DOUBLE PRECISION)
        FROM ({inner}) d GROUP BY d.person_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*matched, *matched, *params])
        rows = cursor.fetchall()
    ndt = measures.ndt_totals_before(None, index)

    def features(pid, departments=0, agencies=0, *costs):
        return (
            float(departments),
            float(agencies),
            1.0 if pid in ndt else 0.0,
            float(ndt.get(pid, 0)),
            *(math.log1p(cost or 0.0) for cost in costs or [0.0] * (len(matched) + 1)),
        )

    own, pool = {}, {}
    for pid, *rest in rows:
        if pid in person_ids:
            own[pid] = features(pid, *rest)
        elif pid not in exclude:
            pool[pid] = features(pid, *rest)
    if len(own) < len(person_ids):
        # A supported person with no recorded use in the window is matched with someone who
        # had none either: so the pool holds them too, but only when someone needs them.
        for pid in people_queries.everyone_ids() - exclude - set(pool) - person_ids:
            pool[pid] = features(pid)
    return {pid: own.get(pid) or features(pid) for pid in person_ids}, pool


def _followed(
    starts: dict[int, date], unit_costs, months: int, handling: str, as_at: date | None
) -> atrisk.PeriodChange:
    """Follow-up 1 against the baseline, by the page's own engine and rules, person by person
    so that it says who it counted."""
    return cohort_period_changes(starts, unit_costs, months, handling, 1, as_at, by_person=True)[0]


def _counted(followed: atrisk.PeriodChange) -> set[str]:
    return {str(pid) for pid in followed.counted}


def matched_comparison(
    cohort: dict[int, date],
    unit_costs: list[change.UnitCost],
    months: int,
    handling: str = atrisk.EXCLUDE,
    as_at: date | None = None,
    caliper: float = matching.CALIPER,
) -> Comparison:
    """Match each cohort person to someone never co-ordinated, and cost both the same way.

    Both sides go through the page's engine (`cohort_period_changes`, follow-up 1) with the
    same windows, the same date the data runs to and the same handling of deaths and custody:
    only supported people that engine counts are matched (a whole follow-up, and not left out
    for a death or custody), and a pair whose comparison person the same rule leaves out is set
    aside (counted in `pairs_left_out`), so both sides are always the same pairs.
    """
    unit_costs = list(unit_costs)
    counted = _counted(_followed(cohort, unit_costs, months, handling, as_at))
    eligible = {pid: start for pid, start in cohort.items() if str(pid) in counted}
    coordinated = followup.ever_allocated()
    exclude = set(cohort) | coordinated
    treated, pool = [], []
    periods: dict[date, list[int]] = defaultdict(list)
    for pid, start in eligible.items():
        periods[period_of(start)].append(pid)
    pool_ids: set[int] = set()
    for period, pids in sorted(periods.items()):
        own, others = _features(set(pids), exclude, period, months, unit_costs)
        treated += [matching.Subject(pid, period, own[pid]) for pid in pids]
        pool += [matching.Subject(pid, period, f) for pid, f in sorted(others.items())]
        pool_ids |= set(others)
    result = matching.match(treated, pool, FEATURES, caliper)
    pairs = {t.person_id: p.person_id for t, p in result.pairs}
    comparison = {pairs[t]: eligible[t] for t in pairs}
    costed = _followed(comparison, unit_costs, months, handling, as_at)
    costed_ids = _counted(costed)
    kept = {t: p for t, p in pairs.items() if str(p) in costed_ids}
    matched = {t: eligible[t] for t in kept}
    comparison = {p: eligible[t] for t, p in kept.items()}
    if len(kept) < len(pairs):
        costed = _followed(comparison, unit_costs, months, handling, as_at)
    return Comparison(
        matching=result,
        cohort=comparison,
        matched=matched,
        treated_change=_followed(matched, unit_costs, months, handling, as_at).change,
        comparison_change=costed.change,
        pool_size=len(pool_ids),
        handling=handling,
        eligible=len(eligible),
        pairs_left_out=len(pairs) - len(kept),
    )


@dataclass
class Declined:
    """People turned away as below the threshold, followed up from the day they were declined.

    Costed by the page's engine with its windows and handling of deaths and custody, so only
    people whose follow-up has ended are in `cost`; returns to the front door are counted among
    those same people."""

    cohort: dict[int, date]
    returned: int
    higher_need_on_return: int
    cost: change.CostChange
    followed: atrisk.PeriodChange | None = None

    @property
    def people(self) -> int:
        return self.cost.people


def declined_cohort(
    since: date,
    until: date,
    unit_costs: list[change.UnitCost],
    months: int,
    handling: str = atrisk.EXCLUDE,
    as_at: date | None = None,
) -> Declined:
    """People declined below the threshold in [since, until), from their first such decision."""
    cohort = followup.declined_below_threshold(since, until)
    followed = _followed(cohort, list(unit_costs), months, handling, as_at)
    followed_ids = _counted(followed)
    counted = {pid: day for pid, day in cohort.items() if str(pid) in followed_ids}
    back = followup.returns_after(counted, months)
    return Declined(
        cohort=cohort,
        returned=len(back),
        higher_need_on_return=sum(1 for higher in back.values() if higher),
        cost=followed.change,
        followed=followed,
    )
