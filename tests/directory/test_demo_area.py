"""On the synthetic area the map shows what the area encodes: the police, the hostel and the
drug and alcohol service hold the system together; small groups sit at its edge; the Upper
Vale Lunch Club is isolated. And every HSDS answer about the area is valid."""

from datetime import date

import pytest

from joinedup.directory import network, queries
from joinedup.directory.models import Organisation, Service
from joinedup.synthetic.generator import generate
from tests.directory.conftest import validate, validate_page

TODAY = date(2026, 11, 24)
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    generate(people=800, seed=1, today=TODAY)


def test_brokers_and_the_edge(demo):
    view = queries.network_view(network.Period.named("12m", TODAY), ties=2)
    names = {r["id"]: r["name"] for r in view.rows}
    brokers = [names[pk] for pk in view.measures.brokers(5)]
    assert {"Riverside Police", "Harbour Hostel", "Riverside Drug and Alcohol Service"} <= set(
        brokers
    )
    isolated = {r["name"] for r in view.isolated}
    assert isolated == {"Upper Vale Lunch Club"}
    # Community groups sit at the edge: two ties at most, and a small fraction of the
    # brokers' betweenness.
    kinds = dict(Organisation.objects.values_list("pk", "kind"))
    groups = [r for r in view.rows if kinds[r["id"]] == "community_group"]
    least_broker = min(view.measures.betweenness[pk] for pk in view.measures.brokers(3))
    assert len(groups) == 5
    assert all(r["ties"] <= 2 and r["betweenness"] < least_broker / 3 for r in groups)
    social = queries.network_view(network.Period.named("12m", TODAY), sector="social", ties=2)
    assert "Upper Vale Lunch Club" in {r["name"] for r in social.isolated}


def test_the_area_publishes_valid_hsds(demo, client):
    body = client.get("/api/hsds/services", {"full": "true", "per_page": 100}).json()
    validate_page(body, "service")
    assert body["total_items"] == Service.objects.count()
    assert all(s["service_at_locations"] and s["schedules"] for s in body["contents"])
    org = Organisation.objects.get(name="Upper Vale Lunch Club")
    validate(client.get(f"/api/hsds/organizations/{org.hsds_id}").json(), "organization")
    assets = client.get("/api/hsds/taxonomies", {"search": "assets"}).json()["contents"][0]
    listed = client.get("/api/hsds/services", {"taxonomy_id": assets["id"]}).json()
    assert "Friday lunch and company" in {s["name"] for s in listed["contents"]}


def test_coverage_on_the_area(demo):
    cov = queries.coverage(network.Period.named("12m", TODAY))
    assert len(cov.localities) == 12
    assert all(loc.boundary for loc in cov.localities)
    missing = {o.name for o, _ in cov.missing}
    assert "Riverside Magistrates' Court" in missing  # in casework, no service listed
    assert 0 < cov.listed_share < 100
    assert cov.gaps  # some wards lack a service for some need
