"""The HSDS API answers match the HSDS 3 schemas, and its search parameters filter."""

from datetime import timedelta

import pytest
from django.utils import timezone

from joinedup.directory import services
from joinedup.directory.models import (
    Locality,
    Location,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from tests.directory.conftest import build_directory, validate, validate_page

pytestmark = pytest.mark.django_db


def get(client, path, **params):
    response = client.get(f"/api/hsds/{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_root_names_the_uk_profile(client):
    body = get(client, "")
    assert body["version"] == "HSDS-UK-3.0"
    assert body["profile"].startswith("https://")


def test_it_answers_without_signing_in_to_any_origin(client, directory):
    response = client.get("/api/hsds/services")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_service_is_fully_nested_and_valid(client, directory):
    _, (service, _) = directory
    body = get(client, f"services/{service.hsds_id}")
    validate(body, "service")
    assert body["organization"]["name"] == "Harbour Hostel"
    assert body["organization_id"] == str(service.organisation.hsds_id)
    sal = body["service_at_locations"][0]
    assert sal["location"]["addresses"][0]["postal_code"] == "RV1 2AB"
    assert sal["schedules"][0]["byday"] == "SA"
    assert body["schedules"][0]["opens_at"] == "09:00"
    assert body["cost_options"][0]["amount"] == 12.5
    assert body["contacts"][0]["phones"][0]["number"] == "01632 960002"
    terms = {a["taxonomy_term"]["code"] for a in body["attributes"]}
    assert terms == {"homelessness", "place"}
    assert body["attributes"][0]["taxonomy_term"]["taxonomy_detail"]["name"]
    assert body["program"]["name"] == "Move on"
    assert "alert" not in body  # blank optional fields are left out, never null


def test_every_list_endpoint_pages_valid_items(client, directory):
    for path, schema, params in [
        ("services", "service", {}),
        ("services", "service", {"full": "true"}),
        ("services", "service", {"minimal": "true"}),
        ("organizations", "organization", {}),
        ("organizations", "organization", {"full": "true"}),
        ("organizations", "organization", {"full_service": "true"}),
        ("service_at_locations", "service_at_location", {}),
        ("service_at_locations", "service_at_location", {"full": "true"}),
        ("taxonomies", "taxonomy", {}),
        ("taxonomy_terms", "taxonomy_term", {}),
    ]:
        body = get(client, path, **params)
        validate_page(body, schema)
        assert body["total_items"] >= 1 and not body["empty"], path


def test_every_item_endpoint_is_valid(client, directory):
    org, (service, _) = directory
    sal = ServiceAtLocation.objects.filter(service=service).first()
    taxonomy = Taxonomy.objects.get(name=services.NEEDS)
    term = taxonomy.terms.get(code="homelessness")
    validate(get(client, f"organizations/{org.hsds_id}"), "organization")
    full = get(client, f"organizations/{org.hsds_id}", full_service="true")
    validate(full, "organization")
    assert full["services"][0]["schedules"]
    assert full["locations"][0]["name"] == "Harbour House"
    validate(get(client, f"service_at_locations/{sal.pk}"), "service_at_location")
    validate(get(client, f"taxonomies/{taxonomy.pk}"), "taxonomy")
    body = get(client, f"taxonomy_terms/{term.pk}")
    validate(body, "taxonomy_term")
    assert body["taxonomy_id"] == str(taxonomy.pk)


def test_unknown_ids_are_404(client, directory):
    assert client.get("/api/hsds/services/not-a-uuid").status_code == 404
    missing = client.get("/api/hsds/taxonomies/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "No taxonomy with id 00000000-0000-0000-0000-000000000000"}


def test_the_paging_envelope(client, directory):
    build_directory(n_services=3, prefix="B ")  # 5 services in all
    first = get(client, "services", per_page=2)
    assert (first["total_items"], first["total_pages"], first["size"]) == (5, 3, 2)
    assert first["first_page"] and not first["last_page"] and first["page_number"] == 1
    last = get(client, "services", per_page=2, page=3)
    assert last["size"] == 1 and last["last_page"] and not last["first_page"]
    beyond = get(client, "services", per_page=2, page=9)
    assert beyond["empty"] and beyond["contents"] == []
    ids = {
        s["id"] for p in (1, 2, 3) for s in get(client, "services", per_page=2, page=p)["contents"]
    }
    assert len(ids) == 5


def test_bad_parameters_are_named(client, directory):
    for params, word in [
        ({"page": "x"}, "page"),
        ({"per_page": "0"}, "per_page"),
        ({"full": "maybe"}, "full"),
        ({"modified_after": "yesterday"}, "modified_after"),
        ({"taxonomy_term_id": "nope"}, "taxonomy_term_id"),
        ({"format": "xml"}, "format"),
    ]:
        response = client.get("/api/hsds/services", params)
        assert response.status_code == 400
        assert word in response.json()["detail"]


def test_search_and_filters(client, directory):
    org, _ = directory
    other_org, _ = build_directory(n_services=1, prefix="Other ")
    drugs = Service.objects.create(organisation=other_org, name="Needle exchange")
    services.set_terms(drugs, services.NEEDS, ["substance_misuse"])
    names = lambda body: {s["name"] for s in body["contents"]}  # noqa: E731

    assert names(get(client, "services", search="needle")) == {"Needle exchange"}
    assert names(get(client, "services", search="Harbour")) >= {"Supported hostel 0"}
    drug_term = TaxonomyTerm.objects.get(code="substance_misuse")
    assert names(get(client, "services", taxonomy_term_id=str(drug_term.pk))) == {"Needle exchange"}
    assets = Taxonomy.objects.get(name=services.ASSETS)
    assert "Needle exchange" not in names(get(client, "services", taxonomy_id=str(assets.pk)))
    mine = get(client, "services", organization_id=str(org.hsds_id))
    assert mine["total_items"] == 2
    Service.objects.filter(pk=drugs.pk).update(updated_at=timezone.now() + timedelta(days=2))
    later = (timezone.now() + timedelta(days=1)).isoformat()
    assert names(get(client, "services", modified_after=later)) == {"Needle exchange"}
    minimal = get(client, "services", minimal="true")["contents"][0]
    assert set(minimal) == {"id", "name", "status", "modified_date", "last_modified"}

    orgs = get(client, "organizations", taxonomy_term_id=str(drug_term.pk))
    assert [o["name"] for o in orgs["contents"]] == ["Other Harbour Hostel"]
    sals = get(client, "service_at_locations", organization_id=str(org.hsds_id))
    assert sals["total_items"] == 2
    assert get(client, "service_at_locations", postcode="RV1 2AB")["total_items"] == 3
    assert get(client, "service_at_locations", postcode="RV9 1AA")["total_items"] == 0
    # proximity: from the ward's centre (51.5, -0.12 here: both places sit on it)
    square = [[[-0.13, 51.49], [-0.11, 51.49], [-0.11, 51.51], [-0.13, 51.51], [-0.13, 51.49]]]
    Locality.objects.filter(code="RV01").update(boundary={"type": "Polygon", "coordinates": square})
    near = get(client, "service_at_locations", postcode="RV1 2AB", proximity="100")
    assert near["total_items"] == 3
    Location.objects.filter(name="Other Harbour House").update(latitude=51.6)  # 11 km north
    near = get(client, "service_at_locations", postcode="RV1 2AB", proximity="1000")
    assert near["total_items"] == 2
    far = client.get("/api/hsds/service_at_locations", {"postcode": "RV1", "proximity": "near"})
    assert far.status_code == 400 and "proximity" in far.json()["detail"]
    # search on a service at location finds it by the place's name too
    assert get(client, "service_at_locations", search="Other Harbour House")["total_items"] == 1

    needs = Taxonomy.objects.get(name=services.NEEDS)
    terms = get(client, "taxonomy_terms", taxonomy_id=str(needs.pk), per_page=100)
    assert terms["total_items"] == len(services.NEED_TERMS)
    assert get(client, "taxonomy_terms", search="domestic")["total_items"] == 1
    assert get(client, "taxonomy_terms", top_only="true")["total_items"] == 8
    assert get(client, "taxonomies", search="assets")["total_items"] == 1


def test_ndjson_streams_every_service(client, directory):
    response = client.get("/api/hsds/services", {"format": "ndjson"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 2
    for line in lines:
        validate(__import__("json").loads(line), "service")


def test_a_page_of_full_services_costs_the_same_queries_however_long(
    client, directory, django_assert_max_num_queries
):
    client.get("/api/hsds/services", {"full": "true"})
    with django_assert_max_num_queries(60) as small:
        client.get("/api/hsds/services", {"full": "true"})
    build_directory(n_services=8, prefix="More ")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/api/hsds/services", {"full": "true"})


def test_list_items_nest_their_one_to_one_objects(client, directory):
    org, (service, _) = directory
    item = get(client, "services")["contents"][0]
    assert item["organization"]["id"] == str(org.hsds_id)
    assert item["program"]["name"] == "Move on"
    assert "schedules" not in item  # one-to-many only with full=true
    sal = get(client, "service_at_locations")["contents"][0]
    assert sal["location"]["name"] == "Harbour House" and "addresses" not in sal["location"]
    assert sal["service"]["id"] == sal["service_id"]


@pytest.mark.parametrize(
    "value", ["6954-04-29T10:58:24+23:05", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-12:00"]
)
def test_modified_after_at_any_offset_or_year_is_an_answer_not_a_failure(client, directory, value):
    client.raise_request_exception = False
    response = client.get("/api/hsds/services", {"modified_after": value})
    assert response.status_code in (200, 400), response.content[:200]
    if response.status_code == 400:
        assert response.json()["detail"].startswith("modified_after must be")


@pytest.mark.parametrize("name", ["search", "postcode"])
def test_a_nul_character_in_a_parameter_is_an_answer_not_a_failure(client, directory, name):
    client.raise_request_exception = False
    response = client.get("/api/hsds/service_at_locations", {name: "Harbour\x00"})
    assert response.status_code in (200, 400), response.content[:200]
