"""`joinedup link FILE... --out clusters.csv`: the contract outside checks use."""

import csv

import pytest
from django.core.management import CommandError, call_command

from joinedup.linkage.models import Link, Run, SourceRecord
from tests.linkage.conftest import extracts


@pytest.fixture
def files(tmp_path):
    paths = []
    for name, text in zip(["housing.csv", "police.csv", "health.csv"], extracts(), strict=True):
        path = tmp_path / name
        path.write_text(text)
        paths.append(str(path))
    return paths


def read(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def test_it_writes_every_record_with_a_person_key_and_touches_no_database(db, files, tmp_path):
    out = tmp_path / "clusters.csv"
    call_command("link", *files, "--out", str(out), "--save-model", str(tmp_path / "m.json"))
    rows = read(out)
    assert list(rows[0]) == ["source", "source_id", "person_key", "match_probability"]
    assert len(rows) == 30
    key = {(r["source"], r["source_id"]): r["person_key"] for r in rows}
    for i in range(10):
        assert key[("housing", f"H{i}")] == key[("police", f"P{i}")] == key[("health", f"G{i}")]
    assert len(set(key.values())) == 10
    assert all(0 <= float(r["match_probability"]) <= 1 for r in rows)
    assert not SourceRecord.objects.exists() and not Run.objects.exists()
    assert (tmp_path / "m.json").read_text().startswith("{")


def test_a_saved_model_gives_the_same_keys_again(db, files, tmp_path):
    call_command("link", *files, "--out", str(tmp_path / "a.csv"), "--save-model",
                 str(tmp_path / "m.json"))  # fmt: skip
    call_command("link", *files, "--out", str(tmp_path / "b.csv"), "--model",
                 str(tmp_path / "m.json"))  # fmt: skip
    assert read(tmp_path / "a.csv") == read(tmp_path / "b.csv")


def test_with_load_it_imports_and_links_in_the_database(db, files, tmp_path):
    call_command("link", *files, "--out", str(tmp_path / "c.csv"), "--load")
    assert SourceRecord.objects.count() == 30
    assert Run.objects.get().status == Run.Status.DONE
    assert Link.objects.filter(ended_at=None).values("person").distinct().count() == 10


def test_a_source_id_written_as_a_formula_comes_out_as_text(db, files, tmp_path):
    path = tmp_path / "housing.csv"
    path.write_text(path.read_text().replace("housing,H0,", "housing,=HYPERLINK(1),", 1))
    out = tmp_path / "clusters.csv"
    call_command("link", *files, "--out", str(out))
    ids = {r["source_id"] for r in read(out)}
    assert "'=HYPERLINK(1)" in ids and "=HYPERLINK(1)" not in ids


def test_other_headers_are_read_through_columns(db, tmp_path):
    text = extracts()[0].replace("first_name,last_name,date_of_birth", "Given Name,family,born")
    path = tmp_path / "housing.csv"
    path.write_text(text)
    out = tmp_path / "clusters.csv"
    call_command(
        "link", str(path), "--out", str(out),
        "--columns", "first_name=Given Name,last_name=family,date_of_birth=born",
    )  # fmt: skip
    assert len(read(out)) == 10


def test_a_missing_column_is_named_with_its_file(db, tmp_path):
    path = tmp_path / "mind.csv"
    path.write_text(extracts()[0].replace(",nhs_number", ",nhs_ref"))
    with pytest.raises(CommandError, match=r"mind\.csv: no column nhs_number"):
        call_command("link", str(path), "--out", str(tmp_path / "c.csv"))
    with pytest.raises(CommandError, match=r"mind\.csv: no column 'NHS' to read as nhs_number"):
        call_command(
            "link", str(path), "--out", str(tmp_path / "c.csv"), "--columns", "nhs_number=NHS"
        )
    # An extract that holds no NHS numbers says so, and is linked.
    call_command("link", str(path), "--out", str(tmp_path / "c.csv"), "--columns", "nhs_number=")
    assert len(read(tmp_path / "c.csv")) == 10
