"""Uprating money to a chosen price year with the HM Treasury GDP deflator (no Django here).

The series is shipped as data (`data/gdp_deflators.csv`: financial year, index). A price year
is the financial year by its first calendar year: 2023 means 2023-24 (April 2023 to March
2024), the way HM Treasury's deflator tables, PSSRU and the NHS cost collection name years.

    uprated = value x deflator(target) / deflator(price year)

in exact `Decimal`, rounded half up to the penny once, at the end. A year outside the shipped
series (a future year, or one before it starts) is refused with the range that is known, never
guessed or extrapolated. `docs/costs.md` says where the series comes from and how to replace it.
"""

from __future__ import annotations

import csv
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "gdp_deflators.csv"
PENNY = Decimal("0.01")
_YEAR = re.compile(r"(\d{4})-(\d{2})")

#: Where the shipped series comes from (shown on the register page and in the API).
SOURCE = (
    "HM Treasury, GDP deflators at market prices, and money GDP, March 2026 (Quarterly "
    "National Accounts): financial years, ONS series L8GG outturn, 2024-25 = 100; "
    "Open Government Licence v3.0"
)


class UnknownYear(ValueError):
    """No deflator for the year asked: it is in the future or outside the shipped series."""


def label(year: int) -> str:
    """2023 -> '2023-24'."""
    return f"{year}-{(year + 1) % 100:02d}"


@cache
def series() -> dict[int, Decimal]:
    """{first calendar year of the financial year: index}, from the shipped CSV."""
    out: dict[int, Decimal] = {}
    with DATA.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            match = _YEAR.fullmatch(row["financial_year"].strip())
            if not match or (int(match[1]) + 1) % 100 != int(match[2]):
                raise ValueError(f"{DATA.name}: bad financial year {row['financial_year']!r}")
            out[int(match[1])] = Decimal(row["index"].strip())
    return out


def years() -> list[int]:
    return sorted(series())


def latest_year() -> int:
    return max(series())


def index(year: int) -> Decimal:
    known = series()
    if year not in known:
        first, last = min(known), max(known)
        why = (
            "it is after the latest published outturn, and a future year is never guessed"
            if year > last
            else "it is before the shipped series starts"
        )
        raise UnknownYear(
            f"There is no GDP deflator for {label(year)}: {why}. "
            f"Choose a year from {label(first)} to {label(last)}."
        )
    return known[year]


def uprate(value: Decimal, from_year: int, to_year: int) -> Decimal:
    """`value` in `from_year` prices, at `to_year` prices, rounded half up to the penny."""
    with localcontext() as ctx:
        ctx.prec = 50
        exact = Decimal(value) * index(to_year) / index(from_year)
        return exact.quantize(PENNY, ROUND_HALF_UP)
