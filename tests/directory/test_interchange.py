"""HSDS JSON and datapackage: export, import into an empty directory, export again: equal."""

import json

import pytest
from django.core.management import CommandError, call_command

from joinedup.directory import interchange, services
from joinedup.directory.models import (
    Locality,
    Organisation,
    OrganisationLink,
    Service,
    Taxonomy,
)
from tests.directory.conftest import build_directory, validate

pytestmark = pytest.mark.django_db


def empty_the_directory():
    OrganisationLink.objects.all().delete()
    Organisation.objects.all().delete()
    Taxonomy.objects.all().delete()
    Locality.objects.all().delete()
    assert not Service.objects.exists()


@pytest.fixture
def full_directory(db):
    org, made = build_directory(n_services=2)
    other, _ = build_directory(n_services=1, prefix="Other ")
    OrganisationLink.objects.create(organisation_a=org, organisation_b=other, kind="consortium")
    return org


def test_json_round_trips_without_loss(tmp_path, full_directory):
    first = tmp_path / "first.json"
    call_command("hsds_export", str(first))
    empty_the_directory()
    call_command("hsds_import", str(first))
    second = tmp_path / "second.json"
    call_command("hsds_export", str(second))
    assert json.loads(first.read_text()) == json.loads(second.read_text())
    service = Service.objects.get(name="Supported hostel 0")
    assert service.domains == ["homelessness"]
    assert service.locality.code == "RV01"
    assert OrganisationLink.objects.get().kind == "consortium"


def test_the_json_nests_valid_hsds_objects(tmp_path, full_directory):
    document = interchange.export_json()
    for organisation in document["organizations"]:
        validate(organisation, "organization")
    assert document["organizations"][0]["services"][0]["service_at_locations"]


def test_the_datapackage_round_trips_without_loss(tmp_path, full_directory):
    before = interchange.export_json()
    call_command("hsds_export", str(tmp_path / "pkg"), format="datapackage")
    package = json.loads((tmp_path / "pkg" / "datapackage.json").read_text())
    assert {r["path"] for r in package["resources"]} >= {"services.csv", "organizations.csv"}
    services_schema = next(r for r in package["resources"] if r["name"] == "services")["schema"]
    types = {f["name"]: f["type"] for f in services_schema["fields"]}
    assert (types["minimum_age"], types["assured_date"], types["name"]) == (
        "integer",
        "date",
        "string",
    )
    assert services_schema["primaryKey"] == "id"
    empty_the_directory()
    call_command("hsds_import", str(tmp_path / "pkg"))
    assert interchange.export_json() == before


def test_importing_twice_changes_nothing(tmp_path, full_directory):
    path = tmp_path / "d.json"
    interchange.write_json(path)
    counts = (Organisation.objects.count(), Service.objects.count())
    interchange.import_path(path)
    interchange.import_path(path)
    assert (Organisation.objects.count(), Service.objects.count()) == counts


def test_a_plain_list_of_services_imports(tmp_path, full_directory):
    document = interchange.export_json()
    services_only = document["organizations"][0]["services"]
    for s in services_only:
        s["organization"] = {
            k: v for k, v in document["organizations"][0].items() if k != "services"
        }
    empty_the_directory()
    path = tmp_path / "list.json"
    path.write_text(json.dumps(services_only))
    interchange.import_path(path)
    assert Service.objects.count() == 2
    assert Organisation.objects.get().kind == "other"  # HSDS has no kind: the default


def test_a_bad_row_names_the_table_row_and_field_and_imports_nothing(tmp_path, full_directory):
    interchange.write_datapackage(tmp_path / "pkg")
    services_csv = tmp_path / "pkg" / "services.csv"
    lines = services_csv.read_text().splitlines()
    header = lines[0].split(",")
    cells = next(iter(__import__("csv").reader([lines[2]])))
    cells[header.index("minimum_age")] = "eighteen"
    import csv as _csv
    import io

    buffer = io.StringIO()
    _csv.writer(buffer).writerow(cells)
    lines[2] = buffer.getvalue().strip()
    services_csv.write_text("\n".join(lines) + "\n")
    empty_the_directory()
    with pytest.raises(CommandError) as error:
        call_command("hsds_import", str(tmp_path / "pkg"))
    assert "services.csv row 3: minimum_age" in str(error.value)
    assert not Organisation.objects.exists()
    assert not Taxonomy.objects.filter(name=services.NEEDS).exists()


def test_an_unknown_reference_is_named(tmp_path, full_directory):
    document = interchange.export_json()
    document["organizations"][0]["services"][0]["program_id"] = (
        "00000000-0000-0000-0000-000000000001"
    )
    document["organizations"][0]["services"][0].pop("program", None)
    path = tmp_path / "d.json"
    path.write_text(json.dumps(document))
    empty_the_directory()
    with pytest.raises(interchange.ImportProblem, match="program_id: no program"):
        interchange.import_path(path)


def test_an_organisation_already_listed_under_another_id_is_named(tmp_path, full_directory):
    document = interchange.export_json()
    document["organizations"][0]["id"] = "00000000-0000-0000-0000-000000000002"
    for service in document["organizations"][0]["services"]:
        service["organization_id"] = "00000000-0000-0000-0000-000000000002"
    path = tmp_path / "d.json"
    path.write_text(json.dumps(document))
    with pytest.raises(interchange.ImportProblem, match="already in the directory"):
        interchange.import_path(path)


def test_bad_files_are_refused_with_a_reason(tmp_path, db):
    (tmp_path / "bad.json").write_text("{bad")
    with pytest.raises(interchange.ImportProblem, match="not JSON"):
        interchange.import_path(tmp_path / "bad.json")
    with pytest.raises(interchange.ImportProblem, match="no such file"):
        interchange.import_path(tmp_path / "missing.json")
    (tmp_path / "pkg").mkdir()
    with pytest.raises(interchange.ImportProblem, match="no datapackage.json"):
        interchange.import_path(tmp_path / "pkg")


def set_cell(pkg, table, column, value, row=0):
    """Change one cell of a datapackage's CSV; answers the row's line in the file."""
    import csv as _csv

    path = pkg / f"{table}.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(_csv.DictReader(handle))
    rows[row][column] = value
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = _csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return row + 2


def test_a_file_that_is_not_utf8_is_named_without_a_traceback(tmp_path, full_directory):
    document = interchange.export_json()
    document["organizations"][0]["description"] = "Café on the corner"
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(document, ensure_ascii=False).encode("latin-1"))
    interchange.write_datapackage(tmp_path / "pkg")
    set_cell(tmp_path / "pkg", "organizations", "description", "Café on the corner")
    csv_path = tmp_path / "pkg" / "organizations.csv"
    csv_path.write_bytes(csv_path.read_text(encoding="utf-8").encode("latin-1"))
    empty_the_directory()
    for source, named in [(path, path), (tmp_path / "pkg", csv_path)]:
        with pytest.raises(CommandError) as error:
            call_command("hsds_import", str(source))
        assert f"{named}: not UTF-8 text" in str(error.value)
        assert "save it as UTF-8" in str(error.value)
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("name", [12345, "12345", " 42 ", 3.5])
def test_a_name_that_is_only_a_number_is_refused(tmp_path, full_directory, name):
    document = interchange.export_json()
    service = document["organizations"][0]["services"][0]
    service["name"] = name
    path = tmp_path / "d.json"
    path.write_text(json.dumps(document))
    empty_the_directory()
    with pytest.raises(interchange.ImportProblem) as error:
        interchange.import_path(path)
    assert f"services {service['id']}: name: " in str(error.value)
    assert "only a number" in str(error.value)
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    "column,value,reason",
    [
        ("latitude", "NaN", "not a number"),
        ("latitude", "inf", "not a number"),
        ("longitude", "-Infinity", "not a number"),
        ("latitude", "91", "between -90 and 90"),
        ("longitude", "180.5", "between -180 and 180"),
    ],
)
def test_a_latitude_or_longitude_that_is_not_a_place_is_refused(
    tmp_path, full_directory, column, value, reason
):
    interchange.write_datapackage(tmp_path / "pkg")
    line = set_cell(tmp_path / "pkg", "locations", column, value)
    empty_the_directory()
    with pytest.raises(interchange.ImportProblem) as error:
        interchange.import_path(tmp_path / "pkg")
    assert f"locations.csv row {line}: {column}: " in str(error.value)
    assert reason in str(error.value)
    assert not Organisation.objects.exists()


def test_the_datapackage_writes_formulas_as_text_and_reads_them_back(tmp_path, full_directory):
    full_directory.name = '=HYPERLINK("http://evil.example","Riverside")'
    full_directory.description = "+44 is how callers from abroad dial us"
    full_directory.save()
    before = interchange.export_json()
    interchange.write_datapackage(tmp_path / "pkg")
    text = (tmp_path / "pkg" / "organizations.csv").read_text()
    assert "'=HYPERLINK(" in text and "'+44 is how" in text
    empty_the_directory()
    interchange.import_path(tmp_path / "pkg")
    assert interchange.export_json() == before
