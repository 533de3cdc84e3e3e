"""Reading the unit cost register: the chosen cost per kind, uprated, at any register version.

The register is append-only (see `models.RegisterVersion`): the state at version V is, for each
entry, its row with the highest version at or below V, and for each kind, the choice with the
highest version at or below V. So an analysis that records "version 2, prices at 2024-25" gives
the same unit costs however the register changes later. Writes are in `services.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from joinedup.costs import change, deflator, kinds
from joinedup.costs.models import RegisterVersion, ServiceUseEvent, UnitCostChoice, UnitCostEntry

DEPARTMENTS = dict(ServiceUseEvent.Category.choices)


class EmptyRegister(LookupError):
    """No version exists yet: the starter figures have not been loaded."""


class UnknownVersion(LookupError):
    """The version asked for does not exist."""


@dataclass(frozen=True)
class PricedRegister:
    version: int  # the register version used
    price_year: int  # the price year everything is uprated to
    unit_costs: list[change.UnitCost]  # one per kind: the chosen entry, uprated

    def describe(self) -> str:
        return (
            f"Unit cost register version {self.version}, "
            f"prices at {deflator.label(self.price_year)}"
        )


@dataclass(frozen=True)
class Entry:
    """One entry as it stood at a version, with its value uprated to the chosen price year."""

    row: UnitCostEntry
    chosen: bool
    uprated: Decimal

    @property
    def number(self) -> int:
        return self.row.entry


@dataclass(frozen=True)
class KindRow:
    """A kind with its chosen entry and the alternatives, side by side."""

    kind: str
    name: str
    department: str
    entries: list[Entry]

    @property
    def chosen(self) -> Entry | None:
        return next((e for e in self.entries if e.chosen), None)

    @property
    def alternatives(self) -> list[Entry]:
        return [e for e in self.entries if not e.chosen]


def latest_version() -> int:
    last = RegisterVersion.objects.order_by("-number").values_list("number", flat=True).first()
    if last is None:
        raise EmptyRegister(
            "The unit cost register is empty: an administrator loads the starter figures "
            "on the unit cost register page."
        )
    return last


def _version(version: int | None) -> int:
    latest = latest_version()
    if version is None:
        return latest
    if not 1 <= version <= latest:
        raise UnknownVersion(
            f"There is no register version {version}: versions run from 1 to {latest}."
        )
    return version


def entries_at(version: int) -> dict[int, UnitCostEntry]:
    """{entry number: the entry as it stood at `version`}."""
    latest: dict[int, UnitCostEntry] = {}
    rows = UnitCostEntry.objects.filter(version__number__lte=version).select_related("version")
    for row in rows.order_by("entry", "version__number"):
        latest[row.entry] = row
    return latest


def choices_at(version: int) -> dict[str, int]:
    """{kind: the chosen entry number at `version`}."""
    chosen: dict[str, int] = {}
    rows = UnitCostChoice.objects.filter(version__number__lte=version)
    for kind, entry in rows.order_by("version__number").values_list("kind", "entry"):
        chosen[kind] = entry
    return chosen


def priced(price_year: int | None = None, version: int | None = None) -> PricedRegister:
    """The chosen unit cost of every kind at `version`, uprated to `price_year`.

    None means the latest version and the latest deflator year. Raises `EmptyRegister`,
    `UnknownVersion` or `deflator.UnknownYear` (a future or unknown year), each with a reason
    a page can show as it is."""
    number = _version(version)
    year = deflator.latest_year() if price_year is None else price_year
    deflator.index(year)  # refuse an unknown year before anything else
    entries = entries_at(number)
    unit_costs = [
        change.UnitCost(
            kind,
            DEPARTMENTS[entries[entry].department],
            deflator.uprate(entries[entry].value, entries[entry].price_year, year),
        )
        for kind, entry in sorted(choices_at(number).items())
    ]
    return PricedRegister(version=number, price_year=year, unit_costs=unit_costs)


def side_by_side(price_year: int | None = None, version: int | None = None) -> list[KindRow]:
    """Every kind joinedup records (and any other kind in the register), with its entries at
    `version`: the chosen one first, then the alternatives, each uprated to `price_year`."""
    number = _version(version)
    year = deflator.latest_year() if price_year is None else price_year
    entries = entries_at(number)
    chosen = choices_at(number)
    by_kind: dict[str, list[UnitCostEntry]] = {}
    for row in entries.values():
        by_kind.setdefault(row.kind, []).append(row)
    rows = []
    for kind in [*kinds.KINDS, *sorted(set(by_kind) - set(kinds.KINDS))]:
        listed = sorted(by_kind.get(kind, []), key=lambda r: (r.entry != chosen.get(kind), r.entry))
        rows.append(
            KindRow(
                kind=kind,
                name=kinds.KINDS[kind][0] if kind in kinds.KINDS else kind,
                department=DEPARTMENTS[kinds.category(kind)],
                entries=[
                    Entry(
                        r, r.entry == chosen.get(kind), deflator.uprate(r.value, r.price_year, year)
                    )
                    for r in listed
                ],
            )
        )
    return rows


def versions() -> list[RegisterVersion]:
    """Every version, newest first, with who made it."""
    return list(RegisterVersion.objects.select_related("made_by").order_by("-number"))
