"""`joinedup cashflow SPEC.json --out MONTHS.csv` as a new user runs it: no database, no
production settings, the issue's example worked by hand, and every refusal naming its field."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.commissioning.test_cashflow import EXAMPLE, EXAMPLE_CSV

SRC = Path(__file__).resolve().parents[2] / "src"
#: The console script installed beside this Python (pip install . puts it there).
JOINEDUP = Path(sys.executable).with_name("joinedup")


def clean_env(folder: Path) -> dict:
    """What a new user has: no SECRET_KEY, no DJANGO_SETTINGS_MODULE, a database that does not
    exist (so any use of one fails), and our source first on the path."""
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(
        PYTHONPATH=str(SRC),
        JOINEDUP_DATA_DIR=str(folder / "data"),
        DATABASE_URL="postgres://nobody@127.0.0.1:1/no_such_database",
    )
    return env


def run(folder: Path, spec, *args, out="months.csv", script=True):
    path = folder / "spec.json"
    if spec is not None:
        path.write_text(spec if isinstance(spec, str) else json.dumps(spec), encoding="utf-8")
    target = out if out == "-" else str(folder / out)
    command = [str(JOINEDUP)] if script else [sys.executable, "-m", "joinedup.cli"]
    return subprocess.run(
        [*command, "cashflow", str(path), "--out", target, *args],
        env=clean_env(folder),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_console_script_writes_the_hand_worked_example_with_no_database(tmp_path):
    result = run(tmp_path, EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "months.csv").read_text(encoding="utf-8") == EXAMPLE_CSV
    assert "24 months, working capital 115000.00" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "months.csv", "spec.json"]


def test_python_m_joinedup_cli_writes_it_to_standard_output(tmp_path):
    result = run(tmp_path, EXAMPLE, out="-", script=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXAMPLE_CSV


def test_the_help_names_it(tmp_path):
    result = subprocess.run(
        [str(JOINEDUP), "--help"], env=clean_env(tmp_path), capture_output=True, text=True
    )
    assert "joinedup cashflow SPEC.json --out MONTHS.csv" in result.stdout


def test_it_runs_in_process_without_touching_the_database(tmp_path):
    # pytest-django fails any test without the `db` mark that opens a database connection.
    (tmp_path / "spec.json").write_text(json.dumps(EXAMPLE))
    call_command("cashflow", str(tmp_path / "spec.json"), "--out", str(tmp_path / "m.csv"),
                 stderr=io.StringIO())  # fmt: skip
    assert (tmp_path / "m.csv").read_text() == EXAMPLE_CSV


@pytest.mark.parametrize(
    "spec, expected",
    [
        ({**EXAMPLE, "outcomes": [{"name": "x", "price": "1", "achieved": {"0": 2}}]},
         'outcomes[0].achieved["0"]: a month number must be 1 or more'),
        ({**EXAMPLE, "fixed_montly": "4000.00"}, "fixed_montly: unknown key"),
        ({**EXAMPLE, "months": 0}, "months: must be 1 or more"),
        ('{"months": 24, "monthly_cost": 10000.00}',
         'monthly_cost: must be a decimal string such as "10000.00", not the number 10000.00'),
        ('{"months": 24.0, "monthly_cost": "1"}', "months: must be a whole number"),
        ({"months": 24}, "monthly_cost: missing"),
        ('{"months": 24, "monthly_cost": "1", "months": 12}',
         'spec.json: the key "months" is given twice in one object'),
        ('{"months": 24, "monthly_cost": "1", "cap": NaN}', "spec.json: NaN is not a number"),
        ('{"months": 24, "monthly_cost": "1",}', "spec.json: not valid JSON (line 1, column 36"),
        ("[1, 2]", "spec: must be a JSON object"),
    ],
)  # fmt: skip
def test_a_refusal_names_the_field_and_writes_nothing(tmp_path, spec, expected):
    (tmp_path / "months.csv").write_text("earlier\n")
    result = run(tmp_path, spec)
    assert result.returncode != 0
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert (tmp_path / "months.csv").read_text() == "earlier\n", "an earlier file survives"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_a_missing_spec_is_named(tmp_path):
    result = run(tmp_path, None)
    assert result.returncode != 0 and "spec.json: no such file" in result.stderr
    assert not (tmp_path / "months.csv").exists()


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"\xff\xfe{}", "spec.json: not UTF-8 text"),
        (
            b'{"months": 1' + b"9" * 5000 + b', "monthly_cost": "1"}',
            "spec.json: a whole number of 5001 digits is too large",
        ),
    ],
)
def test_a_spec_that_cannot_be_read_is_refused_in_one_line(tmp_path, content, expected):
    (tmp_path / "spec.json").write_bytes(content)
    with pytest.raises(CommandError, match=expected):
        call_command("cashflow", str(tmp_path / "spec.json"), "--out", str(tmp_path / "m.csv"))
    assert not (tmp_path / "m.csv").exists()


def test_a_spec_saved_with_a_byte_order_mark_is_read(tmp_path):
    (tmp_path / "spec.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(EXAMPLE).encode())
    call_command("cashflow", str(tmp_path / "spec.json"), "--out", str(tmp_path / "m.csv"),
                 stderr=io.StringIO())  # fmt: skip
    assert (tmp_path / "m.csv").read_text() == EXAMPLE_CSV


@pytest.mark.parametrize("out, expected", [("missing/m.csv", "--out: cannot write in"),
                                           (".", "is a folder")])  # fmt: skip
def test_an_out_that_cannot_be_written_is_named(tmp_path, out, expected):
    (tmp_path / "spec.json").write_text(json.dumps(EXAMPLE))
    with pytest.raises(CommandError, match=expected):
        call_command("cashflow", str(tmp_path / "spec.json"), "--out", str(tmp_path / out))
