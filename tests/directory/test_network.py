"""Network measures against values worked out by hand, the edge-source registry, filters."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from joinedup.directory import network
from joinedup.directory.models import Organisation, OrganisationLink, Service
from joinedup.people.models import Involvement, Person

pytestmark = pytest.mark.django_db


def org(name, sector="social", kind="charity"):
    return Organisation.objects.create(name=name, sector=sector, kind=kind)


@pytest.fixture
def small_graph():
    """A star at A (B, C, D) with a tail D-E, and F with no tie at all.

    B   C
     \\ /
      A --- D --- E        F
    """
    nodes = {
        "A": org("A", "public", "police"),
        "B": org("B"),
        "C": org("C"),
        "D": org("D", "public", "probation"),
        "E": org("E"),
        "F": org("F", kind="community_group"),
    }
    for a, b in ["AB", "AC", "AD", "DE"]:
        OrganisationLink.objects.create(
            organisation_a=nodes[a], organisation_b=nodes[b], kind="partnership"
        )
    return nodes


def test_measures_match_the_hand_computed_values(small_graph):
    n = small_graph
    m = network.measure(network.build_graph(kinds=["links"]))
    # density: 4 ties of 6 * 5 / 2 = 15 possible
    assert m.density == pytest.approx(4 / 15)
    # degree centrality: ties / (6 - 1)
    assert m.degree[n["A"].pk] == pytest.approx(3 / 5)
    assert m.degree[n["D"].pk] == pytest.approx(2 / 5)
    assert m.degree[n["F"].pk] == 0
    # betweenness: pairs whose shortest path runs through the node / (5 * 4 / 2) pairs
    # A: B-C, B-D, B-E, C-D, C-E = 5 of 10; D: A-E, B-E, C-E = 3 of 10
    assert m.betweenness[n["A"].pk] == pytest.approx(0.5)
    assert m.betweenness[n["D"].pk] == pytest.approx(0.3)
    assert m.betweenness[n["B"].pk] == 0
    # brokerage: partners with no tie between them (A: BC, BD, CD; D: AE); across sectors:
    # A joins B or C (social) to D (public) twice; D joins A (public) to E (social) once
    assert m.brokerage[n["A"].pk] == (3, 2)
    assert m.brokerage[n["D"].pk] == (1, 1)
    assert m.brokerage[n["B"].pk] == (0, 0)
    big = sorted(n[k].pk for k in "ABCDE")
    assert m.components == [big, [n["F"].pk]]
    assert m.isolates == [n["F"].pk]
    assert m.brokers() == [n["A"].pk, n["D"].pk]


def test_filtering_to_a_sector_keeps_ties_inside_it(small_graph):
    graph = network.build_graph(kinds=["links"], sector="social")
    assert set(graph) == {small_graph[k].pk for k in "BCEF"}
    assert graph.number_of_edges() == 0
    assert len(network.measure(graph).isolates) == 4


def test_filtering_to_a_need_keeps_organisations_whose_services_meet_it(small_graph):
    Service.objects.create(organisation=small_graph["B"], name="Drop-in", domains=["homelessness"])
    graph = network.build_graph(domain="homelessness")
    assert set(graph) == {small_graph["B"].pk}


def test_strongest_ties_keep_each_organisations_best(small_graph):
    # A second source adds a strong A-B tie: each source is scaled to its strongest tie, so
    # A-B weighs 1 (links) + 1 (test). With one tie each: A and B keep A-B, C keeps A-C (equal
    # to B-C, the lower id wins), D keeps A-D, E keeps D-E; nobody keeps B-C.
    n = small_graph
    OrganisationLink.objects.create(organisation_a=n["B"], organisation_b=n["C"], kind="consortium")
    network.register_edge_source("test", "Test", lambda period: [(n["A"].pk, n["B"].pk, 5)])
    try:
        graph = network.build_graph()
        assert graph[n["A"].pk][n["B"].pk]["weight"] == pytest.approx(2.0)
        assert graph[n["A"].pk][n["B"].pk]["kinds"] == {"links": 1.0, "test": 5}
        backbone = network.strongest_ties(graph, 1)
        assert backbone.has_edge(n["A"].pk, n["B"].pk)
        assert backbone.has_edge(n["D"].pk, n["E"].pk)
        assert not backbone.has_edge(n["B"].pk, n["C"].pk)
        assert backbone.number_of_edges() == 4
        assert network.strongest_ties(graph, None) is graph
    finally:
        network._EDGE_SOURCES.pop("test")


def test_shared_involvements_tie_organisations_in_the_period():
    a, b, c = org("Hostel"), org("Drug service"), org("Police", "public", "police")
    today = timezone.localdate()
    for i, orgs in enumerate([(a, b), (a, b), (b, c)]):
        person = Person.objects.create(first_name=f"P{i}", last_name="Example")
        for o in orgs:
            Involvement.objects.create(
                person=person, organisation=o, role="Worker", started_on=today - timedelta(days=30)
            )
    old = Person.objects.create(first_name="Old", last_name="Example")
    for o in (a, c):
        Involvement.objects.create(
            person=old,
            organisation=o,
            role="Worker",
            started_on=date(2020, 1, 1),
            ended_on=date(2020, 6, 1),
        )
    graph = network.build_graph(network.Period.named("12m"), kinds=["involvements"])
    assert graph[a.pk][b.pk]["kinds"]["involvements"] == 2
    assert graph[b.pk][c.pk]["kinds"]["involvements"] == 1
    assert not graph.has_edge(a.pk, c.pk)  # only in 2020
    in_2020 = network.build_graph(network.Period.named("2020"), kinds=["involvements"])
    assert in_2020.has_edge(a.pk, c.pk)
    assert network.casework_counts(network.Period.named("12m")) == {a.pk: 2, b.pk: 3, c.pk: 1}


def test_periods():
    today = date(2026, 11, 25)
    assert network.Period.named("2025") == network.Period(date(2025, 1, 1), date(2026, 1, 1))
    assert network.Period.named("12m", today).start == date(2025, 11, 25)
    assert network.Period.named("all") == network.Period()
    with pytest.raises(ValueError, match="period"):
        network.Period.named("last week")
