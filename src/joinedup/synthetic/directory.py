"""The synthetic area's directory in HSDS terms: stable ids, wards drawn as squares on a grid,
each organisation's base as a located, addressed and phoned place, service at location,
opening hours, needs and community asset terms, funding and the declared ties."""

import uuid
from datetime import datetime

from joinedup.directory import services as directory_services
from joinedup.directory.models import (
    Address,
    Attribute,
    Funding,
    Location,
    OrganisationLink,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from joinedup.synthetic.lives import rng_for


def stable_uuid(area, *parts) -> uuid.UUID:
    """The same seed gives the same ids (HSDS ids are UUIDs)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"synthetic:{area.seed}:" + "/".join(parts))


def _cell(area, index: int) -> tuple[float, float, float, float]:
    spec = area.params["directory"]
    (lat0, lon0), (dlat, dlon) = spec["grid_origin"], spec["cell"]
    row, col = divmod(index, spec["columns"])
    return lat0 + row * dlat, lon0 + col * dlon, dlat, dlon


def ward_boundary(area, index: int) -> dict:
    """Wards as squares on a grid: simple polygons for the coverage map."""
    lat, lon, dlat, dlon = _cell(area, index)
    ring = [[lon, lat], [lon + dlon, lat], [lon + dlon, lat + dlat], [lon, lat + dlat]]
    ring = [[round(x, 5), round(y, 5)] for x, y in ring]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def load_directory(area, organisations: dict) -> None:
    """HSDS for every service: the organisation's base as a location with an address and
    a phone, service at location, opening hours, needs and community asset terms,
    funding, and the declared ties between organisations."""
    spec = area.params["directory"]
    terms = directory_services.ensure_taxonomies()
    needs, assets = terms[directory_services.NEEDS], terms[directory_services.ASSETS]
    wards = [loc["name"] for loc in area.params["localities"]]
    sessions = {s["organisation"]: s for s in spec["sessions"]}
    services_by_org: dict[int, list[Service]] = {}
    for service in Service.objects.filter(organisation__in=organisations.values()):
        services_by_org.setdefault(service.organisation_id, []).append(service)
    locations, addresses, phones, sals, schedules, attributes = [], [], [], [], [], []
    for n, (key, org) in enumerate(organisations.items(), start=1):
        if org.locality is None:
            continue
        ward = org.locality
        lat, lon, dlat, dlon = _cell(area, wards.index(ward.name))
        rng = rng_for(area.seed, "directory", key)
        place = Location(
            id=stable_uuid(area, "location", key),
            organisation=org,
            name=org.name,
            latitude=round(lat + dlat * rng.uniform(0.2, 0.8), 5),
            longitude=round(lon + dlon * rng.uniform(0.2, 0.8), 5),
            locality=ward,
        )
        locations.append(place)
        addresses.append(
            Address(
                id=stable_uuid(area, "address", key),
                location=place,
                address_1=f"{rng.randint(1, 120)} {ward.name} Road",
                city="Riverside",
                state_province="Riverside",
                postal_code=f"{ward.postcode_district} {rng.randint(1, 9)}"
                f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                country="GB",
            )
        )
        phones.append(
            Phone(
                id=stable_uuid(area, "phone", key),
                location=place,
                number=f"01632 960{n:03d}",  # Ofcom's numbers for drama: never real
                type="voice",
            )
        )
        hours = sessions.get(key, spec["opening"])
        for service in services_by_org.get(org.pk, []):
            sal = ServiceAtLocation(
                id=stable_uuid(area, "sal", key, service.name), service=service, location=place
            )
            sals.append(sal)
            schedules.append(
                Schedule(
                    id=stable_uuid(area, "schedule", key, service.name),
                    service=service,
                    freq="WEEKLY",
                    byday=hours["byday"],
                    opens_at=datetime.strptime(hours["opens_at"], "%H:%M").time(),
                    closes_at=datetime.strptime(hours["closes_at"], "%H:%M").time(),
                    description=f"{hours['byday']} {hours['opens_at']} to {hours['closes_at']}",
                )
            )
            codes = [("need", d, needs[d]) for d in service.domains if d in needs]
            if key in spec["assets"]:
                codes.append(("asset", spec["assets"][key], assets[spec["assets"][key]]))
            attributes += [
                Attribute(
                    id=stable_uuid(area, "attribute", key, service.name, kind, code),
                    service=service,
                    link_entity="service",
                    taxonomy_term=term,
                )
                for kind, code, term in codes
            ]
    Location.objects.bulk_create(locations)
    Address.objects.bulk_create(addresses)
    Phone.objects.bulk_create(phones)
    ServiceAtLocation.objects.bulk_create(sals)
    Schedule.objects.bulk_create(schedules)
    Attribute.objects.bulk_create(attributes)
    Funding.objects.bulk_create(
        Funding(
            id=stable_uuid(area, "funding", f["organisation"]),
            organisation=organisations[f["organisation"]],
            source=f["source"],
        )
        for f in spec["funding"]
    )
    OrganisationLink.objects.bulk_create(
        OrganisationLink(
            organisation_a=organisations[link["a"]],
            organisation_b=organisations[link["b"]],
            kind=link["kind"],
            note=link.get("note", ""),
        )
        for link in spec["links"]
    )
