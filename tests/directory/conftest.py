"""A small directory with every HSDS object filled in, and validation against HSDS schemas."""

import json
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from joinedup.directory import services
from joinedup.directory.models import (
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Locality,
    Location,
    Organisation,
    Phone,
    Program,
    Schedule,
    Service,
    ServiceAtLocation,
)

SCHEMAS = Path(__file__).parent / "schemas"
REGISTRY = Registry().with_resources(
    (path.name, Resource.from_contents(json.loads(path.read_text())))
    for path in SCHEMAS.glob("*.json")
)


def validate(instance, schema_name):
    """Raise if `instance` breaks the HSDS schema `schema_name` (e.g. "service")."""
    schema = json.loads((SCHEMAS / f"{schema_name}.json").read_text())
    validator = Draft202012Validator(schema, registry=REGISTRY, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def validate_page(body, item_schema):
    validate(body, "page")
    for item in body["contents"]:
        validate(item, item_schema)


def build_directory(n_services=1, prefix=""):
    """An organisation with `n_services` services, each at a location with an address,
    phones, a contact, a schedule, funding, a cost option and needs terms."""
    terms = services.ensure_taxonomies()
    quayside, _ = Locality.objects.get_or_create(
        code="RV01",
        defaults={
            "name": "Quayside",
            "population": 9800,
            "deprivation_decile": 1,
            "postcode_district": "RV1",
        },
    )
    org = Organisation.objects.create(
        name=f"{prefix}Harbour Hostel",
        kind="housing_provider",
        sector="social",
        description="A supported hostel.",
        email="hello@harbour.example.org",
        website="https://harbour.example.org",
        locality=quayside,
    )
    Funding.objects.create(organisation=org, source="Council housing-related support grant")
    program = Program.objects.create(organisation=org, name="Move on", description="Move-on help")
    place = Location.objects.create(
        organisation=org,
        name=f"{prefix}Harbour House",
        latitude=51.5,
        longitude=-0.12,
        locality=quayside,
        description="On the quay",
    )
    Address.objects.create(
        location=place,
        address_1="1 Quay Street",
        city="Riverside",
        state_province="Riverside",
        postal_code="RV1 2AB",
        country="GB",
    )
    Phone.objects.create(location=place, number="01632 960001", type="voice")
    made = []
    for i in range(n_services):
        service = Service.objects.create(
            organisation=org,
            program=program,
            name=f"{prefix}Supported hostel {i}",
            description="Beds and key work",
            locality=quayside,
            minimum_age=18,
            eligibility_description="Adults with nowhere to stay",
        )
        services.set_terms(service, services.NEEDS, ["homelessness"])
        Attribute.objects.create(
            service=service,
            link_entity="service",
            taxonomy_term=terms[services.ASSETS]["place"],
        )
        sal = ServiceAtLocation.objects.create(service=service, location=place)
        Schedule.objects.create(
            service=service,
            freq="WEEKLY",
            byday="MO,TU,WE,TH,FR",
            opens_at=time(9),
            closes_at=time(17),
            valid_from=date(2026, 1, 1),
            description="Weekdays",
        )
        Schedule.objects.create(service_at_location=sal, freq="WEEKLY", byday="SA")
        contact = Contact.objects.create(service=service, name="Duty worker", title="Key worker")
        Phone.objects.create(contact=contact, number="01632 960002")
        Phone.objects.create(service=service, number="01632 960003", extension=12)
        CostOption.objects.create(
            service=service,
            option="Service charge",
            amount=Decimal("12.50"),
            amount_description="per week",
        )
        Funding.objects.create(service=service, source="Rough sleeping initiative")
        made.append(service)
    return org, made


@pytest.fixture
def directory(db):
    return build_directory(n_services=2)
