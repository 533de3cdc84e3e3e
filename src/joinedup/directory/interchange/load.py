"""Import: HSDS JSON or a datapackage flattened into tables, loaded in one transaction."""

import csv
import json
import math
import re
import uuid
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from joinedup.directory.interchange.tables import EXTENSIONS, REFERENCES, TABLES, ImportProblem
from joinedup.directory.models import (
    Attribute,
    Locality,
    Location,
    Organisation,
    OrganisationLink,
    Service,
    TaxonomyTerm,
)
from joinedup.directory.services import sync_domains
from joinedup.exports import restore_cell

#: Nested HSDS objects: parent kind -> {key: (table, the child's field naming the parent)}.
#: A field of None marks a single nested object (the parent names it instead).
NESTED = {
    "organizations": {
        "funding": ("funding", "organization_id"),
        "contacts": ("contacts", "organization_id"),
        "phones": ("phones", "organization_id"),
        "locations": ("locations", "organization_id"),
        "programs": ("programs", "organization_id"),
        "attributes": ("attributes", "link_id"),
        "services": ("services", "organization_id"),
    },
    "services": {
        "organization": ("organizations", None),
        "program": ("programs", None),
        "phones": ("phones", "service_id"),
        "schedules": ("schedules", "service_id"),
        "service_at_locations": ("service_at_locations", "service_id"),
        "funding": ("funding", "service_id"),
        "cost_options": ("cost_options", "service_id"),
        "contacts": ("contacts", "service_id"),
        "attributes": ("attributes", "link_id"),
    },
    "service_at_locations": {
        "location": ("locations", None),
        "service": ("services", None),
        "contacts": ("contacts", "service_at_location_id"),
        "phones": ("phones", "service_at_location_id"),
        "schedules": ("schedules", "service_at_location_id"),
    },
    "locations": {
        "addresses": ("addresses", "location_id"),
        "contacts": ("contacts", "location_id"),
        "phones": ("phones", "location_id"),
        "schedules": ("schedules", "location_id"),
        "attributes": ("attributes", "link_id"),
    },
    "contacts": {"phones": ("phones", "contact_id")},
    "attributes": {"taxonomy_term": ("taxonomy_terms", None)},
    "taxonomy_terms": {"taxonomy_detail": ("taxonomies", None)},
}
ENTITY = {"services": "service", "organizations": "organization", "locations": "location"}
#: The single nested object's id goes into the parent's field of this name.
SINGLE_ID = {
    "organization": "organization_id",
    "program": "program_id",
    "location": "location_id",
    "service": "service_id",
    "taxonomy_term": "taxonomy_term_id",
    "taxonomy_detail": "taxonomy_id",
}


def flatten(document: dict) -> dict[str, list[dict]]:
    """Nested HSDS JSON (a document as `export_json` writes, a list of services, or one
    service) into tables; objects met more than once are merged by id."""
    found: dict[str, dict[str, dict]] = {name: {} for name in TABLES}

    def visit(table, obj, where):
        if not isinstance(obj, dict) or "id" not in obj:
            raise ImportProblem(f"{where}: each {table} object needs an id")
        row = {}
        for key, value in obj.items():
            child = NESTED.get(table, {}).get(key)
            if child and child[1] is None:
                if value:
                    visit(child[0], value, f"{where}.{key}")
                    row[SINGLE_ID[key]] = value["id"]
            elif child:
                for i, item in enumerate(value or []):
                    if isinstance(item, dict) and child[1] not in item:
                        item = {**item, child[1]: obj["id"]}
                        if child[0] == "attributes":
                            item.setdefault("link_entity", ENTITY[table])
                    visit(child[0], item, f"{where}.{key}[{i}]")
            elif not isinstance(value, list | dict):
                row[key] = value
        merged = found[table].setdefault(str(obj["id"]), {})
        merged.update({k: v for k, v in row.items() if v not in (None, "")})

    if isinstance(document, list):
        document = {"services": document}
    elif "organizations" not in document and "services" not in document and "id" in document:
        document = {"services": [document]}
    for table in ("taxonomies", "taxonomy_terms", "organizations", "services"):
        for i, obj in enumerate(document.get(table, [])):
            visit(table, obj, f"{table}[{i}]")
    tables = {name: list(rows.values()) for name, rows in found.items()}
    for name in EXTENSIONS:
        tables[name] = document.get("x_joinedup", {}).get(name, [])
    return tables


def _not_utf8(path, error: UnicodeDecodeError) -> ImportProblem:
    return ImportProblem(
        f"{path}: not UTF-8 text (byte 0x{error.object[error.start]:02x} at position "
        f"{error.start} is not UTF-8, perhaps Latin-1 or Windows-1252): save it as UTF-8 "
        "and import it again"
    )


def read_json(path: Path) -> dict[str, list[dict]]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise _not_utf8(path, error) from None
    except json.JSONDecodeError as error:
        raise ImportProblem(f"{path}: not JSON ({error.msg} at line {error.lineno})") from None
    return flatten(document)


def read_datapackage(folder: Path) -> dict[str, list[dict]]:
    folder = Path(folder)
    if not (folder / "datapackage.json").exists():
        raise ImportProblem(f"{folder}: no datapackage.json")
    tables = {}
    for name in [*TABLES, *EXTENSIONS]:
        path = folder / f"{name}.csv"
        if not path.exists():
            tables[name] = []
            continue
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                tables[name] = [
                    {k: restore_cell(v) for k, v in row.items() if k and v not in (None, "")}
                    for row in csv.DictReader(handle)
                ]
        except UnicodeDecodeError as error:
            raise _not_utf8(path, error) from None
    return tables


#: Numbers that only make sense within a range: a place on the Earth.
RANGES = {"latitude": (-90, 90), "longitude": (-180, 180)}
#: A name that is only a number (a spreadsheet's row number or id in the wrong column).
ONLY_A_NUMBER = re.compile(r"[+-]?[0-9.,\s]+")


def _check(name, field, raw) -> None:
    """What `_value` cannot see from the field alone: text given as a JSON number, a name
    that is only a number, and a coordinate off the Earth."""
    if raw in (None, ""):
        return
    if isinstance(field, models.CharField | models.TextField):
        number = isinstance(raw, int | float) and not isinstance(raw, bool)
        if name == "name" and (
            number or isinstance(raw, str) and ONLY_A_NUMBER.fullmatch(raw) and raw.strip(" .,")
        ):
            raise ValueError(f"{raw!r} is only a number; give the name in words")
        if not isinstance(raw, str):
            raise ValueError(f"must be text, not {raw!r}")
    if name in RANGES:
        low, high = RANGES[name]
        try:
            number = float(str(raw))
        except ValueError:
            return  # `_value` names it
        if math.isfinite(number) and not low <= number <= high:
            raise ValueError(f"{raw!r} is not between {low} and {high}")


def _value(field, raw):
    if raw in (None, ""):
        return (
            None
            if field.null
            else ("" if isinstance(field, models.CharField | models.TextField) else None)
        )
    text = str(raw).strip()
    if isinstance(field, models.DateField):
        return date.fromisoformat(text)
    if isinstance(field, models.TimeField):
        return time.fromisoformat(text.removesuffix("Z"))
    if isinstance(field, models.FloatField):
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
        if not math.isfinite(number):
            raise ValueError(f"{text!r} is not a number")
        return number
    if isinstance(field, models.DecimalField):
        number = Decimal(text)
        if not number.is_finite():
            raise ValueError(f"{text!r} is not a number")
        return number
    if isinstance(field, models.IntegerField):
        number = float(text)
        if not number.is_integer():
            raise ValueError(f"{text!r} is not a whole number")
        return int(number)
    if isinstance(field, models.BooleanField):
        return text.lower() in ("true", "1", "yes")
    if isinstance(field, models.UUIDField):
        return uuid.UUID(text)
    return text


class Loader:
    """Loads tables into the database; call inside a transaction."""

    def __init__(self, tables, label):
        self.tables = tables
        self.label = label  # "csv" names rows by line, "json" by id
        self.localities = {}
        self.counts = {}

    def where(self, table, i, row):
        if self.label == "csv":
            return f"{table}.csv row {i + 2}"
        return f"{table} {row.get('id', i + 1)}"

    def resolve(self, name, raw, where):
        field, model, key = REFERENCES[name]
        try:
            return model.objects.get(**{key: uuid.UUID(str(raw))})
        except (ValueError, model.DoesNotExist):
            raise ImportProblem(f"{where}: {name}: no {model.__name__.lower()} {raw}") from None

    def load(self) -> dict[str, int]:
        for i, row in enumerate(self.tables.get("x_localities", [])):
            self.load_locality(row, self.where("x_localities", i, row))
        extra = {r["id"]: r for r in self.tables.get("x_organisations", []) if "id" in r}
        places = {
            **{r["id"]: r.get("locality") for r in self.tables.get("x_services", [])},
            **{r["id"]: r.get("locality") for r in self.tables.get("x_locations", [])},
        }
        parents = []
        for table, (model, fields) in TABLES.items():
            for i, row in enumerate(self.tables.get(table, [])):
                where = self.where(table, i, row)
                row = dict(row)
                if table == "taxonomy_terms" and row.get("parent_id"):
                    parents.append((row.pop("parent_id"), row["id"], where))
                self.load_row(table, model, fields, row, where, extra, places)
            self.counts[table] = len(self.tables.get(table, []))
        for parent_id, term_id, where in parents:
            parent = self.resolve("parent_id", parent_id, where)
            TaxonomyTerm.objects.filter(pk=term_id).update(parent=parent)
        for i, row in enumerate(self.tables.get("x_organisation_links", [])):
            self.load_link(row, self.where("x_organisation_links", i, row))
        for service in Service.objects.all():
            sync_domains(service)
        return self.counts

    def load_locality(self, row, where):
        try:
            locality, _ = Locality.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "population": int(row.get("population") or 0),
                    "deprivation_decile": int(row.get("deprivation_decile") or 5),
                    "postcode_district": row.get("postcode_district", ""),
                },
            )
        except (KeyError, ValueError) as error:
            raise ImportProblem(f"{where}: {error}") from None
        self.localities[locality.code] = locality

    def locality(self, code, where):
        if not code:
            return None
        if code not in self.localities:
            found = Locality.objects.filter(code=code).first()
            if not found:
                raise ImportProblem(f"{where}: locality: no ward with code {code}")
            self.localities[code] = found
        return self.localities[code]

    def load_row(self, table, model, fields, row, where, extra, places):
        if "id" not in row:
            raise ImportProblem(f"{where}: id: missing")
        key = "hsds_id" if model in (Organisation, Service) else "pk"
        try:
            ident = uuid.UUID(str(row["id"]))
        except ValueError:
            raise ImportProblem(f"{where}: id: {row['id']!r} is not a UUID") from None
        obj = model.objects.filter(**{key: ident}).first() or model(**{key: ident})
        if model is Organisation and obj.pk is None:
            clash = Organisation.objects.filter(name=row.get("name")).first()
            if clash:
                raise ImportProblem(
                    f"{where}: name: {clash.name} is already in the directory with another id"
                    f" ({clash.hsds_id})"
                )
        for name in fields:
            if name in ("id", "link_id", "last_modified"):
                continue
            if name in REFERENCES:
                field_name = REFERENCES[name][0]
                value = self.resolve(name, row[name], where) if row.get(name) else None
                setattr(obj, field_name, value)
                continue
            field = model._meta.get_field(name)
            try:
                _check(name, field, row.get(name))
                setattr(obj, name, _value(field, row.get(name)))
            except (ValueError, InvalidOperation) as error:
                raise ImportProblem(f"{where}: {name}: {error}") from None
        if model is Attribute:
            self.link_attribute(obj, row, where)
        if model is Organisation:
            more = extra.get(str(ident), {})
            obj.kind = more.get("kind") or obj.kind or Organisation.Kind.OTHER
            obj.sector = more.get("sector") or obj.sector or Organisation.Sector.SOCIAL
            obj.commissions = str(more.get("commissions", "false")).lower() == "true"
            obj.locality = self.locality(more.get("locality"), where)
        if model in (Service, Location):
            obj.locality = self.locality(places.get(str(ident)), where)
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            hsds_name = {"organisation": "organization_id", "hsds_id": "id"}.get(field, field)
            raise ImportProblem(f"{where}: {hsds_name}: {' '.join(messages)}") from None
        obj.save()
        if row.get("last_modified"):
            # Kept as the source said, not the time of this import (`auto_now` would be).
            try:
                when = datetime.fromisoformat(str(row["last_modified"]).replace("Z", "+00:00"))
            except ValueError:
                raise ImportProblem(f"{where}: last_modified: not a date-time") from None
            model.objects.filter(pk=obj.pk).update(updated_at=when)

    def link_attribute(self, obj, row, where):
        entity = row.get("link_entity")
        targets = {
            "service": "service_id",
            "organization": "organization_id",
            "location": "location_id",
        }
        if entity not in targets:
            raise ImportProblem(
                f"{where}: link_entity: must be service, organization or location, not {entity!r}"
            )
        if not row.get("link_id"):
            raise ImportProblem(f"{where}: link_id: missing")
        obj.service = obj.organisation = obj.location = None
        target = self.resolve(targets[entity], row["link_id"], where)
        setattr(obj, REFERENCES[targets[entity]][0], target)

    def load_link(self, row, where):
        a = self.resolve("organization_id", row.get("organisation_a", ""), where)
        b = self.resolve("organization_id", row.get("organisation_b", ""), where)
        if row.get("kind") not in OrganisationLink.Kind.values:
            raise ImportProblem(f"{where}: kind: {row.get('kind')!r} is not a kind of link")
        OrganisationLink.objects.update_or_create(
            organisation_a=a,
            organisation_b=b,
            kind=row["kind"],
            defaults={
                "started": _value(OrganisationLink._meta.get_field("started"), row.get("started")),
                "ended": _value(OrganisationLink._meta.get_field("ended"), row.get("ended")),
                "note": row.get("note", ""),
            },
        )


def load_tables(tables, label="json") -> dict[str, int]:
    try:
        with transaction.atomic():
            return Loader(tables, label).load()
    except IntegrityError as error:  # a clash the checks above did not foresee
        raise ImportProblem(f"the data contradicts itself or the directory: {error}") from None


def import_path(path: Path) -> dict[str, int]:
    """A .json file or a datapackage folder (or its datapackage.json)."""
    path = Path(path)
    if path.is_dir() or path.name == "datapackage.json":
        folder = path if path.is_dir() else path.parent
        return load_tables(read_datapackage(folder), "csv")
    if not path.exists():
        raise ImportProblem(f"{path}: no such file")
    return load_tables(read_json(path), "json")
