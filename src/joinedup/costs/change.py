"""Cost change: what a cohort's service use cost each department before and after a start date.

The engine behind `joinedup cost-change` and the cost pages, in the shape of the Cambridgeshire
evaluation (criminal justice costs down, health and housing up). Plain Python, no Django: the
command, the pages and anyone checking a figure get the same answer from the same code.

For each cohort person the **baseline** is the N calendar months before their start date,
``[start - N months, start)``, and the **follow-up** the N months from it, ``[start, start + N
months)``. Month arithmetic keeps the day of the month and clamps it to the month's last day
(31 March minus one month is 29 February in a leap year). Money is exact `Decimal` throughout;
amounts are rounded half up to pence once, for output, and the TOTAL row adds up the rounded
department figures, so every CHANGE.csv adds up as printed. `docs/costs.md` has the contract
and every decision on the points it is silent about.
"""

from __future__ import annotations

import calendar
import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

EVENT_COLUMNS = ("person_id", "kind", "occurred_on")
EVENT_OPTIONAL = ("quantity",)
UNIT_COST_COLUMNS = ("kind", "department", "unit_cost")
COHORT_COLUMNS = ("person_id", "start_date")
OUTPUT_COLUMNS = ("department", "baseline", "follow_up", "change", "change_percent")
TOTAL = "TOTAL"

PENNY = Decimal("0.01")
TENTH = Decimal("0.1")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_QUANTITY = re.compile(r"\d+(\.\d{1,4})?")  # non-negative, up to 4 decimal places
_POUNDS = re.compile(r"\d+(\.\d{1,2})?")  # non-negative pounds, up to 2 decimal places


class ContractError(ValueError):
    """A file breaks the contract: which file, which row (the header is row 1), which field, why."""

    def __init__(self, file: str, row: int | None, field: str | None, reason: str):
        self.file, self.row, self.field, self.reason = file, row, field, reason
        where = ", ".join(
            part for part in (f"row {row}" if row else "", f"{field}" if field else "") if part
        )
        super().__init__(f"{file}: {where}: {reason}" if where else f"{file}: {reason}")


@dataclass(frozen=True)
class Event:
    person_id: str
    kind: str
    occurred_on: date
    quantity: Decimal = Decimal(1)


@dataclass(frozen=True)
class UnitCost:
    kind: str
    department: str
    unit_cost: Decimal


@dataclass(frozen=True)
class Line:
    """One department's (or one kind's, or the total's) cost in the two windows, in pounds."""

    name: str
    baseline: Decimal
    follow_up: Decimal

    @property
    def change(self) -> Decimal:
        return self.follow_up - self.baseline

    @property
    def change_percent(self) -> Decimal | None:
        """change / baseline x 100, half up to 1 decimal; None when the baseline is zero."""
        if not self.baseline:
            return None
        with localcontext() as ctx:
            ctx.prec = 60
            percent = (self.change * 100 / self.baseline).quantize(TENTH, ROUND_HALF_UP)
        return percent + 0  # no "-0.0"

    def rounded(self) -> Line:
        return Line(self.name, pence(self.baseline), pence(self.follow_up))


@dataclass
class CostChange:
    """Exact amounts by department and by kind; `rows()` gives CHANGE.csv as printed."""

    departments: list[Line]
    kinds: list[Line]
    people: int
    events_counted: int = 0
    events_ignored: int = 0
    exact_total: Line = field(init=False)

    def __post_init__(self):
        self.exact_total = Line(
            TOTAL,
            sum((d.baseline for d in self.departments), Decimal(0)),
            sum((d.follow_up for d in self.departments), Decimal(0)),
        )

    def printed(self) -> list[Line]:
        """Each department rounded to pence, then TOTAL as the sum of those rounded figures."""
        lines = [d.rounded() for d in self.departments]
        total = Line(
            TOTAL,
            sum((d.baseline for d in lines), Decimal("0.00")),
            sum((d.follow_up for d in lines), Decimal("0.00")),
        )
        return [*lines, total]

    def rows(self) -> list[list]:
        """CHANGE.csv's rows after the header: money as Decimal pounds, percent or ""."""
        out = []
        for line in self.printed():
            percent = line.change_percent
            out.append(
                [
                    line.name,
                    line.baseline,
                    line.follow_up,
                    line.change + Decimal("0.00"),
                    "" if percent is None else percent,
                ]
            )
        return out


def pence(amount: Decimal) -> Decimal:
    """Pounds rounded half up to the penny (0.005 -> 0.01), exactly."""
    with localcontext() as ctx:
        ctx.prec = 60
        return amount.quantize(PENNY, ROUND_HALF_UP) + Decimal("0.00")


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (or earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def windows(start: date, months: int) -> tuple[tuple[date, date], tuple[date, date]]:
    """(baseline, follow-up), each a half-open range [from, to)."""
    return (add_months(start, -months), start), (start, add_months(start, months))


def cost_change(
    events: Iterable[Event],
    unit_costs: Iterable[UnitCost],
    cohort: dict[str, date],
    months: int,
) -> CostChange:
    """The cohort's cost by department in the baseline and follow-up windows.

    Every department named in `unit_costs` appears, with zeros if nobody used it. Events of
    people not in the cohort, or outside both of their windows, are ignored. An event whose kind
    has no unit cost is a `ContractError`: a cost nobody priced must not silently count as zero.
    """
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise ValueError(f"months must be a positive whole number, not {months!r}")
    prices = {u.kind: u for u in unit_costs}
    spans = {person: windows(start, months) for person, start in cohort.items()}
    by_kind: dict[str, list[Decimal]] = {kind: [Decimal(0), Decimal(0)] for kind in prices}
    counted = ignored = 0
    for number, event in enumerate(events, start=1):
        price = prices.get(event.kind)
        if price is None:
            raise ContractError("events", number, "kind", f"no unit cost for kind {event.kind!r}")
        span = spans.get(event.person_id)
        slot = None
        if span is not None:
            (b_from, b_to), (f_from, f_to) = span
            if b_from <= event.occurred_on < b_to:
                slot = 0
            elif f_from <= event.occurred_on < f_to:
                slot = 1
        if slot is None:
            ignored += 1
            continue
        counted += 1
        by_kind[event.kind][slot] += event.quantity * price.unit_cost
    return _summary(by_kind, prices, len(cohort), counted, ignored)


def cost_change_from_totals(
    totals: Iterable[tuple[str, int, Decimal]],
    unit_costs: Iterable[UnitCost],
    people: int,
    events_counted: int = 0,
) -> CostChange:
    """`cost_change` from quantities already added up: (kind, window, quantity), the window
    0 for the baseline and 1 for the follow-up, over a cohort of `people`.

    The same figures as `cost_change` on the events those totals add up (quantity x unit cost
    summed is the summed quantity x unit cost, exactly), for callers that add up in a
    database; a kind with no unit cost is refused the same way. Nothing is ignored here: the
    totals hold only events inside someone's windows.
    """
    prices = {u.kind: u for u in unit_costs}
    by_kind: dict[str, list[Decimal]] = {kind: [Decimal(0), Decimal(0)] for kind in prices}
    for number, (kind, slot, quantity) in enumerate(totals, start=1):
        price = prices.get(kind)
        if price is None:
            raise ContractError("events", number, "kind", f"no unit cost for kind {kind!r}")
        by_kind[kind][slot] += Decimal(quantity) * price.unit_cost
    return _summary(by_kind, prices, people, events_counted, 0)


def _summary(by_kind, prices, people, counted, ignored) -> CostChange:
    by_department: dict[str, list[Decimal]] = {}
    for kind, (baseline, follow_up) in by_kind.items():
        totals = by_department.setdefault(prices[kind].department, [Decimal(0), Decimal(0)])
        totals[0] += baseline
        totals[1] += follow_up
    return CostChange(
        departments=[Line(d, *by_department[d]) for d in sorted(by_department)],
        kinds=[Line(k, *by_kind[k]) for k in sorted(by_kind)],
        people=people,
        events_counted=counted,
        events_ignored=ignored,
    )


# Reading the three files -------------------------------------------------------------------


def _rows(path: Path, label: str, required: tuple, optional: tuple = ()) -> Iterator[tuple]:
    """(row number, {column: stripped text}) for each non-blank row after the header.

    Rows are numbered as a spreadsheet shows them, the header being row 1 (blank lines count,
    so the number finds the row in an editor too). A UTF-8 byte order mark is accepted; header
    names are matched without surrounding spaces and without regard to case; other columns are
    ignored.
    """
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except FileNotFoundError:
        raise ContractError(label, None, None, "no such file") from None
    except OSError as exc:
        raise ContractError(label, None, None, f"cannot be read ({exc.strerror})") from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = None
            for number, cells in enumerate(reader, start=1):
                if not any(c.strip() for c in cells):
                    continue
                if header is None:
                    header = _header(label, number, cells, required, optional)
                    continue
                yield (
                    number,
                    {
                        name: (cells[i].strip() if i < len(cells) else "")
                        for name, i in header.items()
                    },
                )
            if header is None:
                raise ContractError(label, 1, None, "the file is empty: it needs a header row")
        except UnicodeDecodeError:
            raise ContractError(label, None, None, "is not UTF-8 text") from None
        except csv.Error as exc:
            raise ContractError(label, reader.line_num, None, f"is not valid CSV ({exc})") from None


def _header(label, number, cells, required, optional) -> dict[str, int]:
    names = [c.strip().lower() for c in cells]
    columns = {}
    for wanted in (*required, *optional):
        found = [i for i, name in enumerate(names) if name == wanted]
        if len(found) > 1:
            raise ContractError(label, number, wanted, "the column appears more than once")
        if found:
            columns[wanted] = found[0]
        elif wanted in required:
            raise ContractError(
                label, number, wanted, f"missing column (the header has: {', '.join(names)})"
            )
    return columns


def _text(label, number, row, name) -> str:
    value = row[name]
    if not value:
        raise ContractError(label, number, name, "is empty")
    return value


def _date(label, number, row, name) -> date:
    value = _text(label, number, row, name)
    try:
        if not _DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ContractError(
            label, number, name, f"{value!r} is not a date (YYYY-MM-DD, ISO 8601)"
        ) from None


def read_events(path, priced: Iterable[str], label: str | None = None) -> list[Event]:
    """EVENTS.csv, every row checked; `priced` is the kinds UNIT_COSTS.csv gives a cost for."""
    label = label or str(path)
    priced = set(priced)
    events = []
    for number, row in _rows(Path(path), label, EVENT_COLUMNS, EVENT_OPTIONAL):
        person_id = _text(label, number, row, "person_id")
        kind = _text(label, number, row, "kind")
        if kind not in priced:
            raise ContractError(
                label, number, "kind", f"no unit cost for kind {kind!r} in the unit-cost file"
            )
        occurred_on = _date(label, number, row, "occurred_on")
        quantity = Decimal(1)
        raw = row.get("quantity", "")
        if raw:
            if not _QUANTITY.fullmatch(raw):
                raise ContractError(
                    label,
                    number,
                    "quantity",
                    f"{raw!r} is not a quantity (a number 0 or more, up to 4 decimal places)",
                )
            quantity = Decimal(raw)
        events.append(Event(person_id, kind, occurred_on, quantity))
    return events


def read_unit_costs(path, label: str | None = None) -> list[UnitCost]:
    label = label or str(path)
    costs, seen = [], {}
    for number, row in _rows(Path(path), label, UNIT_COST_COLUMNS):
        kind = _text(label, number, row, "kind")
        if kind in seen:
            raise ContractError(
                label,
                number,
                "kind",
                f"{kind!r} already has a unit cost on row {seen[kind]}: keep one",
            )
        seen[kind] = number
        department = _text(label, number, row, "department")
        if department.upper() == TOTAL:
            raise ContractError(label, number, "department", f"{TOTAL!r} is kept for the total row")
        raw = _text(label, number, row, "unit_cost")
        if not _POUNDS.fullmatch(raw):
            raise ContractError(
                label,
                number,
                "unit_cost",
                f"{raw!r} is not an amount in pounds (0 or more, up to 2 decimal places, "
                "no £ sign or commas)",
            )
        costs.append(UnitCost(kind, department, Decimal(raw)))
    return costs


def read_cohort(path, label: str | None = None) -> dict[str, date]:
    label = label or str(path)
    cohort, seen = {}, {}
    for number, row in _rows(Path(path), label, COHORT_COLUMNS):
        person = _text(label, number, row, "person_id")
        if person in seen:
            raise ContractError(
                label,
                number,
                "person_id",
                f"{person!r} is already in the cohort on row {seen[person]}: "
                "each person has one start date",
            )
        seen[person] = number
        cohort[person] = _date(label, number, row, "start_date")
    return cohort


def from_files(events_path, unit_costs_path, cohort_path, months: int) -> CostChange:
    """Read and check all three files, then compute. Raises `ContractError` on the first fault."""
    unit_costs = read_unit_costs(unit_costs_path)
    cohort = read_cohort(cohort_path)
    events = read_events(events_path, {u.kind for u in unit_costs})
    return cost_change(events, unit_costs, cohort, months)
