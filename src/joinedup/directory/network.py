"""The ecosystem map: a network of organisations built from the platform's own data, and the
measures of social network analysis on it (networkx).

The directory is the lowest layer, so it cannot read people or referrals. Higher layers lend
it their data through a registry instead: each registers an edge source, a function from a
period to `(organisation_a_id, organisation_b_id, weight)` triples (people: shared involvements
with the same people; referrals: referrals sent and accepted). The directory registers its own
(declared supply chains, consortia and partnerships). Casework counts (how many people each
organisation is working with) come through the same kind of registry, for the coverage page.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

import networkx as nx
from django.db.models import Q
from django.utils import timezone

from joinedup.directory.models import Organisation, OrganisationLink, Service


@dataclass(frozen=True)
class Period:
    """A half-open range of days, [start, end); None at either side is open."""

    start: date | None = None
    end: date | None = None

    @classmethod
    def named(cls, name: str | None, today: date | None = None) -> "Period":
        """'12m' (the last twelve months), 'all', or a year such as '2025'."""
        today = today or timezone.localdate()
        if name in (None, "", "all"):
            return cls()
        if name == "12m":
            return cls(today - timedelta(days=365), today + timedelta(days=1))
        if name.isdigit() and len(name) == 4:
            return cls(date(int(name), 1, 1), date(int(name) + 1, 1, 1))
        raise ValueError(f"period must be 12m, all or a year, not {name!r}")

    def overlapping(self, start_field: str, end_field: str) -> Q:
        """Rows whose [start, end) overlaps this period (an open end lasts)."""
        q = Q()
        if self.end:
            q &= Q(**{f"{start_field}__lt": self.end}) | Q(**{f"{start_field}__isnull": True})
        if self.start:
            q &= Q(**{f"{end_field}__gt": self.start}) | Q(**{f"{end_field}__isnull": True})
        return q


Edges = Iterable[tuple[int, int, float]]


@dataclass(frozen=True)
class EdgeSource:
    kind: str
    label: str
    edges: Callable[[Period], Edges]


_EDGE_SOURCES: dict[str, EdgeSource] = {}
_CASEWORK: list[Callable[[Period], dict[int, int]]] = []


def register_edge_source(kind: str, label: str, fn: Callable[[Period], Edges]) -> None:
    """Add (or replace) a source of ties between organisations."""
    _EDGE_SOURCES[kind] = EdgeSource(kind, label, fn)


def edge_sources() -> list[EdgeSource]:
    return sorted(_EDGE_SOURCES.values(), key=lambda s: s.kind)


def register_casework_counts(fn: Callable[[Period], dict[int, int]]) -> None:
    """A function giving, per organisation id, how many people it worked with in a period."""
    _CASEWORK.append(fn)


def casework_counts(period: Period) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for fn in _CASEWORK:
        for organisation_id, n in fn(period).items():
            counts[organisation_id] += n
    return dict(counts)


def declared_links(period: Period) -> Edges:
    """Supply chains, consortia and partnerships recorded in the directory."""
    links = OrganisationLink.objects.filter(period.overlapping("started", "ended"))
    for a, b in links.values_list("organisation_a_id", "organisation_b_id"):
        yield a, b, 1.0


register_edge_source("links", "Supply chains, consortia and partnerships", declared_links)


# -- the graph ------------------------------------------------------------------------------


def organisation_domains() -> dict[int, set[str]]:
    domains: dict[int, set[str]] = defaultdict(set)
    for organisation_id, needs in Service.objects.exclude(
        status=Service.Status.DEFUNCT
    ).values_list("organisation_id", "domains"):
        domains[organisation_id].update(needs or [])
    return domains


def build_graph(
    period: Period | None = None,
    *,
    kinds: Iterable[str] | None = None,
    sector: str | None = None,
    domain: str | None = None,
) -> nx.Graph:
    """Every organisation (filtered by sector or by a need its services meet) as a node; ties
    from the chosen sources summed. Each source's weights are scaled to 0..1 (its strongest tie
    is 1) so that people counts and declared links can be added."""
    period = period or Period()
    domains = organisation_domains()
    graph = nx.Graph()
    organisations = Organisation.objects.all()
    if sector:
        organisations = organisations.filter(sector=sector)
    for o in organisations.values("id", "name", "sector", "kind"):
        if domain and domain not in domains.get(o["id"], set()):
            continue
        graph.add_node(o["id"], **o, domains=sorted(domains.get(o["id"], set())))
    chosen = [s for s in edge_sources() if kinds is None or s.kind in set(kinds)]
    for source in chosen:
        weights: dict[tuple[int, int], float] = defaultdict(float)
        for a, b, w in source.edges(period):
            if a != b and a in graph and b in graph:
                weights[(min(a, b), max(a, b))] += w
        top = max(weights.values(), default=0) or 1
        for (a, b), w in weights.items():
            if not graph.has_edge(a, b):
                graph.add_edge(a, b, weight=0.0, kinds={})
            graph[a][b]["weight"] += w / top
            graph[a][b]["kinds"][source.kind] = w
    return graph


def strongest_ties(graph: nx.Graph, per_organisation: int | None) -> nx.Graph:
    """Each organisation's `per_organisation` strongest ties (a backbone that keeps the map
    readable: in a busy area nearly every agency shares someone with every other). None keeps
    every tie."""
    if not per_organisation:
        return graph
    keep = set()
    for node in graph:
        ranked = sorted(graph[node].items(), key=lambda item: (-item[1]["weight"], item[0]))[
            :per_organisation
        ]
        keep.update((min(node, other), max(node, other)) for other, _ in ranked)
    backbone = nx.Graph()
    backbone.add_nodes_from(graph.nodes(data=True))
    backbone.add_edges_from((a, b, graph[a][b]) for a, b in keep)
    return backbone


def brokerage(graph: nx.Graph, node) -> tuple[int, int]:
    """Pairs of the organisation's partners that have no tie of their own (open two-paths
    through it, Burt's structural holes), and how many of those pairs join two sectors."""
    pairs = across = 0
    for u, w in combinations(sorted(graph[node]), 2):
        if not graph.has_edge(u, w):
            pairs += 1
            across += graph.nodes[u].get("sector") != graph.nodes[w].get("sector")
    return pairs, across


@dataclass
class Measures:
    density: float
    components: list[list[int]]
    isolates: list[int]
    degree: dict[int, float]
    betweenness: dict[int, float]
    brokerage: dict[int, tuple[int, int]]

    def brokers(self, n: int = 5) -> list[int]:
        """The organisations that hold the network together: highest betweenness first."""
        ranked = sorted(self.betweenness, key=lambda k: (-self.betweenness[k], k))
        return [k for k in ranked[:n] if self.betweenness[k] > 0]


def measure(graph: nx.Graph) -> Measures:
    """Density, components, isolates, degree and betweenness centrality (normalised, ties
    unweighted), and brokerage, for every organisation in the graph."""
    components = sorted(
        (sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c)
    )
    return Measures(
        density=nx.density(graph) if len(graph) > 1 else 0.0,
        components=components,
        isolates=sorted(nx.isolates(graph)),
        degree=nx.degree_centrality(graph) if len(graph) > 1 else dict.fromkeys(graph, 0.0),
        betweenness=nx.betweenness_centrality(graph, normalized=True),
        brokerage={node: brokerage(graph, node) for node in graph},
    )
