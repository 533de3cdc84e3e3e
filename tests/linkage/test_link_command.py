"""`joinedup link FILE... --out clusters.csv`: the contract outside checks use."""

import csv

import pytest
from django.core.management import call_command

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
