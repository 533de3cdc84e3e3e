"""Changing the unit cost register. Every change writes a new register version (who, when,
why) and only appends rows, so every earlier version can still be rebuilt (`register.py`)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from joinedup.costs import deflator, kinds, register
from joinedup.costs.models import RegisterVersion, UnitCostChoice, UnitCostEntry

STARTER = Path(__file__).parent / "data" / "unit_costs.csv"
#: The fields of an entry a person sets (the rest is bookkeeping).
FIELDS = (
    "unit",
    "value",
    "price_year",
    "department",
    "agency",
    "fiscal",
    "economic",
    "social",
    "source",
    "reference",
    "url",
    "licence",
    "confidence",
    "notes",
)
_OPTIONAL_MONEY = ("fiscal", "economic", "social")


class EditConflict(Exception):
    """The entry changed since the form was opened."""


def _new_version(user, action: str, kind: str, reason: str) -> RegisterVersion:
    """The next version number, taken inside the caller's transaction. The unique number
    means two changes saved at the same moment cannot both take it: one fails, not both."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the register is changing"})
    last = RegisterVersion.objects.aggregate(n=Max("number"))["n"] or 0
    return RegisterVersion.objects.create(
        number=last + 1, made_by=user, action=action, kind=kind, reason=reason.strip()
    )


def check_fields(values: dict) -> None:
    """Refuse a bad entry, naming each field and why (the forms check the same first)."""
    errors = {}
    for name in ("unit", "source", "reference", "licence"):
        if not str(values.get(name) or "").strip():
            errors[name] = "Enter this: every figure says where it comes from"
    value = values.get("value")
    if (
        value is None
        or Decimal(value) < 0
        or Decimal(value) != Decimal(value).quantize(Decimal("0.01"))
    ):
        errors["value"] = "Enter the cost in pounds, 0 or more, with at most 2 decimal places"
    try:
        deflator.index(int(values.get("price_year")))
    except (TypeError, ValueError) as why:
        errors["price_year"] = (
            str(why)
            if isinstance(why, deflator.UnknownYear)
            else ("Enter the price year as a year, like 2023 for 2023-24")
        )
    for name in _OPTIONAL_MONEY:
        amount = values.get(name)
        if amount is not None and Decimal(amount) < 0:
            errors[name] = "Enter an amount of 0 or more, or leave it empty"
    if values.get("confidence") not in UnitCostEntry.Confidence.values:
        errors["confidence"] = "Choose how far the figure was checked"
    if values.get("department") not in dict(UnitCostEntry._meta.get_field("department").choices):
        errors["department"] = "Choose the department that pays"
    if errors:
        raise ValidationError(errors)


def _write(entry: int, version: RegisterVersion, kind: str, values: dict, key: str = ""):
    check_fields(values)
    return UnitCostEntry.objects.create(
        entry=entry,
        version=version,
        kind=kind,
        starter_key=key,
        **{f: values.get(f) for f in FIELDS},
    )


def _next_entry() -> int:
    return (UnitCostEntry.objects.aggregate(n=Max("entry"))["n"] or 0) + 1


@transaction.atomic
def add_entry(*, user, kind: str, values: dict, reason: str, choose: bool = False):
    """A new source for `kind`. The first entry of a kind is chosen at once (every kind with
    an entry has exactly one chosen); a later one only when `choose` is set."""
    if kind not in kinds.KINDS:
        raise ValidationError({"kind": "Choose a kind of service use joinedup records"})
    check_fields(values)
    version = _new_version(user, RegisterVersion.Action.ADD, kind, reason)
    row = _write(_next_entry(), version, kind, values)
    if choose or kind not in register.choices_at(version.number):
        UnitCostChoice.objects.create(kind=kind, entry=row.entry, version=version)
    return row


@transaction.atomic
def edit_entry(*, user, entry: int, values: dict, reason: str, opened_at: int | None):
    """A new row for `entry` with `values`. `opened_at` is the version of the entry the form
    showed: if someone changed it since, nothing is saved."""
    current = register.entries_at(register.latest_version()).get(entry)
    if current is None:
        raise UnitCostEntry.DoesNotExist(f"No unit cost entry {entry}")
    if opened_at != current.version.number:
        raise EditConflict(entry)
    check_fields(values)
    version = _new_version(user, RegisterVersion.Action.EDIT, current.kind, reason)
    return _write(entry, version, current.kind, values, current.starter_key)


@transaction.atomic
def choose(*, user, kind: str, entry: int, reason: str) -> RegisterVersion:
    """Make `entry` the area's chosen source for `kind` from a new version on."""
    latest = register.latest_version()
    row = register.entries_at(latest).get(entry)
    if row is None or row.kind != kind:
        raise ValidationError({"entry": "Choose one of this kind's sources"})
    if register.choices_at(latest).get(kind) == entry:
        raise ValidationError({"entry": "That source is already the chosen one"})
    version = _new_version(user, RegisterVersion.Action.CHOOSE, kind, reason)
    UnitCostChoice.objects.create(kind=kind, entry=entry, version=version)
    return version


def starter_rows() -> list[dict]:
    """The shipped starter figures (`data/unit_costs.csv`), as typed values."""
    with STARTER.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["value"] = Decimal(row["value"])
        row["price_year"] = int(row["price_year"])
        for name in _OPTIONAL_MONEY:
            row[name] = Decimal(row[name]) if row[name] else None
    return rows


@transaction.atomic
def load_starter(user=None) -> RegisterVersion | None:
    """Load the starter figures not yet in the register, as one new version; None when every
    one is already there (so calling it again changes nothing). Idempotent by starter key:
    an entry an administrator has since edited is not overwritten."""
    present = set(
        UnitCostEntry.objects.exclude(starter_key="").values_list("starter_key", flat=True)
    )
    missing = [row for row in starter_rows() if row["key"] not in present]
    if not missing:
        return None
    version = _new_version(
        user, RegisterVersion.Action.LOAD, "", f"Starter figures loaded ({len(missing)} entries)"
    )
    chosen = register.choices_at(version.number)
    entry = _next_entry()
    for row in missing:
        written = _write(entry, version, row["kind"], row, row["key"])
        entry += 1
        if row["chosen"] == "yes" and row["kind"] not in chosen:
            UnitCostChoice.objects.create(kind=row["kind"], entry=written.entry, version=version)
            chosen[row["kind"]] = written.entry
    for row in missing:  # a kind whose starter rows name no chosen one still gets one
        if row["kind"] not in chosen:
            first = UnitCostEntry.objects.get(version=version, starter_key=row["key"])
            UnitCostChoice.objects.create(kind=row["kind"], entry=first.entry, version=version)
            chosen[row["kind"]] = first.entry
    return version
