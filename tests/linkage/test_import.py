import pytest

from joinedup.linkage import services
from joinedup.linkage.models import ImportBatch, SourceRecord
from tests.linkage.conftest import HEADER, extracts


def load(name, text, **kw):
    batch = services.start_import(name, text.encode(), **kw)
    while not batch.finished:
        services.import_step(batch, size=3)
    return batch


BAD = HEADER + (
    "housing,H1,Ann,Lee,1980-02-30,F,RV1 2AB,\n"
    "housing,H2,Bob,Ray,1981-01-02,Q,RV1 2AB,\n"
    "housing,H3,Cy,Day,1982-01-02,M,NOT A POSTCODE,\n"
    "housing,H4,Di,Fox,1983-01-02,F,,12345\n"
    "housing,,Ed,Gum,1984-01-02,M,,\n"
    "housing,H6,Flo,Hay,1985-01-02,F,NFA,\n"
)


def test_it_names_file_row_column_and_reason_for_every_bad_value(db):
    batch = load("housing.csv", BAD)
    problems = {(e["row"], e["column"]) for e in batch.errors}
    assert problems == {
        (2, "date_of_birth"),
        (3, "sex"),
        (4, "postcode"),
        (5, "nhs_number"),
        (6, "source_id"),
    }
    first = batch.errors[0]
    assert first["file"] == "housing.csv" and "not a date" in first["reason"]


def test_a_file_with_errors_is_rejected_whole(db):
    batch = load("housing.csv", BAD)
    assert batch.status == ImportBatch.Status.REJECTED
    assert SourceRecord.objects.count() == 0


def test_or_loaded_without_its_bad_rows_which_are_reported(db):
    batch = load("housing.csv", BAD, mode=ImportBatch.Mode.SKIP)
    assert batch.status == ImportBatch.Status.DONE
    assert list(SourceRecord.objects.values_list("source_id", flat=True)) == ["H6"]
    assert batch.skipped == 5 and batch.created == 1
    assert SourceRecord.objects.get().postcode == "NFA"


def test_a_missing_column_rejects_the_file_naming_it(db):
    batch = load("x.csv", "first_name,last_name\nAnn,Lee\n", mode=ImportBatch.Mode.SKIP)
    assert batch.status == ImportBatch.Status.REJECTED
    assert {"file": "x.csv", "row": 1, "column": "source", "reason": "missing column"} in (
        batch.errors
    )


def test_re_importing_the_same_rows_changes_nothing(db):
    housing, _, _ = extracts()
    first = load("housing.csv", housing)
    before = list(SourceRecord.objects.values("id", "updated_at", "first_name"))
    again = load("housing.csv", housing)
    assert first.created == 10
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10)
    assert list(SourceRecord.objects.values("id", "updated_at", "first_name")) == before


def test_a_changed_row_is_updated_in_place(db):
    housing, _, _ = extracts()
    load("housing.csv", housing)
    again = load("housing.csv", housing.replace("Walsh", "Welsh"))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 9)
    assert SourceRecord.objects.get(source_id="H0").last_name == "Welsh"


def test_a_column_mapping_reads_other_headers_and_keeps_extra_columns(db):
    text = "Agency,Ref,Forename,Surname,DOB,Keyworker\nmind,M1,Ann,Lee,02/03/1980,Jo\n"
    mapping = {"agency": "source", "ref": "source_id", "forename": "first_name",
               "surname": "last_name", "dob": "date_of_birth"}  # fmt: skip
    load("mind.csv", text, mapping=mapping)
    record = SourceRecord.objects.get()
    assert (record.last_name, record.date_of_birth) == ("Lee", "1980-03-02")
    assert record.extra == {"keyworker": "Jo"}


def test_xlsx_files_import_too(db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["police", "P1", "Ann", "Lee", "1980-03-02", "F", "rv1 2ab", ""])
    path = tmp_path / "police.xlsx"
    book.save(path)
    batch = services.start_import("police.xlsx", path.read_bytes())
    while not batch.finished:
        services.import_step(batch)
    assert SourceRecord.objects.get(source="police").postcode == "RV1 2AB"


def test_a_file_that_is_not_a_spreadsheet_is_rejected_with_a_reason(db):
    batch = load("police.xlsx", "not a zip")
    assert batch.status == ImportBatch.Status.REJECTED
    assert "cannot be read" in batch.errors[0]["reason"]


@pytest.mark.parametrize(
    "row,column",
    [
        ("housing,H1,Ann\x00,Lee,1980-02-03,F,,", "first_name"),
        ("housing,H1,Ann,Lee\x1b[2J,1980-02-03,F,,", "last_name"),
        ("housing,H\x07,Ann,Lee,1980-02-03,F,,", "source_id"),
        ("hou\x00sing,H1,Ann,Lee,1980-02-03,F,,", "source"),
        ("housing,H1,Ann,Lee,1980-02-03,F,RV1 2AB\x00,", "postcode"),
        ("housing,H1,Ann,Lee,1980-02-03,F,,,Jo\x00", "keyworker"),
    ],
)
def test_a_control_character_in_any_field_is_named(db, row, column):
    batch = load("housing.csv", HEADER.strip() + ",keyworker\n" + row + "\n")
    assert batch.status == ImportBatch.Status.REJECTED
    assert [(e["row"], e["column"]) for e in batch.errors] == [(2, column)]
    assert "control character" in batch.errors[0]["reason"]
    assert not SourceRecord.objects.exists()


def test_a_source_longer_than_the_record_holds_is_named_not_cut(db):
    batch = load("housing.csv", HEADER + f"{'h' * 150},H1,Ann,Lee,1980-02-03,F,,\n")
    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.errors == [
        {"file": "housing.csv", "row": 2, "column": "source",
         "reason": "longer than 100 characters (150)"}
    ]  # fmt: skip
    assert not SourceRecord.objects.exists()


def test_a_date_of_birth_given_as_a_formula_is_refused_not_blanked(db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["police", "P1", "Ann", "Lee", "=DATE(1980,3,2)", "F", "", ""])
    sheet.append(["police", "P2", "Bob", "Ray", "1981-01-02", "M", "", ""])
    path = tmp_path / "police.xlsx"
    book.save(path)  # openpyxl never calculates: the cell has no saved value
    batch = services.start_import("police.xlsx", path.read_bytes(), mode=ImportBatch.Mode.SKIP)
    while not batch.finished:
        services.import_step(batch)
    assert [(e["row"], e["column"]) for e in batch.errors] == [(2, "date_of_birth")]
    assert "formula" in batch.errors[0]["reason"]
    assert list(SourceRecord.objects.values_list("source_id", flat=True)) == ["P2"]
