"""HSDS import and export: nested HSDS JSON and the tabular datapackage (CSV + datapackage.json).

Both go through one flat form, `tables`: the HSDS table name to a list of rows keyed by the
specification's field names (ids as UUID strings). Export builds the tables from the database;
the JSON export nests them as HSDS objects (organizations with their full services); import
flattens either file back into tables and loads them in one transaction, upserting by id, so
a second import of the same file changes nothing. A bad value stops the import with a message
naming the table, the row and the field; nothing is half-written.

What HSDS has no field for (an organisation's kind, sector and ward; the wards themselves; the
links between organisations) travels beside it in tables named `x_...` (in the JSON, under
`x_joinedup`), so our own export round-trips without loss.
"""

import csv
import json
import uuid
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction

from joinedup.directory import hsds
from joinedup.directory.models import (
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Locality,
    Location,
    Organisation,
    OrganisationLink,
    Phone,
    Program,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from joinedup.directory.services import sync_domains


class ImportProblem(ValueError):
    """Bad input: the message names where (table and row) and why."""


#: HSDS foreign keys: field name -> (our field, model, the model's field holding the HSDS id).
REFERENCES = {
    "organization_id": ("organisation", Organisation, "hsds_id"),
    "service_id": ("service", Service, "hsds_id"),
    "program_id": ("program", Program, "pk"),
    "location_id": ("location", Location, "pk"),
    "contact_id": ("contact", Contact, "pk"),
    "service_at_location_id": ("service_at_location", ServiceAtLocation, "pk"),
    "taxonomy_id": ("taxonomy", Taxonomy, "pk"),
    "parent_id": ("parent", TaxonomyTerm, "pk"),
    "taxonomy_term_id": ("taxonomy_term", TaxonomyTerm, "pk"),
}

#: Load order (parents first) and each table's fields, in the specification's order.
TABLES = {
    "taxonomies": (Taxonomy, ["id", "name", "description", "uri", "version"]),
    "taxonomy_terms": (
        TaxonomyTerm,
        ["id", "code", "name", "description", "parent_id", "taxonomy_id", "language", "term_uri"],
    ),
    "organizations": (
        Organisation,
        [
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "year_incorporated",
            "legal_status",
        ],
    ),
    "programs": (Program, ["id", "organization_id", "name", "alternate_name", "description"]),
    "services": (
        Service,
        [
            "id",
            "organization_id",
            "program_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "interpretation_services",
            "application_process",
            "fees_description",
            "accreditations",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "assurer_email",
            "alert",
            "last_modified",
        ],
    ),
    "locations": (
        Location,
        [
            "id",
            "location_type",
            "url",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "external_identifier",
            "external_identifier_type",
        ],
    ),
    "service_at_locations": (ServiceAtLocation, ["id", "service_id", "location_id", "description"]),
    "addresses": (
        Address,
        [
            "id",
            "location_id",
            "attention",
            "address_1",
            "address_2",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ],
    ),
    "contacts": (
        Contact,
        [
            "id",
            "organization_id",
            "service_id",
            "service_at_location_id",
            "location_id",
            "name",
            "title",
            "department",
            "email",
        ],
    ),
    "phones": (
        Phone,
        [
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "contact_id",
            "service_at_location_id",
            "number",
            "extension",
            "type",
            "description",
        ],
    ),
    "schedules": (
        Schedule,
        [
            "id",
            "service_id",
            "location_id",
            "service_at_location_id",
            "valid_from",
            "valid_to",
            "dtstart",
            "timezone",
            "until",
            "count",
            "wkst",
            "freq",
            "interval",
            "byday",
            "byweekno",
            "bymonthday",
            "byyearday",
            "description",
            "opens_at",
            "closes_at",
            "schedule_link",
            "attending_type",
            "notes",
        ],
    ),
    "cost_options": (
        CostOption,
        [
            "id",
            "service_id",
            "valid_from",
            "valid_to",
            "option",
            "currency",
            "amount",
            "amount_description",
        ],
    ),
    "funding": (Funding, ["id", "organization_id", "service_id", "source"]),
    "attributes": (
        Attribute,
        ["id", "link_id", "link_entity", "taxonomy_term_id", "link_type", "value", "label"],
    ),
}

#: Ours, beside HSDS.
EXTENSIONS = {
    "x_localities": ["code", "name", "population", "deprivation_decile", "postcode_district"],
    "x_organisations": ["id", "kind", "sector", "commissions", "locality"],
    "x_services": ["id", "locality"],
    "x_locations": ["id", "locality"],
    "x_organisation_links": [
        "organisation_a",
        "organisation_b",
        "kind",
        "started",
        "ended",
        "note",
    ],
}


# -- export -----------------------------------------------------------------------------------


def _out(value):
    if isinstance(value, models.Model):
        return str(getattr(value, "hsds_id", value.pk))
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M") if not value.second else value.isoformat()
    if isinstance(value, Decimal):
        return hsds._number(value)
    return value


def _row(obj, fields) -> dict:
    row = {}
    for name in fields:
        if name == "id":
            value = getattr(obj, "hsds_id", obj.pk)
        elif name == "link_id":
            value = obj.link_id
        elif name == "last_modified":
            value = obj.updated_at.isoformat()
        elif name in REFERENCES:
            field, _, key = REFERENCES[name]
            # Ids kept as primary keys need no query; organisations and services do.
            value = getattr(obj, f"{field}_id" if key == "pk" else field)
        else:
            value = getattr(obj, name)
        value = _out(value)
        if value not in (None, ""):
            row[name] = value
    return row


def dump_tables() -> dict[str, list[dict]]:
    """Every directory object as flat HSDS rows, plus our extension tables."""
    tables = {}
    related = {
        "services": ["organisation", "program"],
        "programs": ["organisation"],
        "locations": ["organisation"],
        "service_at_locations": ["service"],
        "contacts": ["organisation", "service"],
        "phones": ["organisation", "service"],
        "schedules": ["service"],
        "cost_options": ["service"],
        "funding": ["organisation", "service"],
        "attributes": ["service", "organisation", "location"],
    }
    for name, (model, fields) in TABLES.items():
        queryset = model.objects.select_related(*related.get(name, [])).order_by("pk")
        tables[name] = [_row(obj, fields) for obj in queryset]
    tables["x_localities"] = [
        _row(loc, EXTENSIONS["x_localities"]) for loc in Locality.objects.order_by("code")
    ]
    tables["x_organisations"] = [
        {
            "id": str(o.hsds_id),
            "kind": o.kind,
            "sector": o.sector,
            "commissions": "true" if o.commissions else "false",
            **({"locality": o.locality.code} if o.locality else {}),
        }
        for o in Organisation.objects.select_related("locality").order_by("pk")
    ]
    tables["x_services"] = [
        {"id": str(s.hsds_id), "locality": s.locality.code}
        for s in Service.objects.select_related("locality")
        .filter(locality__isnull=False)
        .order_by("pk")
    ]
    tables["x_locations"] = [
        {"id": str(loc.id), "locality": loc.locality.code}
        for loc in Location.objects.select_related("locality")
        .filter(locality__isnull=False)
        .order_by("pk")
    ]
    tables["x_organisation_links"] = [
        _row(link, EXTENSIONS["x_organisation_links"])
        for link in OrganisationLink.objects.select_related(
            "organisation_a", "organisation_b"
        ).order_by("organisation_a__name", "organisation_b__name", "kind")
    ]
    return tables


def export_json() -> dict:
    """One HSDS JSON document: taxonomies and terms, then organisations with full services."""
    organisations = hsds.organisations_full(full_service=True).order_by("name")
    tables = dump_tables()
    return {
        "version": hsds.VERSION,
        "taxonomies": [hsds.taxonomy(t) for t in Taxonomy.objects.order_by("name", "pk")],
        "taxonomy_terms": [hsds.taxonomy_term(t) for t in hsds.terms().order_by("name", "pk")],
        "organizations": [hsds.organisation_full(o, full_service=True) for o in organisations],
        "x_joinedup": {name: tables[name] for name in EXTENSIONS},
    }


def write_json(path: Path) -> None:
    Path(path).write_text(json.dumps(export_json(), indent=2, ensure_ascii=False) + "\n")


def _field_type(model, name) -> dict:
    """The Frictionless Table Schema type of one column."""
    if name in ("id", "link_id") or name in REFERENCES:
        return {"type": "string", "format": "uuid"}
    if name == "last_modified":
        return {"type": "datetime"}
    if model is None:
        return {"type": "string"}
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return {"type": "string"}
    for kind, schema in [
        (models.EmailField, {"type": "string", "format": "email"}),
        (models.URLField, {"type": "string", "format": "uri"}),
        (models.BooleanField, {"type": "boolean"}),
        (models.DateField, {"type": "date"}),
        (models.TimeField, {"type": "time"}),
        (models.IntegerField, {"type": "integer"}),
        (models.FloatField, {"type": "number"}),
        (models.DecimalField, {"type": "number"}),
    ]:
        if isinstance(field, kind):
            return schema
    return {"type": "string"}


def _table_schema(name, fields) -> dict:
    model = TABLES[name][0] if name in TABLES else None
    schema = {"fields": [{"name": f, **_field_type(model, f)} for f in fields]}
    if "id" in fields:
        schema["primaryKey"] = "id"
    return schema


def write_datapackage(folder: Path) -> None:
    """One CSV per table and a datapackage.json describing them (Frictionless tabular)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables = dump_tables()
    resources = []
    for name, rows in tables.items():
        fields = TABLES[name][1] if name in TABLES else EXTENSIONS[name]
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "schema": _table_schema(name, fields),
            }
        )
    package = {
        "name": "joinedup-directory",
        "title": "Service directory (Open Referral HSDS 3, UK profile)",
        "profile": "tabular-data-package",
        "version": hsds.VERSION,
        "resources": resources,
    }
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2) + "\n")


# -- import -----------------------------------------------------------------------------------

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


def read_json(path: Path) -> dict[str, list[dict]]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
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
        with open(path, newline="", encoding="utf-8-sig") as handle:
            tables[name] = [
                {k: v for k, v in row.items() if k and v not in (None, "")}
                for row in csv.DictReader(handle)
            ]
    return tables


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
        return float(text)
    if isinstance(field, models.DecimalField):
        return Decimal(text)
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
