"""The ecosystem map's data under /api/v1/directory/: organisations with their network
measures, and the ties between them. Counts of shared people only, never who."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from joinedup.directory import network, queries

router = Router(tags=["directory"])


class NodeOut(Schema):
    id: int
    name: str
    sector: str
    kind: str
    domains: list[str]
    ties: int
    degree: float
    betweenness: float
    brokerage: int
    brokerage_across: int
    isolated: bool


class EdgeOut(Schema):
    source: int
    target: int
    weight: float
    kinds: dict[str, float]


class NetworkOut(Schema):
    period: str
    density: float
    components: list[list[int]]
    isolates: list[int]
    brokers: list[int]
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class SourceOut(Schema):
    kind: str
    label: str


class Message(Schema):
    detail: str


@router.get("/network", response={200: NetworkOut, 400: Message}, url_name="directory_network")
def get_network(
    request: HttpRequest,
    period: str = "12m",
    sector: str = "",
    need: str = "",
    ties: int = 2,
    sources: str = "",
):
    """The network as the ecosystem map draws it: `ties` strongest ties per organisation
    (0 for all), from the `sources` given (comma-separated kinds; all when empty)."""
    try:
        chosen = network.Period.named(period)
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    if ties < 0:
        raise HttpError(400, "ties must be 0 (every tie) or more")
    kinds = [k for k in sources.split(",") if k] or None
    known = {s.kind for s in network.edge_sources()}
    if kinds and not set(kinds) <= known:
        raise HttpError(400, f"sources must be among {', '.join(sorted(known))}")
    view = queries.network_view(chosen, kinds=kinds, sector=sector, domain=need, ties=ties)
    return {
        "period": period,
        "density": view.measures.density,
        "components": view.measures.components,
        "isolates": view.measures.isolates,
        "brokers": view.measures.brokers(),
        "nodes": view.rows,
        "edges": [
            {"source": a, "target": b, "weight": d["weight"], "kinds": d["kinds"]}
            for a, b, d in view.graph.edges(data=True)
        ],
    }


@router.get("/network/sources", response=list[SourceOut], url_name="directory_network_sources")
def get_sources(request: HttpRequest):
    """The kinds of tie the map can draw."""
    return [{"kind": s.kind, "label": s.label} for s in network.edge_sources()]
