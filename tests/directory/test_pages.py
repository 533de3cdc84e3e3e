"""The directory pages: finding services, a service, editing with ownership, the ecosystem
map, coverage and gaps, and the network API."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.directory import services
from joinedup.directory.models import (
    Locality,
    Organisation,
    OrganisationLink,
    Service,
)
from joinedup.people.models import Involvement, Person
from tests.conftest import make_user
from tests.directory.conftest import build_directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(db):
    """The hostel (Quayside) from build_directory, a drug service in Old Town, an isolated
    lunch club, and a court seen in casework with no service."""
    hostel, _ = build_directory(n_services=1)
    old_town = Locality.objects.create(
        code="RV02", name="Old Town", population=8700, deprivation_decile=1
    )
    drugs = Organisation.objects.create(
        name="Drug and Alcohol Service", kind="drug_alcohol_service", sector="social"
    )
    treatment = Service.objects.create(
        organisation=drugs,
        name="Treatment",
        locality=old_town,
        eligibility_description="Adults who use drugs or alcohol",
    )
    services.set_terms(treatment, services.NEEDS, ["substance_misuse"])
    police = Organisation.objects.create(name="Police", kind="police", sector="public")
    lunch = Organisation.objects.create(name="Lunch Club", kind="community_group", sector="social")
    club = Service.objects.create(organisation=lunch, name="Friday lunch", locality=old_town)
    services.set_terms(club, services.ASSETS, ["volunteers"])
    court = Organisation.objects.create(name="Magistrates' Court", kind="other", sector="public")
    for a, b in [(hostel, police), (drugs, police)]:
        OrganisationLink.objects.create(organisation_a=a, organisation_b=b, kind="partnership")
    today = timezone.localdate()
    for i in range(6):
        person = Person.objects.create(first_name=f"P{i}", last_name="Example")
        Involvement.objects.create(
            person=person, organisation=court, role="Officer", started_on=today - timedelta(days=9)
        )
    return {
        "hostel": hostel,
        "drugs": drugs,
        "police": police,
        "lunch": lunch,
        "court": court,
        "treatment": treatment,
        "old_town": old_town,
    }


@pytest.fixture
def commissioner(area):
    return make_user("priya@example.org", area["police"], Role.COMMISSIONER, device=False)


def test_it_finds_services_for_a_need_in_a_ward(signed_in, commissioner, area):
    client = signed_in(commissioner)
    url = reverse("directory:services")
    page = client.get(url, {"need": "substance_misuse", "locality": area["old_town"].pk})
    assert [s.name for s in page.context["results"]] == ["Treatment"]
    page = client.get(url, {"need": "homelessness", "locality": area["old_town"].pk})
    assert list(page.context["results"]) == []
    assert "No services found" in page.content.decode()
    page = client.get(url, {"eligibility": "drugs"})
    assert [s.name for s in page.context["results"]] == ["Treatment"]
    page = client.get(url, {"age": "16"})  # the hostel is for 18 and over
    assert "Supported hostel 0" not in [s.name for s in page.context["results"]]
    page = client.get(url, {"age": "30"})
    assert "Supported hostel 0" in [s.name for s in page.context["results"]]
    page = client.get(url, {"age": "old"})
    assert page.context["results"] is None and "Age: enter a whole number" in page.content.decode()
    page = client.get(url, {"assets_only": "on"})
    assert [s.name for s in page.context["results"]] == ["Friday lunch", "Supported hostel 0"]
    assert "Community asset" in page.content.decode()


def test_finding_services_does_not_grow_with_the_results(
    signed_in, commissioner, area, django_assert_max_num_queries
):
    client = signed_in(commissioner)
    url = reverse("directory:services")
    client.get(url, {"need": "homelessness"})
    with django_assert_max_num_queries(30) as few:
        client.get(url, {"need": "homelessness"})
    build_directory(n_services=6, prefix="More ")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"need": "homelessness"})


def test_a_service_page_shows_where_when_and_who_for(signed_in, commissioner, area):
    service = Service.objects.get(name="Supported hostel 0")
    page = signed_in(commissioner).get(reverse("directory:service", args=[service.pk])).content
    text = page.decode()
    assert "1 Quay Street" in text and "Weekdays" in text and "Adults with nowhere" in text
    assert "Change this service" not in text


def test_a_provider_manager_edits_their_own_organisations_service(signed_in, area):
    manager = make_user("nadia@example.org", area["drugs"], Role.PROVIDER_MANAGER)
    client = signed_in(manager)
    url = reverse("directory:service-edit", args=[area["treatment"].pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Treatment and recovery",
            "status": "active",
            "needs": ["substance_misuse", "offending"],
            "asset": "",
            "minimum_age": "18",
            "version": 1,
        },
    )
    assert response.status_code == 302
    area["treatment"].refresh_from_db()
    assert area["treatment"].name == "Treatment and recovery"
    assert area["treatment"].domains == ["offending", "substance_misuse"]
    assert area["treatment"].minimum_age == 18


def test_a_provider_manager_cannot_edit_another_organisations_service(signed_in, area):
    manager = make_user("nadia@example.org", area["drugs"], Role.PROVIDER_MANAGER)
    hostel_service = Service.objects.get(name="Supported hostel 0")
    client = signed_in(manager)
    assert (
        client.get(reverse("directory:service-edit", args=[hostel_service.pk])).status_code == 403
    )
    assert (
        client.post(reverse("directory:service-new", args=[area["hostel"].pk])).status_code == 403
    )


def test_practitioners_cannot_edit_and_administrators_can(signed_in, area):
    worker = make_user("ben@example.org", area["drugs"], Role.PRACTITIONER)
    url = reverse("directory:service-edit", args=[area["treatment"].pk])
    assert signed_in(worker).get(url).status_code == 403
    admin = make_user("tom@example.org", area["police"], Role.ADMINISTRATOR)
    response = signed_in(admin).post(
        reverse("directory:service-new", args=[area["lunch"].pk]),
        {"name": "Walking group", "status": "active", "needs": ["mental_health"], "asset": "group"},
    )
    assert response.status_code == 302
    walking = Service.objects.get(name="Walking group")
    assert walking.organisation == area["lunch"]
    assert set(walking.attributes.values_list("taxonomy_term__code", flat=True)) == {
        "mental_health",
        "group",
    }


def test_a_bad_age_range_is_named(signed_in, area):
    manager = make_user("nadia@example.org", area["drugs"], Role.PROVIDER_MANAGER)
    response = signed_in(manager).post(
        reverse("directory:service-edit", args=[area["treatment"].pk]),
        {"name": "Treatment", "status": "active", "minimum_age": "30", "maximum_age": "18"},
    )
    assert response.status_code == 200
    assert "The maximum age must be at least the minimum age" in response.content.decode()


def test_the_network_page_shows_brokers_and_the_isolated(signed_in, commissioner, area):
    client = signed_in(commissioner)
    page = client.get(reverse("directory:network"), {"period": "all", "ties": "0"})
    view = page.context["view"]
    assert [r["name"] for r in view.brokers] == ["Police"]
    assert {r["name"] for r in view.isolated} >= {"Lunch Club"}
    social = client.get(reverse("directory:network"), {"sector": "social", "period": "all"})
    names = {r["name"] for r in social.context["view"].rows}
    assert "Police" not in names and "Lunch Club" in names
    assert "network-elements" in social.content.decode()


def test_coverage_shows_gaps_and_organisations_missing_from_the_directory(
    signed_in, commissioner, area
):
    page = signed_in(commissioner).get(reverse("directory:coverage"))
    cov = page.context["cov"]
    quayside = Locality.objects.get(code="RV01")
    assert cov.counts[(quayside.pk, "homelessness")] == 1
    gaps = dict(cov.gaps)
    assert {n.code for n in gaps[area["old_town"]]} >= {"homelessness", "domestic_abuse"}
    assert {n.code for n in cov.needs_without_service} == {
        "domestic_abuse",
        "mental_health",
        "offending",
    }
    assert [(o.name, n) for o, n in cov.missing] == [("Magistrates' Court", 6)]
    assert cov.seen_in_casework == 1 and cov.listed_share == 0
    assert page.context["geojson"]["type"] == "FeatureCollection"
    square = [[[-1.5, 53.4], [-1.4, 53.4], [-1.4, 53.5], [-1.5, 53.5], [-1.5, 53.4]]]
    Locality.objects.filter(code="RV01").update(boundary={"type": "Polygon", "coordinates": square})
    drugs = signed_in(commissioner).get(reverse("directory:coverage"), {"need": "substance_misuse"})
    features = drugs.context["geojson"]["features"]
    wards = {
        f["properties"]["name"]: f["properties"]["services"]
        for f in features
        if f["properties"]["kind"] == "ward"
    }
    assert wards == {"Quayside": 0}  # only Quayside has a boundary here; no drug service
    homeless = signed_in(commissioner).get(reverse("directory:coverage"), {"need": "homelessness"})
    points = [
        f["properties"]
        for f in homeless.context["geojson"]["features"]
        if f["properties"]["kind"] != "ward"
    ]
    assert points == [
        {"kind": "asset", "name": "Supported hostel 0", "organisation": "Harbour Hostel"}
    ]


def test_the_network_api(signed_in, commissioner, area):
    client = signed_in(commissioner)
    body = client.get("/api/v1/directory/network", {"period": "all", "ties": 0}).json()
    names = {n["id"]: n["name"] for n in body["nodes"]}
    assert [names[i] for i in body["brokers"]] == ["Police"]
    assert any(names[i] == "Lunch Club" for i in body["isolates"])
    pairs = {frozenset((names[e["source"]], names[e["target"]])) for e in body["edges"]}
    assert frozenset(("Harbour Hostel", "Police")) in pairs
    assert client.get("/api/v1/directory/network", {"period": "soon"}).status_code == 400
    assert client.get("/api/v1/directory/network", {"sources": "gossip"}).status_code == 400
    kinds = {s["kind"] for s in client.get("/api/v1/directory/network/sources").json()}
    assert {"links", "involvements"} <= kinds


def test_a_provider_manager_describes_their_organisation_and_records_a_tie(signed_in, area):
    manager = make_user("nadia@example.org", area["drugs"], Role.PROVIDER_MANAGER)
    client = signed_in(manager)
    response = client.post(
        reverse("directory:organisation-edit", args=[area["drugs"].pk]),
        {
            "description": "Treatment and recovery",
            "website": "https://drugs.example.org",
            "version": 1,
        },
    )
    assert response.status_code == 302
    area["drugs"].refresh_from_db()
    assert area["drugs"].description == "Treatment and recovery"
    response = client.post(
        reverse("directory:link-new", args=[area["drugs"].pk]),
        {"organisation_b": area["lunch"].pk, "kind": "partnership", "note": "Lunch referrals"},
    )
    assert response.status_code == 302
    link = OrganisationLink.objects.get(organisation_a=area["drugs"], organisation_b=area["lunch"])
    assert link.kind == "partnership"
    page = client.get(reverse("directory:organisation", args=[area["lunch"].pk])).content.decode()
    assert "Lunch referrals" in page  # both ends show the tie
    bad = client.post(
        reverse("directory:link-new", args=[area["drugs"].pk]),
        {
            "organisation_b": area["lunch"].pk,
            "kind": "consortium",
            "started": "2026-05-01",
            "ended": "2026-01-01",
        },
    )
    assert "The end must be after the start" in bad.content.decode()


def test_others_cannot_describe_an_organisation_or_record_its_ties(signed_in, area):
    manager = make_user("nadia@example.org", area["drugs"], Role.PROVIDER_MANAGER)
    client = signed_in(manager)
    assert (
        client.get(reverse("directory:organisation-edit", args=[area["hostel"].pk])).status_code
        == 403
    )
    assert client.get(reverse("directory:link-new", args=[area["hostel"].pk])).status_code == 403


@pytest.mark.parametrize("name", ["directory:network", "directory:coverage"])
def test_the_map_pages_do_not_grow_with_the_directory(
    signed_in, commissioner, area, name, django_assert_max_num_queries
):
    client = signed_in(commissioner)
    client.get(reverse(name))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse(name))
    build_directory(n_services=5, prefix="More ")
    more = Organisation.objects.create(
        name="Another group", kind="community_group", sector="social"
    )
    OrganisationLink.objects.create(
        organisation_a=more, organisation_b=area["police"], kind="partnership"
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(name))


def test_the_organisations_list_filters_by_sector_and_shows_funding(signed_in, commissioner, area):
    client = signed_in(commissioner)
    page = client.get(reverse("directory:organisations"), {"sector": "social"})
    rows = {o.name: o for o in page.context["organisations"]}
    assert "Police" not in rows and "Lunch Club" in rows
    assert rows["Harbour Hostel"].funded and rows["Harbour Hostel"].running == 1
    assert not rows["Lunch Club"].funded
    assert "None: unfunded" in page.content.decode()


def service_edit(client, service, version, **fields):
    data = {"name": "Treatment and recovery", "status": "active", "needs": [], "asset": ""}
    data.update(fields)
    if version is not None:
        data["version"] = version
    return client.post(reverse("directory:service-edit", args=[service.pk]), data)


@pytest.mark.parametrize("version", [1, None, "0"])
def test_two_managers_editing_one_service_never_lose_an_update(signed_in, area, version):
    nadia = make_user("nadia@example.org", area["drugs"], Role.PROVIDER_MANAGER)
    omar = make_user("omar@example.org", area["drugs"], Role.PROVIDER_MANAGER)
    treatment = area["treatment"]
    first = service_edit(signed_in(nadia), treatment, 1, description="Open every weekday")
    assert first.status_code == 302
    response = service_edit(signed_in(omar), treatment, version, description="Mondays only")
    treatment.refresh_from_db()
    assert (treatment.description, treatment.version) == ("Open every weekday", 2)
    page = response.content.decode()
    assert "Someone else changed this since you opened it" in page
    assert "“Open every weekday”" in page and "Mondays only" in page
    assert 'name="version" value="2"' in page


def test_two_managers_describing_one_organisation_never_lose_an_update(signed_in, area):
    nadia = make_user("nadia@example.org", area["drugs"], Role.PROVIDER_MANAGER)
    omar = make_user("omar@example.org", area["drugs"], Role.PROVIDER_MANAGER)
    url = reverse("directory:organisation-edit", args=[area["drugs"].pk])
    page = signed_in(nadia).get(url).content.decode()
    assert 'name="version" value="1"' in page
    signed_in(nadia).post(url, {"description": "Treatment and recovery", "version": 1})
    response = signed_in(omar).post(url, {"description": "Needle exchange", "version": 1})
    area["drugs"].refresh_from_db()
    assert area["drugs"].description == "Treatment and recovery"
    assert "“Treatment and recovery”" in response.content.decode()
    again = signed_in(omar).post(url, {"description": "Needle exchange", "version": 2})
    area["drugs"].refresh_from_db()
    assert again.status_code == 302 and area["drugs"].description == "Needle exchange"
