"""The unit cost register: uprating, versions that reproduce, one chosen source per kind."""

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from joinedup.costs import deflator, kinds, register, services
from joinedup.costs.models import UnitCostChoice

AREA = Path(__file__).parents[2] / "src" / "joinedup" / "synthetic" / "area.toml"


def test_uprating_a_hand_worked_example():
    # HM Treasury, March 2026 release, financial years, 2024-25 = 100.
    # £100.00 at 2013-14 prices to 2023-24: 100 x 96.1117 / 73.0337 = 131.5991... -> £131.60.
    assert deflator.index(2013) == Decimal("73.0337")
    assert deflator.index(2023) == Decimal("96.1117")
    assert deflator.index(2024) == Decimal("100.0000")
    assert deflator.uprate(Decimal("100.00"), 2013, 2023) == Decimal("131.60")
    # Rounded once, at the penny: £216 (2013-14) to 2022-23 = 216 x 91.2996 / 73.0337
    # = 270.0221... -> £270.02.
    assert deflator.uprate(Decimal("216"), 2013, 2022) == Decimal("270.02")
    # To the base year itself: £100.00 (2013-14) to 2024-25 = 100 x 100 / 73.0337
    # = 136.9230... -> £136.92.
    assert deflator.uprate(Decimal("100.00"), 2013, 2024) == Decimal("136.92")
    assert deflator.uprate(Decimal("37.00"), 2013, 2013) == Decimal("37.00")


def test_a_future_or_unknown_year_is_refused_with_the_known_range():
    last = deflator.latest_year()
    with pytest.raises(deflator.UnknownYear, match=r"future year is never guessed.*2003-04 to"):
        deflator.uprate(Decimal(1), 2013, last + 1)
    with pytest.raises(deflator.UnknownYear, match="before the shipped series starts"):
        deflator.uprate(Decimal(1), 1990, 2013)


@given(st.decimals(min_value=0, max_value=10**7, places=2), st.sampled_from(deflator.years()))
def test_uprating_is_exact_to_the_penny_and_the_identity_at_its_own_year(value, year):
    assert deflator.uprate(value, year, year) == value
    up = deflator.uprate(value, year, deflator.latest_year())
    assert up == up.quantize(Decimal("0.01")) and up >= 0


@pytest.fixture
def loaded(db):
    services.load_starter()
    return register.latest_version()


def test_every_kind_recorded_or_generated_has_a_starter_entry_with_a_source(loaded):
    generated = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("events"), dict):
                generated.update(node["events"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tomllib.loads(AREA.read_text()))
    generated |= {"custody_night", "bed_day", "housing_assessment"}  # lives.py emits these
    generated -= {
        k for k in generated if k.endswith("_share") or k in {"bed_days", "custody_nights"}
    }
    assert generated <= set(kinds.KINDS)
    rows = {row.kind: row for row in register.side_by_side()}
    for kind in kinds.KINDS:
        assert rows[kind].chosen is not None, kind
        for entry in rows[kind].entries:
            assert entry.row.source and entry.row.reference and entry.row.licence, kind


def test_exactly_one_chosen_entry_per_kind(loaded, alice):
    for row in register.side_by_side():
        assert sum(e.chosen for e in row.entries) == 1, row.kind
    arrest = next(r for r in register.side_by_side() if r.kind == "arrest")
    other = arrest.alternatives[0].number
    services.choose(user=alice, kind="arrest", entry=other, reason="Local custody data agree")
    arrest = next(r for r in register.side_by_side() if r.kind == "arrest")
    assert [e.number for e in arrest.entries if e.chosen] == [other]
    priced = register.priced()
    assert len(priced.unit_costs) == len(kinds.KINDS)
    assert len({u.kind for u in priced.unit_costs}) == len(priced.unit_costs)


def test_loading_the_starter_again_changes_nothing(loaded):
    assert services.load_starter() is None
    assert register.latest_version() == loaded


def test_an_analysis_at_version_2_gives_the_same_costs_after_later_edits(loaded, alice):
    first = services.starter_rows()[0]
    arrest = next(r for r in register.side_by_side() if r.kind == "arrest").chosen
    values = {f: getattr(arrest.row, f) for f in services.FIELDS}
    services.edit_entry(
        user=alice,
        entry=arrest.number,
        values={**values, "value": Decimal("500.00")},
        reason="Force's own figure",
        opened_at=arrest.row.version.number,
    )
    at_two = register.priced(price_year=2023, version=2)
    assert at_two.describe() == "Unit cost register version 2, prices at 2023-24"
    assert first["kind"] == "arrest"
    # Later changes: another edit of the same entry, a new source chosen for another kind.
    services.edit_entry(
        user=alice,
        entry=arrest.number,
        values={**values, "value": Decimal("900.00")},
        reason="Corrected",
        opened_at=register.entries_at(register.latest_version())[arrest.number].version.number,
    )
    ed = next(r for r in register.side_by_side() if r.kind == "ed_attendance")
    services.choose(user=alice, kind="ed_attendance", entry=ed.alternatives[0].number, reason="x")
    assert register.priced(price_year=2023, version=2) == at_two
    latest = register.priced(price_year=2023)
    assert latest.version == 4 and latest != at_two
    by_kind = {u.kind: u for u in at_two.unit_costs}
    # £500.00 at 2022-23 prices -> 2023-24: 500 x 96.1117 / 91.2996 = 526.3533... -> £526.35.
    assert by_kind["arrest"].unit_cost == Decimal("526.35")
    assert by_kind["arrest"].department == "Criminal justice"
    assert register.priced(price_year=2023, version=1).unit_costs != at_two.unit_costs


def test_bad_edits_are_refused_naming_the_field_and_why(loaded, alice):
    arrest = next(r for r in register.side_by_side() if r.kind == "arrest").chosen
    values = {f: getattr(arrest.row, f) for f in services.FIELDS}
    bad = {
        **values,
        "value": Decimal("-1"),
        "price_year": 2099,
        "source": " ",
        "fiscal": Decimal("-2"),
    }
    with pytest.raises(ValidationError) as refused:
        services.edit_entry(
            user=alice,
            entry=arrest.number,
            values=bad,
            reason="typo",
            opened_at=arrest.row.version.number,
        )
    errors = refused.value.message_dict
    assert set(errors) == {"value", "price_year", "source", "fiscal"}
    assert "no GDP deflator for 2099-00" in errors["price_year"][0]
    with pytest.raises(ValidationError, match="Say why"):
        services.edit_entry(
            user=alice,
            entry=arrest.number,
            values=values,
            reason="",
            opened_at=arrest.row.version.number,
        )
    with pytest.raises(services.EditConflict):
        services.edit_entry(user=alice, entry=arrest.number, values=values, reason="x", opened_at=0)
    with pytest.raises(ValidationError, match="already the chosen one"):
        services.choose(user=alice, kind="arrest", entry=arrest.number, reason="x")
    assert register.latest_version() == loaded  # nothing half-saved


def test_a_new_kinds_first_source_is_chosen_at_once(db, alice):
    row = services.add_entry(
        user=alice,
        kind="food_parcel",
        reason="Food bank's own price",
        values={
            "unit": "per parcel",
            "value": Decimal("12.50"),
            "price_year": 2023,
            "department": "community",
            "agency": "Food bank",
            "source": "Trussell",
            "reference": "Local contract",
            "url": "",
            "licence": "Local",
            "confidence": "high",
            "notes": "",
            "fiscal": None,
            "economic": None,
            "social": None,
        },
    )
    assert UnitCostChoice.objects.get(kind="food_parcel").entry == row.entry
    assert register.priced(2023).unit_costs[0].unit_cost == Decimal("12.50")


def test_an_empty_register_or_unknown_version_says_so(db):
    with pytest.raises(register.EmptyRegister, match="starter figures"):
        register.priced()
    services.load_starter()
    with pytest.raises(register.UnknownVersion, match="versions run from 1 to 1"):
        register.priced(version=7)


def test_docs_cite_every_starter_figure_with_its_source():
    docs = (Path(__file__).parents[2] / "docs" / "costs.md").read_text()
    for row in services.starter_rows():
        line = f"| `{row['kind']}` | {'yes' if row['chosen'] else ''} | £{row['value']} |"
        assert line in docs and row["source"] in docs, row["key"]
