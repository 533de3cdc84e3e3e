"""Cash flow: a provider's monthly costs against its payments, and the working capital it needs.

The engine behind `joinedup cashflow SPEC.json --out MONTHS.csv` and the commissioning pages.
Plain Python, no Django (not even through the modules it imports), so the command, the pages
and anyone checking a figure get the same answer from the same code. `docs/commissioning.md`
("Cash flow") has the contract and each decision below.

SPEC.json::

    {"months": 24, "monthly_cost": "10000.00", "upfront": "20000.00", "fixed_monthly": "4000.00",
     "outcomes": [{"name": "...", "price": "1500.00", "lag_months": 3,
                   "achieved": {"6": 2, "7": 4}}],
     "cap": "240000.00"}

- Month 1 holds the up-front payment; each month m from 1 holds `fixed_monthly` while
  m <= months; an outcome achieved in month m is paid in month m + lag_months; costs run for
  months 1..months (later months cost 0.00).
- The cap applies to outcome payments only (not the up-front or fixed payments), in payment-month
  order; within one month all outcomes due are taken together, shared out in the order the spec
  lists them; the payment that would pass the cap is paid up to it exactly, later ones are 0.
- Rows run from 1 to max(months, the last month with a payment greater than zero).
- balance is the running total of income minus cost; working capital is minus the lowest
  balance, or 0.00 when the balance never goes below zero.
- Money is `Decimal` throughout, never float: amounts in a spec are decimal strings of pounds
  with at most 2 decimals (`^\\d+(\\.\\d{1,2})?$`), so every sum is exact pence, worked in a
  context that raises rather than rounds. A JSON number for money is refused.
- `months` is a JSON integer >= 1; `lag_months` an integer >= 0 (0 when left out); `achieved`
  maps month numbers ("6", 1 or more, no leading zeros) to whole counts >= 0 ({} when left
  out). `upfront`, `fixed_monthly` (0.00 when left out), `outcomes` ([]) and `cap` (none) are
  optional; null is not a value for any of them. Unknown keys, at the top or in an outcome, are
  refused by name, and so are two outcomes with one name.
- Bounds keep a spec to what a contract can be: months, lags and month numbers up to 1200 (a
  century), a count up to 1,000,000 in one month, money under £1,000,000,000,000, 1000 outcomes.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, Inexact, localcontext
from pathlib import Path

from joinedup.exports import CsvWriter

COLUMNS = ("month", "cost", "income", "balance")
WORKING_CAPITAL = "working_capital"
KEYS = ("months", "monthly_cost", "upfront", "fixed_monthly", "outcomes", "cap")
OUTCOME_KEYS = ("name", "price", "lag_months", "achieved")

MAX_MONTHS = 1200
MAX_COUNT = 1_000_000
MAX_OUTCOMES = 1000
MAX_MONEY = Decimal("1000000000000")
PENNY = Decimal("0.01")
ZERO = Decimal("0.00")

_MONEY = re.compile(r"\d+(\.\d{1,2})?")
_MONTH_KEY = re.compile(r"[0-9]+")
_EXAMPLE = 'a decimal string such as "10000.00"'


class SpecError(ValueError):
    """A spec breaks the contract: the field's path (`outcomes[0].price`) and the reason."""

    def __init__(self, field: str, reason: str):
        self.field, self.reason = field, reason
        super().__init__(f"{field}: {reason}")


@dataclass(frozen=True)
class Outcome:
    """One priced outcome: what it pays, how many months after it is achieved, how many when."""

    name: str
    price: Decimal
    lag_months: int = 0
    achieved: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Spec:
    months: int
    monthly_cost: Decimal
    upfront: Decimal = ZERO
    fixed_monthly: Decimal = ZERO
    outcomes: tuple[Outcome, ...] = ()
    cap: Decimal | None = None


@dataclass(frozen=True)
class Month:
    """One row of MONTHS.csv with its breakdown: income = upfront + fixed + outcome payments."""

    month: int
    cost: Decimal
    income: Decimal
    balance: Decimal
    upfront: Decimal = ZERO
    fixed: Decimal = ZERO
    #: What each outcome due this month was paid, after the cap, in the spec's order.
    outcomes: Mapping[str, Decimal] = field(default_factory=dict)
    #: What the cap held back this month (due minus paid).
    withheld: Decimal = ZERO

    @property
    def outcome_income(self) -> Decimal:
        return sum(self.outcomes.values(), ZERO)


# --- reading a spec -------------------------------------------------------------------------


def parse(data: object) -> Spec:
    """A `Spec` from SPEC.json's content (a dict), every field checked; `SpecError` if not."""
    if not isinstance(data, dict):
        raise SpecError("spec", 'must be a JSON object such as {"months": 24, ...}')
    for key in data:
        if key not in KEYS:
            raise SpecError(str(key), f"unknown key (the keys are {', '.join(KEYS)})")
    for key in ("months", "monthly_cost"):
        if key not in data:
            raise SpecError(key, "missing: it is required")
    outcomes = data.get("outcomes", [])
    if not isinstance(outcomes, list):
        raise SpecError("outcomes", 'must be a list of outcomes, such as [{"name": ...}]')
    if len(outcomes) > MAX_OUTCOMES:
        raise SpecError("outcomes", f"at most {MAX_OUTCOMES} outcomes")
    parsed: list[Outcome] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(outcomes):
        outcome = _outcome(item, f"outcomes[{index}]")
        if outcome.name in seen:
            raise SpecError(
                f"outcomes[{index}].name",
                f"{outcome.name!r} is already the name of outcomes[{seen[outcome.name]}]",
            )
        seen[outcome.name] = index
        parsed.append(outcome)
    return Spec(
        months=_whole(data["months"], "months", least=1, most=MAX_MONTHS),
        monthly_cost=_money(data["monthly_cost"], "monthly_cost"),
        upfront=_money(data.get("upfront", "0.00"), "upfront"),
        fixed_monthly=_money(data.get("fixed_monthly", "0.00"), "fixed_monthly"),
        outcomes=tuple(parsed),
        cap=_money(data["cap"], "cap") if "cap" in data else None,
    )


def _outcome(item: object, where: str) -> Outcome:
    if not isinstance(item, dict):
        raise SpecError(where, "must be an object with name, price, lag_months and achieved")
    for key in item:
        if key not in OUTCOME_KEYS:
            raise SpecError(
                f"{where}.{key}", f"unknown key (an outcome has {', '.join(OUTCOME_KEYS)})"
            )
    if "name" not in item:
        raise SpecError(f"{where}.name", "missing: every outcome has a name")
    name = item["name"]
    if not isinstance(name, str) or not name.strip():
        raise SpecError(f"{where}.name", "must be a non-empty string")
    if "price" not in item:
        raise SpecError(f"{where}.price", "missing: every outcome has a price")
    achieved = item.get("achieved", {})
    if not isinstance(achieved, dict):
        raise SpecError(
            f"{where}.achieved", 'must be an object of month numbers and counts, such as {"6": 2}'
        )
    counts: dict[int, int] = {}
    for key, count in achieved.items():
        at = f"{where}.achieved[{_quoted(key)}]"
        counts[_month_key(key, at)] = _whole(count, at, least=0, most=MAX_COUNT)
    return Outcome(
        name=name,
        price=_money(item["price"], f"{where}.price"),
        lag_months=_whole(item.get("lag_months", 0), f"{where}.lag_months", 0, MAX_MONTHS),
        achieved=dict(sorted(counts.items())),
    )


def _quoted(key: str) -> str:
    return '"' + str(key).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _month_key(key: object, at: str) -> int:
    # A page's dict may carry a month as a number; SPEC.json's keys are always strings.
    if not isinstance(key, str) or not _MONTH_KEY.fullmatch(key) or not key.isascii():
        raise SpecError(
            at, 'a month number must be a whole number written as a string, such as "6"'
        )
    number = int(key)
    if number < 1:
        raise SpecError(at, "a month number must be 1 or more")
    if key.startswith("0"):
        raise SpecError(at, f'write the month number without leading zeros: "{number}"')
    if number > MAX_MONTHS:
        raise SpecError(at, f"a month number must be {MAX_MONTHS} or less")
    return number


def _whole(value: object, at: str, least: int, most: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError(at, f"must be a whole number (a JSON integer), not {_describe(value)}")
    if value < least:
        raise SpecError(at, f"must be {least} or more, not {value}")
    if value > most:
        raise SpecError(at, f"must be {most} or less, not {value}")
    return value


def _money(value: object, at: str) -> Decimal:
    if not isinstance(value, str):
        raise SpecError(at, f"must be {_EXAMPLE}, not {_describe(value)}")
    if value.startswith("-") and _MONEY.fullmatch(value[1:]):
        raise SpecError(at, f"{value!r} is negative: money here is 0.00 or more")
    if re.fullmatch(r"\d+\.\d{3,}", value) and value.isascii():
        raise SpecError(at, f"{value!r} has more than 2 decimals: money is to the penny")
    if not _MONEY.fullmatch(value) or not value.isascii():
        raise SpecError(at, f"{value!r} is not an amount of money: must be {_EXAMPLE}")
    amount = Decimal(value)
    if amount >= MAX_MONEY:
        raise SpecError(at, f"{value!r} is too large: must be less than {MAX_MONEY}.00")
    return amount


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, (int, float, Decimal)):
        return f"the number {value}"
    return "a list" if isinstance(value, list) else "an object"


def to_json(spec: Spec) -> dict:
    """SPEC.json's content for a spec: `parse(to_json(spec)) == spec`, so a page's figures can be
    checked with `joinedup cashflow`."""
    data: dict = {
        "months": spec.months,
        "monthly_cost": _text(spec.monthly_cost),
        "upfront": _text(spec.upfront),
        "fixed_monthly": _text(spec.fixed_monthly),
        "outcomes": [
            {
                "name": o.name,
                "price": _text(o.price),
                "lag_months": o.lag_months,
                "achieved": {str(m): n for m, n in o.achieved.items()},
            }
            for o in spec.outcomes
        ],
    }
    if spec.cap is not None:
        data["cap"] = _text(spec.cap)
    return data


# --- the cash flow --------------------------------------------------------------------------


def run(spec: Spec) -> list[Month]:
    """Every month from 1 to the later of the contract's end and the last payment."""
    with localcontext() as ctx:
        ctx.prec = 60  # far beyond the bounds above; and any inexact step raises, never rounds
        ctx.traps[Inexact] = True
        paid, withheld = _outcome_payments(spec)
        last = max([spec.months, *(m for m, lines in paid.items() if any(lines.values()))])
        rows, balance = [], ZERO
        for month in range(1, last + 1):
            upfront = spec.upfront if month == 1 else ZERO
            fixed = spec.fixed_monthly if month <= spec.months else ZERO
            lines = paid.get(month, {})
            income = upfront + fixed + sum(lines.values(), ZERO)
            cost = spec.monthly_cost if month <= spec.months else ZERO
            balance += income - cost
            rows.append(
                Month(
                    month=month,
                    cost=_pence(cost),
                    income=_pence(income),
                    balance=_pence(balance),
                    upfront=_pence(upfront),
                    fixed=_pence(fixed),
                    outcomes={name: _pence(amount) for name, amount in lines.items()},
                    withheld=_pence(withheld.get(month, ZERO)),
                )
            )
        return rows


def _outcome_payments(spec: Spec) -> tuple[dict[int, dict[str, Decimal]], dict[int, Decimal]]:
    """What each outcome is paid in each payment month, the cap applied in month order."""
    due: dict[int, dict[str, Decimal]] = {}
    for outcome in spec.outcomes:  # in the spec's order, which is the order within a month
        for month, count in outcome.achieved.items():
            lines = due.setdefault(month + outcome.lag_months, {})
            lines[outcome.name] = lines.get(outcome.name, ZERO) + outcome.price * count
    paid: dict[int, dict[str, Decimal]] = {}
    withheld: dict[int, Decimal] = {}
    room = spec.cap  # what the cap still allows; None for no cap
    for month in sorted(due):
        paid[month] = {}
        for name, amount in due[month].items():
            pay = amount if room is None else min(amount, room)
            if room is not None:
                room -= pay
            paid[month][name] = pay
            if pay != amount:
                withheld[month] = withheld.get(month, ZERO) + amount - pay
    return paid, withheld


def working_capital(rows: Iterable[Month]) -> Decimal:
    """The largest shortfall: minus the lowest balance, or 0.00 if it never goes below zero."""
    lowest = min(row.balance for row in rows)
    return _pence(-lowest) if lowest < 0 else ZERO


def _pence(amount: Decimal) -> Decimal:
    # Exact pence to 2 decimals; adding zero turns a "-0.00" into "0.00".
    return (amount + ZERO).quantize(PENNY)


def _text(amount: Decimal) -> str:
    return str(_pence(amount))


# --- MONTHS.csv -----------------------------------------------------------------------------


def csv_rows(rows: list[Month]) -> list[list]:
    """MONTHS.csv after its header: one row a month, then `working_capital,,,X`."""
    table: list[list] = [[r.month, r.cost, r.income, r.balance] for r in rows]
    table.append([WORKING_CAPITAL, "", "", working_capital(rows)])
    return table


def write_csv(rows: list[Month], target) -> None:
    """MONTHS.csv to an open text file, or to a path: there through a temporary file beside it
    that replaces the path only once complete, so a file is never half-written and an earlier
    one survives a failure (`OSError` if the folder cannot be written)."""
    table = csv_rows(rows)
    if hasattr(target, "write"):
        _write(target, table)
        return
    out = Path(target)
    if out.is_dir():
        raise IsADirectoryError(f"{out} is a folder")
    fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            _write(handle, table)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write(handle, table: list[list]) -> None:
    writer = CsvWriter(handle, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(table)
