"""`joinedup cost-change` as a new user runs it: files in, CHANGE.csv out, no database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.costs import cambridgeshire as cam

SRC = Path(__file__).resolve().parents[2] / "src"


def run(folder, *args, months=cam.MONTHS, out="change.csv"):
    """The command in a clean environment: no SECRET_KEY, and a database that does not exist."""
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(
        PYTHONPATH=str(SRC),
        JOINEDUP_DATA_DIR=str(folder / "data"),
        DATABASE_URL="postgres://nobody@127.0.0.1:1/no_such_database",
    )
    events, unit_costs, cohort = (
        folder / n for n in ("events.csv", "unit_costs.csv", "cohort.csv")
    )
    target = out if out == "-" else str(folder / out)
    argv = ["--events", str(events), "--unit-costs", str(unit_costs), "--cohort", str(cohort),
            "--months", str(months), "--out", target, *args]  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "joinedup.cli", "cost-change", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_writes_the_hand_worked_change_with_no_database_or_secret_key(tmp_path):
    cam.write(tmp_path)
    result = run(tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "change.csv").read_text(encoding="utf-8") == cam.CHANGE
    assert "4 in the cohort, 12 events counted, 4 outside" in result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_the_help_names_it(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "joinedup.cli", "--help"],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
    )
    assert "joinedup cost-change --events EVENTS.csv" in result.stdout


E = "person_id,kind,occurred_on,quantity\n"


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"events": "person_id,kind,quantity\nA,arrest,1\n"},
         "events.csv: row 1, occurred_on: missing column"),
        ({"events": E + "A,arrest,2023-08-01,1\nA,taxi,2023-08-01,1\n"},
         "events.csv: row 3, kind: no unit cost for kind 'taxi'"),
        ({"events": E + "A,arrest,2023-13-01,1\n"}, "events.csv: row 2, occurred_on: '2023-13-01'"),
        ({"events": E + "A,arrest,2023-08-01,-2\n"}, "events.csv: row 2, quantity: '-2'"),
        ({"cohort": "person_id,start_date\nA,2024-01-15\nA,2024-02-01\n"},
         "cohort.csv: row 3, person_id: 'A' is already in the cohort on row 2"),
    ],
)  # fmt: skip
def test_a_refusal_names_file_row_and_field_and_writes_nothing(tmp_path, files, expected):
    cam.write(tmp_path, **files)
    result = run(tmp_path)
    assert result.returncode != 0
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "change.csv").exists()
    assert {p.name for p in tmp_path.iterdir() if p.is_file()} == {
        "cohort.csv",
        "events.csv",
        "unit_costs.csv",
    }, "no output and no temporary file left"


def test_a_failed_run_leaves_an_earlier_change_csv_untouched(tmp_path):
    cam.write(tmp_path, events=E + "A,arrest,not-a-date,1\n")
    (tmp_path / "change.csv").write_text("earlier\n")
    result = run(tmp_path)
    assert result.returncode != 0
    assert (tmp_path / "change.csv").read_text() == "earlier\n"


@pytest.mark.parametrize("months", ["0", "-3", "1.5", "six"])
def test_months_must_be_a_positive_whole_number(tmp_path, months):
    cam.write(tmp_path)
    result = run(tmp_path, months=months)
    assert result.returncode != 0 and "--months" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "change.csv").exists()


def test_a_missing_file_is_named(tmp_path):
    cam.write(tmp_path)
    (tmp_path / "cohort.csv").unlink()
    result = run(tmp_path)
    assert result.returncode != 0 and "cohort.csv: no such file" in result.stderr
    assert not (tmp_path / "change.csv").exists()


def test_an_out_folder_that_does_not_exist_is_named(tmp_path):
    cam.write(tmp_path)
    result = run(tmp_path, out="missing/change.csv")
    assert result.returncode != 0 and "--out: cannot write in" in result.stderr


def test_out_dash_writes_to_standard_output(tmp_path):
    cam.write(tmp_path)
    result = run(tmp_path, out="-")
    assert result.returncode == 0 and result.stdout == cam.CHANGE
