"""Export: the database as flat HSDS tables, nested HSDS JSON, or a tabular datapackage."""

import json
import uuid
from datetime import date, time
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from joinedup.directory import hsds
from joinedup.directory.interchange.tables import EXTENSIONS, REFERENCES, TABLES
from joinedup.directory.models import (
    Locality,
    Location,
    Organisation,
    OrganisationLink,
    Service,
    Taxonomy,
)
from joinedup.exports import CsvDictWriter


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
            writer = CsvDictWriter(handle, fieldnames=fields)
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
