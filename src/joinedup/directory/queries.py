"""Read paths of the directory pages: finding services, coverage and gaps by place and need,
and the ecosystem map's data."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery

from joinedup import disclosure
from joinedup.directory import network
from joinedup.directory.models import (
    Attribute,
    Funding,
    Locality,
    Organisation,
    Schedule,
    Service,
    TaxonomyTerm,
)
from joinedup.directory.services import ASSETS, NEEDS

LIVE = [Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED]


def asset_services():
    return Attribute.objects.filter(service=OuterRef("pk"), taxonomy_term__taxonomy__name=ASSETS)


def find_services(*, need="", locality=None, eligibility="", age=None, text="", assets_only=False):
    """Running services for a need, in a ward (where they are delivered or based), whose
    eligibility or description mentions the words given, and whose age limits include the
    age given."""
    services = (
        Service.objects.filter(status__in=LIVE)
        .select_related("organisation", "locality")
        .annotate(is_asset=Exists(asset_services()))
        .prefetch_related(
            Prefetch("schedules", queryset=Schedule.objects.order_by("byday")),
            Prefetch(
                "attributes",
                queryset=Attribute.objects.select_related("taxonomy_term__taxonomy"),
            ),
            "service_at_locations__location__addresses",
        )
        .order_by("name", "organisation__name")
    )
    if need:
        services = services.filter(
            attributes__taxonomy_term__taxonomy__name=NEEDS, attributes__taxonomy_term__code=need
        )
    if locality:
        services = services.filter(
            Q(locality=locality) | Q(service_at_locations__location__locality=locality)
        )
    if eligibility:
        services = services.filter(
            Q(eligibility_description__icontains=eligibility)
            | Q(description__icontains=eligibility)
        )
    if age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=age),
        )
    if text:
        services = services.filter(
            Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(organisation__name__icontains=text)
        )
    if assets_only:
        services = services.filter(is_asset=True)
    return services.distinct()


def organisations(*, kind=None, sector=None):
    """Every organisation with its members on joinedup, its running services, and whether any
    funding is recorded for it or its services (none: unfunded)."""
    funded = Funding.objects.filter(
        Q(organisation=OuterRef("pk")) | Q(service__organisation=OuterRef("pk"))
    )
    running = Service.objects.filter(organisation=OuterRef("pk"), status__in=LIVE)
    rows = Organisation.objects.select_related("locality").annotate(
        members=Count("memberships", filter=Q(memberships__active=True)),
        running=Subquery(running.values("organisation").annotate(n=Count("pk")).values("n")[:1]),
        funded=Exists(funded),
    )
    if kind:
        rows = rows.filter(kind=kind)
    if sector:
        rows = rows.filter(sector=sector)
    return rows


def ties_of(organisation) -> list[tuple]:
    """(link, the other organisation) for every declared tie, whichever end it was recorded
    from."""
    return [
        *(
            (link, link.organisation_b)
            for link in organisation.links_out.select_related("organisation_b")
        ),
        *(
            (link, link.organisation_a)
            for link in organisation.links_in.select_related("organisation_a")
        ),
    ]


@dataclass
class Coverage:
    needs: list[TaxonomyTerm]
    localities: list[Locality]
    #: (locality id, need code) -> running services there for that need
    counts: dict[tuple[int, str], int]
    assets: dict[int, int]
    gaps: list[tuple[Locality, list[TaxonomyTerm]]]
    needs_without_service: list[TaxonomyTerm]
    missing: list[tuple[Organisation, int]]
    seen_in_casework: int

    def row(self, locality):
        return [self.counts.get((locality.pk, n.code), 0) for n in self.needs]

    @property
    def table(self):
        """(ward, services per need, community assets) for every ward."""
        return [(loc, self.row(loc), self.assets.get(loc.pk, 0)) for loc in self.localities]

    @property
    def missing_shown(self) -> list[tuple[Organisation, int | str]]:
        """`missing` with each count of people through the one small-number rule."""
        return [(org, disclosure.count(n)) for org, n in self.missing]

    @property
    def listed_share(self) -> int | None:
        """Of the organisations seen in casework, the percentage listed with a service."""
        if not self.seen_in_casework:
            return None
        listed = self.seen_in_casework - len(self.missing)
        return round(100 * listed / self.seen_in_casework)


def coverage(period: network.Period) -> Coverage:
    """Services and community assets by ward and need; gaps; and how complete the directory
    is against the organisations seen in casework (counts from the registered sources)."""
    needs = list(TaxonomyTerm.objects.filter(taxonomy__name=NEEDS).order_by("name"))
    localities = list(Locality.objects.order_by("code"))
    counts: dict[tuple[int, str], int] = defaultdict(int)
    assets: dict[int, int] = defaultdict(int)
    running = Service.objects.filter(status__in=LIVE).annotate(is_asset=Exists(asset_services()))
    places = defaultdict(set)
    for service_id, locality_id in running.values_list(
        "pk", "service_at_locations__location__locality"
    ):
        if locality_id:
            places[service_id].add(locality_id)
    for service in running.only("pk", "locality_id", "domains"):
        wards = places.get(service.pk) or ({service.locality_id} if service.locality_id else set())
        for ward in wards:
            for code in service.domains:
                counts[(ward, code)] += 1
            assets[ward] += service.is_asset
    gaps = [(loc, [n for n in needs if not counts.get((loc.pk, n.code))]) for loc in localities]
    gaps = [(loc, missing) for loc, missing in gaps if missing]
    anywhere = {code for (_, code), n in counts.items() if n}
    seen = network.casework_counts(period)
    listed = set(running.values_list("organisation_id", flat=True))
    missing_ids = {pk: n for pk, n in seen.items() if pk not in listed and n}
    missing = sorted(
        ((o, missing_ids[o.pk]) for o in Organisation.objects.filter(pk__in=missing_ids)),
        key=lambda pair: (-pair[1], pair[0].name),
    )
    return Coverage(
        needs=needs,
        localities=localities,
        counts=dict(counts),
        assets=dict(assets),
        gaps=gaps,
        needs_without_service=[n for n in needs if n.code not in anywhere],
        missing=missing,
        seen_in_casework=sum(1 for n in seen.values() if n),
    )


def coverage_geojson(cov: Coverage, need: str = "") -> dict:
    """Wards as GeoJSON polygons with their counts (for one need, or all), and the places
    where running services for it are delivered as points, for the map."""
    codes = [need] if need else [n.code for n in cov.needs]
    features = [
        {
            "type": "Feature",
            "geometry": loc.boundary,
            "properties": {
                "kind": "ward",
                "name": loc.name,
                "services": sum(cov.counts.get((loc.pk, code), 0) for code in codes),
                "assets": cov.assets.get(loc.pk, 0),
                "gaps": [n.name for n in cov.needs if not cov.counts.get((loc.pk, n.code))],
            },
        }
        for loc in cov.localities
        if loc.boundary
    ]
    places = (
        Service.objects.filter(
            status__in=LIVE, service_at_locations__location__latitude__isnull=False
        )
        .annotate(is_asset=Exists(asset_services()))
        .values_list(
            "name",
            "organisation__name",
            "is_asset",
            "domains",
            "service_at_locations__location__latitude",
            "service_at_locations__location__longitude",
        )
        .order_by("name")
    )
    for name, organisation, is_asset, domains, lat, lon in places:
        if need and need not in (domains or []):
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "kind": "asset" if is_asset else "service",
                    "name": name,
                    "organisation": organisation,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


@dataclass
class NetworkView:
    graph: object
    measures: network.Measures
    rows: list[dict]

    @property
    def isolated(self):
        return [r for r in self.rows if r["isolated"]]

    @property
    def brokers(self):
        ranked = {pk: i for i, pk in enumerate(self.measures.brokers())}
        return sorted((r for r in self.rows if r["id"] in ranked), key=lambda r: ranked[r["id"]])


def network_view(period, *, kinds=None, sector="", domain="", ties=2) -> NetworkView:
    """The map's graph (each organisation's strongest `ties`), its measures, and one row per
    organisation for the table."""
    graph = network.build_graph(period, kinds=kinds, sector=sector or None, domain=domain or None)
    graph = network.strongest_ties(graph, ties)
    measures = network.measure(graph)
    rows = sorted(
        (
            {
                "id": node,
                "name": data["name"],
                "sector": data["sector"],
                "kind": data["kind"],
                "domains": data["domains"],
                "ties": graph.degree[node],
                "degree": measures.degree[node],
                "betweenness": measures.betweenness[node],
                "brokerage": measures.brokerage[node][0],
                "brokerage_across": measures.brokerage[node][1],
                "isolated": graph.degree[node] == 0,
            }
            for node, data in graph.nodes(data=True)
        ),
        key=lambda r: (-r["betweenness"], -r["ties"], r["name"]),
    )
    return NetworkView(graph=graph, measures=measures, rows=rows)


def cytoscape_elements(view: NetworkView) -> list[dict]:
    """Nodes and edges in Cytoscape.js's element format."""
    brokers = set(view.measures.brokers())
    nodes = [
        {
            "data": {
                "id": str(r["id"]),
                "label": r["name"],
                "sector": r["sector"],
                "size": round(20 + 60 * r["betweenness"], 1),
                "broker": r["id"] in brokers,
                "isolated": r["isolated"],
            }
        }
        for r in view.rows
    ]
    edges = [
        {
            "data": {
                "id": f"{a}-{b}",
                "source": str(a),
                "target": str(b),
                "width": round(1 + 3 * min(1.0, data["weight"]), 1),
                "kinds": sorted(data["kinds"]),
            }
        }
        for a, b, data in view.graph.edges(data=True)
    ]
    return nodes + edges


def with_need_names(services) -> list:
    """The services, each with `need_names`: its needs in words (the needs taxonomy's names),
    never their codes. A code the taxonomy does not know is left out."""
    names = dict(TaxonomyTerm.objects.filter(taxonomy__name=NEEDS).values_list("code", "name"))
    services = list(services)
    for service in services:
        service.need_names = [names[c] for c in service.domains or [] if c in names]
    return services
