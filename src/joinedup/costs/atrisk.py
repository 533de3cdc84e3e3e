"""Cost change by period, with deaths and custody handled explicitly: the engine behind the
cohort cost analysis page. Plain Python, no Django, like `change.py` (whose contract it leaves
alone: with nobody dying or in custody it gives exactly what `change.cost_change` gives).

Periods. Period 0 is the baseline, ``[start - N months, start)``; period k (k = 1, 2, 3 ...) is
the k-th follow-up, ``[start + (k-1)N months, start + kN months)``. Follow-up k is compared with
the baseline only for people whose period k has ended by the date the data runs to (`as_at`),
so each comparison is over whole windows.

Deaths and custody. A person is *interrupted* in a window when they died before its end or
spent any night in custody in it. Nights in custody in a window are the larger of the
`custody_night` service use recorded in it and the nights covered by "in custody" spells on the
by-name list (two records of the same fact: the larger is taken, never the sum), capped at the
days alive in the window. The user chooses, and the page says which:

* ``EXCLUDE``: anyone interrupted in the baseline or in the follow-up period is left out of
  that comparison;
* ``ANNUALISE``: each window's cost is scaled to the whole window by days at risk,
  ``cost x window days / days at risk``, where days at risk are the days alive in the window
  less nights in custody. The cost of custody itself (the `custody_night` kinds) is counted as
  recorded, not scaled: it is the cost of the days not at risk. A person with no day at risk in
  a window (died on the start date) is left out, and counted as such.

Money stays `Decimal`. Scaled amounts are rounded half up to a millionth of a pound for each
person and item once, so that every later sum is exact and the total equals the sum of the
departments and the sum of the items, whatever the data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from joinedup.costs.change import ContractError, CostChange, Event, Line, UnitCost, add_months

EXCLUDE = "exclude"
ANNUALISE = "annualise"
HANDLINGS = (EXCLUDE, ANNUALISE)
CUSTODY_KINDS = frozenset({"custody_night"})
MICRO = Decimal("0.000001")

Span = tuple[date, date]


@dataclass(frozen=True)
class Member:
    """One cohort member: their start date, and what interrupts their time at risk."""

    start: date
    died_on: date | None = None
    #: "In custody" spells from the by-name list, each half-open [from, to).
    custody: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Pool:
    """People added up together because the engine needs no one's dates for them.

    Each is counted in follow-up periods 1 to `ended` (the periods that had ended by `as_at`)
    and is "not yet" in the later ones. Nobody in a pool died or has a custody spell on the
    by-name list. `custody` names the windows (0 the baseline, k follow-up k) in which every
    one of them has custody nights recorded, and no other window has any: a comparison
    touching one of those windows leaves them all out, so a pool with custody is only for
    `EXCLUDE` (scaling by days at risk is done person by person). Their use is added up by
    window and kind (`quantities`, (window, kind) -> quantity); the result is what the same
    people's events would give one by one, exactly.
    """

    people: int
    ended: int
    quantities: dict[tuple[int, str], Decimal]
    custody: frozenset[int] = frozenset()


@dataclass
class PeriodChange:
    """Follow-up period `period` against the baseline, for the people it could be measured on."""

    period: int
    change: CostChange
    handling: str
    #: People in the cohort whose period had not ended by the date the data runs to.
    not_yet: int = 0
    #: People left out because they died or were in custody (EXCLUDE) or had no day at risk.
    left_out_died: int = 0
    left_out_custody: int = 0
    #: People whose costs were scaled by days at risk (ANNUALISE).
    annualised: int = 0
    #: The ids of the people counted (for a comparison built on the same people), or None
    #: when some were added up in pools (see `queries.cohort_period_changes(by_person=...)`).
    counted: frozenset[str] | None = frozenset()

    @property
    def people(self) -> int:
        return self.change.people


def span(start: date, months: int, period: int) -> Span:
    """Period 0 is the baseline before `start`; period k >= 1 the k-th follow-up from it."""
    if period == 0:
        return add_months(start, -months), start
    return add_months(start, (period - 1) * months), add_months(start, period * months)


def length(window: Span) -> int:
    return (window[1] - window[0]).days


def overlap(window: Span, spell: Span) -> int:
    return max(0, (min(window[1], spell[1]) - max(window[0], spell[0])).days)


def days_alive(window: Span, died_on: date | None) -> int:
    """Days of the window before the day of death (the day someone dies is not at risk)."""
    if died_on is None or died_on >= window[1]:
        return length(window)
    return max(0, (died_on - window[0]).days)


def custody_nights(window: Span, spells: Iterable[Span], recorded_nights: Decimal = 0) -> int:
    """Nights in custody in the window: the larger of the list's spells and recorded nights."""
    marked = set()
    for spell in spells:
        start, end = max(window[0], spell[0]), min(window[1], spell[1])
        marked.update(range(start.toordinal(), end.toordinal()))
    nights = max(len(marked), int(Decimal(recorded_nights).to_integral_value(ROUND_HALF_UP)))
    return min(nights, length(window))


def days_at_risk(window: Span, died_on: date | None, nights_in_custody: int) -> int:
    """Days alive in the window less nights in custody, never below zero."""
    return max(0, days_alive(window, died_on) - nights_in_custody)


def scaled(amount: Decimal, window_days: int, at_risk: int) -> Decimal:
    """`amount` scaled up to the whole window, to a millionth of a pound (half up)."""
    if window_days == at_risk:  # nothing to scale: whole pence are already whole millionths
        return amount.quantize(MICRO, ROUND_HALF_UP)
    with localcontext() as ctx:
        ctx.prec = 60
        return (amount * window_days / at_risk).quantize(MICRO, ROUND_HALF_UP)


def period_changes(
    events: Iterable[Event],
    unit_costs: Iterable[UnitCost],
    cohort: dict[str, Member],
    months: int,
    periods: int,
    handling: str,
    as_at: date,
    custody_kinds: frozenset[str] = CUSTODY_KINDS,
    *,
    totals: Iterable[tuple] = (),
    pools: Iterable[Pool] = (),
) -> list[PeriodChange]:
    """Follow-up periods 1..`periods` each against the baseline (see the module's docstring).

    A period nobody has completed by `as_at` is still returned, with no people, so a page can
    say the data does not reach it yet.

    Use added up beforehand (in a database) comes in two forms, each giving exactly what the
    same events one by one would: `totals`, (person, window, kind, quantity) for people of the
    `cohort` (window 0 the baseline, k follow-up k), and `pools` of people outside the
    `cohort` (`Pool`).
    """
    if handling not in HANDLINGS:
        raise ValueError(f"handling must be one of {HANDLINGS}, not {handling!r}")
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise ValueError(f"months must be a positive whole number, not {months!r}")
    prices = {u.kind: u for u in unit_costs}
    spans = {
        person: [span(m.start, months, k) for k in range(periods + 1)]
        for person, m in cohort.items()
    }
    # Cost per person, window and kind; custody nights recorded per person and window.
    cost: dict[tuple[str, int], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    nights: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for number, event in enumerate(events, start=1):
        price = prices.get(event.kind)
        if price is None:
            raise ContractError("events", number, "kind", f"no unit cost for kind {event.kind!r}")
        for k, window in enumerate(spans.get(event.person_id, ())):
            if window[0] <= event.occurred_on < window[1]:
                cost[event.person_id, k][event.kind] += event.quantity * price.unit_cost
                if event.kind in custody_kinds:
                    nights[event.person_id, k] += event.quantity
                break
    for number, (person, slot, kind, quantity) in enumerate(totals, start=1):
        price = prices.get(kind)
        if price is None:
            raise ContractError("events", number, "kind", f"no unit cost for kind {kind!r}")
        cost[person, slot][kind] += quantity * price.unit_cost
        if kind in custody_kinds:
            nights[person, slot] += quantity
    pools = list(pools)
    for pool in pools:
        if pool.custody and handling != EXCLUDE:
            raise ValueError("people with custody are scaled person by person, not in a pool")
        for _, kind in pool.quantities:
            if kind not in prices:
                raise ContractError("events", None, "kind", f"no unit cost for kind {kind!r}")
    with localcontext() as ctx:
        ctx.prec = 60  # exact for every sum below; `scaled` rounds to a millionth itself
        return [
            _period(k, prices, cohort, spans, cost, nights, handling, as_at, custody_kinds, pools)
            for k in range(1, periods + 1)
        ]


def _pools(k, pools, by_kind, prices, result) -> int:
    """Add the pools to period k; how many people they counted."""
    counted = 0
    for pool in pools:
        if pool.ended < k:
            result.not_yet += pool.people
        elif pool.custody & {0, k}:
            result.left_out_custody += pool.people  # EXCLUDE only (checked above)
        else:
            counted += pool.people
            for (slot, kind), quantity in pool.quantities.items():
                if slot in (0, k):
                    by_kind[kind][0 if slot == 0 else 1] += quantity * prices[kind].unit_cost
    return counted


def _period(k, prices, cohort, spans, cost, nights, handling, as_at, custody_kinds, pools):
    by_kind = {kind: [Decimal(0), Decimal(0)] for kind in prices}
    result = PeriodChange(k, None, handling)  # type: ignore[arg-type]
    pooled = _pools(k, pools, by_kind, prices, result)
    counted = []
    for person, member in cohort.items():
        windows = (spans[person][0], spans[person][k])
        if windows[1][1] > as_at:
            result.not_yet += 1
            continue
        at_risk, interrupted = [], None
        for slot, window in zip((0, k), windows, strict=True):
            custody = custody_nights(window, member.custody, nights.get((person, slot), 0))
            custody = min(custody, days_alive(window, member.died_on))
            at_risk.append(days_at_risk(window, member.died_on, custody))
            if days_alive(window, member.died_on) < length(window):
                interrupted = interrupted or "died"
            elif custody:
                interrupted = interrupted or "custody"
        if interrupted and (handling == EXCLUDE or 0 in at_risk):
            if interrupted == "died":
                result.left_out_died += 1
            else:
                result.left_out_custody += 1
            continue
        if interrupted:
            result.annualised += 1
        counted.append(person)
        for index, (slot, window) in enumerate(zip((0, k), windows, strict=True)):
            for kind, amount in cost.get((person, slot), {}).items():
                if interrupted and kind not in custody_kinds:
                    amount = scaled(amount, length(window), at_risk[index])
                by_kind[kind][index] += amount
    by_department: dict[str, list[Decimal]] = {}
    for kind, (baseline, follow_up) in by_kind.items():
        totals = by_department.setdefault(prices[kind].department, [Decimal(0), Decimal(0)])
        totals[0] += baseline
        totals[1] += follow_up
    result.change = CostChange(
        departments=[Line(d, *by_department[d]) for d in sorted(by_department)],
        kinds=[Line(kind, *by_kind[kind]) for kind in sorted(by_kind)],
        people=pooled + len(counted),
    )
    # Who was counted is known person by person only when nobody was added up in a pool.
    result.counted = None if pools else frozenset(counted)
    return result
