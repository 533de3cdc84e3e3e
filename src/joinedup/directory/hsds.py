"""The directory as HSDS 3 JSON: one function per object, shaped as the specification's schemas.

Every id is the object's UUID as a string. Optional fields that are blank are left out rather
than sent as null or "" (the schemas type them as strings, numbers or URIs, none nullable);
fields the schemas require are always there. Arrays are always there, empty if need be.
The querysets that feed these (prefetching every nested object) are in `hsds_querysets.py`,
named here too so that callers need only `hsds`.
"""

from joinedup.directory.hsds_querysets import (  # noqa: F401  (re-exported)
    organisations_full,
    service_at_locations_full,
    services_full,
    services_list,
    terms,
)
from joinedup.directory.models import (
    Attribute,
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

#: What the API root answers: the UK profile of HSDS 3.0.
VERSION = "HSDS-UK-3.0"
PROFILE = "https://github.com/openreferraluk/uk-profile"
OPENAPI = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"


def _pruned(data: dict, required: tuple = ()) -> dict:
    """Drop blank optional fields; keep required ones (as "" when blank) and every array."""
    out = {}
    for key, value in data.items():
        if key in required:
            out[key] = "" if value is None else value
        elif isinstance(value, list) or value not in (None, ""):
            out[key] = value
    return out


def _id(value) -> str | None:
    return str(value) if value else None


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _number(value):
    """Decimals and whole floats as JSON numbers (ints when whole)."""
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


# -- objects --------------------------------------------------------------------------------


def taxonomy(t: Taxonomy) -> dict:
    return _pruned(
        {
            "id": str(t.id),
            "name": t.name,
            "description": t.description,
            "uri": t.uri,
            "version": t.version,
            "metadata": [],
        },
        required=("id", "name", "description"),
    )


def taxonomy_term(term: TaxonomyTerm) -> dict:
    return _pruned(
        {
            "id": str(term.id),
            "code": term.code,
            "name": term.name,
            "description": term.description,
            "parent_id": _id(term.parent_id),
            "taxonomy": term.taxonomy.name if term.taxonomy else None,
            "taxonomy_detail": taxonomy(term.taxonomy) if term.taxonomy else None,
            "language": term.language,
            "taxonomy_id": _id(term.taxonomy_id),
            "term_uri": term.term_uri,
            "metadata": [],
        },
        required=("id", "name", "description"),
    )


def attribute(a: Attribute) -> dict:
    return _pruned(
        {
            "id": str(a.id),
            "link_id": _id(a.link_id),
            "taxonomy_term_id": str(a.taxonomy_term_id),
            "link_type": a.link_type,
            "link_entity": a.link_entity,
            "value": a.value,
            "label": a.label,
            "taxonomy_term": taxonomy_term(a.taxonomy_term),
            "metadata": [],
        },
        required=("id",),
    )


def phone(p) -> dict:
    return _pruned(
        {
            "id": str(p.id),
            "location_id": _id(p.location_id),
            "service_id": _id(p.service.hsds_id if p.service_id else None),
            "organization_id": _id(p.organisation.hsds_id if p.organisation_id else None),
            "contact_id": _id(p.contact_id),
            "service_at_location_id": _id(p.service_at_location_id),
            "number": p.number,
            "extension": p.extension,
            "type": p.type,
            "description": p.description,
            "languages": [],
            "attributes": [],
            "metadata": [],
        },
        required=("id", "number"),
    )


def contact(c) -> dict:
    return _pruned(
        {
            "id": str(c.id),
            "organization_id": _id(c.organisation.hsds_id if c.organisation_id else None),
            "service_id": _id(c.service.hsds_id if c.service_id else None),
            "service_at_location_id": _id(c.service_at_location_id),
            "location_id": _id(c.location_id),
            "name": c.name,
            "title": c.title,
            "department": c.department,
            "email": c.email,
            "phones": [phone(p) for p in c.phones.all()],
            "attributes": [],
            "metadata": [],
        },
        required=("id",),
    )


def schedule(s) -> dict:
    return _pruned(
        {
            "id": str(s.id),
            "service_id": _id(s.service.hsds_id if s.service_id else None),
            "location_id": _id(s.location_id),
            "service_at_location_id": _id(s.service_at_location_id),
            "valid_from": _date(s.valid_from),
            "valid_to": _date(s.valid_to),
            "dtstart": _date(s.dtstart),
            "timezone": _number(s.timezone),
            "until": _date(s.until),
            "count": s.count,
            "wkst": s.wkst,
            "freq": s.freq,
            "interval": s.interval,
            "byday": s.byday,
            "byweekno": s.byweekno,
            "bymonthday": s.bymonthday,
            "byyearday": s.byyearday,
            "description": s.description,
            "opens_at": s.opens_at.strftime("%H:%M") if s.opens_at else None,
            "closes_at": s.closes_at.strftime("%H:%M") if s.closes_at else None,
            "schedule_link": s.schedule_link,
            "attending_type": s.attending_type,
            "notes": s.notes,
            "attributes": [],
            "metadata": [],
        },
        required=("id",),
    )


def address(a) -> dict:
    return _pruned(
        {
            "id": str(a.id),
            "location_id": str(a.location_id),
            "attention": a.attention,
            "address_1": a.address_1,
            "address_2": a.address_2,
            "city": a.city,
            "region": a.region,
            "state_province": a.state_province,
            "postal_code": a.postal_code,
            "country": a.country,
            "address_type": a.address_type,
            "attributes": [],
            "metadata": [],
        },
        required=("id", "address_1", "city", "state_province", "postal_code", "country"),
    )


def location_basic(loc: Location) -> dict:
    """The location's own fields (a list's service at location nests just these)."""
    return _pruned(
        {
            "id": str(loc.id),
            "location_type": loc.location_type,
            "url": loc.url,
            "organization_id": _id(loc.organisation.hsds_id if loc.organisation_id else None),
            "name": loc.name,
            "alternate_name": loc.alternate_name,
            "description": loc.description,
            "transportation": loc.transportation,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "external_identifier": loc.external_identifier,
            "external_identifier_type": loc.external_identifier_type,
        },
        required=("id", "location_type"),
    )


def location(loc: Location) -> dict:
    return {
        **location_basic(loc),
        "languages": [],
        "addresses": [address(a) for a in loc.addresses.all()],
        "contacts": [contact(c) for c in loc.contacts.all()],
        "accessibility": [],
        "phones": [phone(p) for p in loc.phones.all()],
        "schedules": [schedule(s) for s in loc.schedules.all()],
        "attributes": [attribute(a) for a in loc.attributes.all()],
        "metadata": [],
    }


def program(p) -> dict:
    return _pruned(
        {
            "id": str(p.id),
            "organization_id": str(p.organisation.hsds_id),
            "name": p.name,
            "alternate_name": p.alternate_name,
            "description": p.description,
            "attributes": [],
            "metadata": [],
        },
        required=("id", "name", "description"),
    )


def funding(f) -> dict:
    return _pruned(
        {
            "id": str(f.id),
            "organization_id": _id(f.organisation.hsds_id if f.organisation_id else None),
            "service_id": _id(f.service.hsds_id if f.service_id else None),
            "source": f.source,
            "attributes": [],
            "metadata": [],
        },
        required=("id",),
    )


def cost_option(c) -> dict:
    return _pruned(
        {
            "id": str(c.id),
            "service_id": str(c.service.hsds_id),
            "valid_from": _date(c.valid_from),
            "valid_to": _date(c.valid_to),
            "option": c.option,
            "currency": c.currency,
            "amount": _number(c.amount),
            "amount_description": c.amount_description,
            "attributes": [],
            "metadata": [],
        },
        required=("id",),
    )


def organisation_basic(o: Organisation) -> dict:
    return _pruned(
        {
            "id": str(o.hsds_id),
            "name": o.name,
            "alternate_name": o.alternate_name,
            "description": o.description,
            "email": o.email,
            "website": o.website,
            "year_incorporated": o.year_incorporated,
            "legal_status": o.legal_status,
        },
        required=("id", "name", "description"),
    )


def organisation_full(o: Organisation, *, full_service: bool = False) -> dict:
    data = organisation_basic(o)
    data.update(
        {
            "funding": [funding(f) for f in o.funding.all()],
            "contacts": [contact(c) for c in o.contacts.all()],
            "phones": [phone(p) for p in o.phones.all()],
            "locations": [location(loc) for loc in o.locations.all()],
            "programs": [program(p) for p in o.programs.all()],
            "organization_identifiers": [],
            "attributes": [attribute(a) for a in o.attributes.all()],
            "metadata": [],
            "services": [
                service_full(s, with_organisation=False) if full_service else service_basic(s)
                for s in o.services.all()
            ],
        }
    )
    return data


def service_basic(s: Service) -> dict:
    return _pruned(
        {
            "id": str(s.hsds_id),
            "organization_id": str(s.organisation.hsds_id),
            "program_id": _id(s.program_id),
            "name": s.name,
            "alternate_name": s.alternate_name,
            "description": s.description,
            "url": s.url,
            "email": s.email,
            "status": s.status,
            "interpretation_services": s.interpretation_services,
            "application_process": s.application_process,
            "fees_description": s.fees_description,
            "accreditations": s.accreditations,
            "eligibility_description": s.eligibility_description,
            "minimum_age": s.minimum_age,
            "maximum_age": s.maximum_age,
            "assured_date": _date(s.assured_date),
            "assurer_email": s.assurer_email,
            "alert": s.alert,
            # HSDS 3.1 adds last_modified; 3.0 readers ignore a field they do not know.
            "last_modified": s.updated_at.isoformat() if s.updated_at else None,
        },
        required=("id", "name", "status"),
    )


def service_list_item(s: Service) -> dict:
    """A list's service: its own fields with its organisation and program (one-to-one), as
    the compiled service_list schema has them."""
    data = service_basic(s)
    data["organization"] = organisation_basic(s.organisation)
    if s.program_id:
        data["program"] = program(s.program)
    return data


def service_minimal(s: Service) -> dict:
    # `minimal` asks for id and modified_date; name and status stay because the service
    # schema requires them.
    return {
        "id": str(s.hsds_id),
        "name": s.name,
        "status": s.status,
        "modified_date": s.updated_at.isoformat(),
        "last_modified": s.updated_at.isoformat(),
    }


def service_at_location_basic(sal: ServiceAtLocation) -> dict:
    return _pruned(
        {
            "id": str(sal.id),
            "service_id": str(sal.service.hsds_id),
            "location_id": str(sal.location_id),
            "description": sal.description,
        },
        required=("id",),
    )


def service_at_location_list_item(sal: ServiceAtLocation) -> dict:
    """A list's service at location: its fields with its location and service (one-to-one),
    as the compiled service_at_location_list schema has them."""
    data = service_at_location_basic(sal)
    data["location"] = location_basic(sal.location)
    data["service"] = service_basic(sal.service)
    return data


def service_at_location_full(sal: ServiceAtLocation, *, with_service: bool = True) -> dict:
    data = service_at_location_basic(sal)
    data.update(
        {
            "service_areas": [],
            "contacts": [contact(c) for c in sal.contacts.all()],
            "phones": [phone(p) for p in sal.phones.all()],
            "schedules": [schedule(s) for s in sal.schedules.all()],
            "location": location(sal.location),
            "attributes": [],
            "metadata": [],
        }
    )
    if with_service:
        data["service"] = service_basic(sal.service)
    return data


def service_full(s: Service, *, with_organisation: bool = True) -> dict:
    data = service_basic(s)
    data.update(
        {
            "phones": [phone(p) for p in s.phones.all()],
            "schedules": [schedule(x) for x in s.schedules.all()],
            "service_areas": [],
            "service_at_locations": [
                service_at_location_full(sal, with_service=False)
                for sal in s.service_at_locations.all()
            ],
            "languages": [],
            "funding": [funding(f) for f in s.funding.all()],
            "cost_options": [cost_option(c) for c in s.cost_options.all()],
            "required_documents": [],
            "contacts": [contact(c) for c in s.contacts.all()],
            "attributes": [attribute(a) for a in s.attributes.all()],
            "metadata": [],
        }
    )
    if with_organisation:
        data["organization"] = organisation_basic(s.organisation)
    if s.program_id:
        data["program"] = program(s.program)
    return data
