"""A commissioner finds services for a need in a ward, opens the ecosystem map, filters it to
the social sector and sees an isolated community group; then the coverage map."""

import pytest

from joinedup.directory import services
from joinedup.directory.models import Locality, Organisation, OrganisationLink, Service
from tests.directory.conftest import build_directory
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def directory(area):
    hostel, _ = build_directory(n_services=1)
    old_town = Locality.objects.create(
        code="RV02",
        name="Old Town",
        population=8700,
        deprivation_decile=1,
        postcode_district="RV2",
        boundary={
            "type": "Polygon",
            "coordinates": [
                [[-1.49, 53.4], [-1.46, 53.4], [-1.46, 53.42], [-1.49, 53.42], [-1.49, 53.4]]
            ],
        },
    )
    Locality.objects.filter(code="RV01").update(
        boundary={
            "type": "Polygon",
            "coordinates": [
                [[-1.52, 53.4], [-1.49, 53.4], [-1.49, 53.42], [-1.52, 53.42], [-1.52, 53.4]]
            ],
        }
    )
    drugs = Organisation.objects.create(
        name="Riverside Drug and Alcohol Service", kind="drug_alcohol_service", sector="social"
    )
    treatment = Service.objects.create(
        organisation=drugs, name="Drug and alcohol treatment", locality=old_town
    )
    services.set_terms(treatment, services.NEEDS, ["substance_misuse"])
    police = Organisation.objects.create(name="Riverside Police", kind="police", sector="public")
    lunch = Organisation.objects.create(
        name="Upper Vale Lunch Club", kind="community_group", sector="social"
    )
    club = Service.objects.create(organisation=lunch, name="Friday lunch", locality=old_town)
    services.set_terms(club, services.ASSETS, ["volunteers"])
    for a, b in [(hostel, police), (drugs, police)]:
        OrganisationLink.objects.create(organisation_a=a, organisation_b=b, kind="partnership")
    return area


def test_a_commissioner_finds_services_and_the_isolated_group(
    live_server, page, directory, axe, screenshot
):
    base = live_server.url
    sign_in(page, base, directory["users"]["commissioner"])
    page.goto(f"{base}/organisations/")
    page.click("text=Find services")
    page.select_option("#id_need", label="Drug and alcohol use")
    page.select_option("#id_locality", label="Old Town")
    page.click("button:has-text('Find services')")
    results = page.locator("[data-testid=results]")
    assert "Drug and alcohol treatment" in results.inner_text()
    assert "Supported hostel" not in results.inner_text()
    assert axe() == []
    screenshot("directory-find-services")

    page.click("text=Ecosystem map")
    page.wait_for_selector("#network-map[data-drawn]")
    assert "Riverside Police" in page.locator("[data-testid=brokers]").inner_text()
    page.select_option("#id_sector", label="Social (voluntary and community)")
    page.click("text=Show the network")
    page.wait_for_selector("#network-map[data-drawn]")
    assert "Upper Vale Lunch Club" in page.locator("[data-testid=isolated]").inner_text()
    table = page.locator("[data-testid=network-table]").inner_text()
    assert "Riverside Police" not in table
    assert page.locator("#network-map canvas").count() > 0
    assert axe() == []
    screenshot("directory-network-social")

    page.click("text=Coverage and gaps")
    page.wait_for_selector("#coverage-map[data-drawn='2']")
    assert "Old Town" in page.locator("[data-testid=gaps]").inner_text()
    assert axe() == []
    screenshot("directory-coverage")
    assert page.js_errors == []


def test_a_provider_manager_changes_their_service(live_server, page, directory, axe):
    from joinedup.accounts.roles import Role
    from tests.conftest import make_user

    base = live_server.url
    drugs = Organisation.objects.get(name="Riverside Drug and Alcohol Service")
    manager = make_user("nadia@example.org", drugs, Role.PROVIDER_MANAGER)
    sign_in(page, base, manager)
    page.goto(f"{base}/organisations/{drugs.pk}/")
    page.click("text=Drug and alcohol treatment")
    assert axe() == []
    page.click("text=Change this service")
    assert axe() == []
    page.fill("#id_eligibility_description", "Adults in Riverside who use drugs or alcohol")
    page.check("input[name=needs][value=offending]")
    page.click("text=Save the service")
    assert "is saved" in page.locator(".govuk-notification-banner").inner_text()
    assert "Offending" in page.locator("main").inner_text()
    assert axe() == []
    page.goto(f"{base}/organisations/{drugs.pk}/")
    assert axe() == []
    page.click("text=Describe this organisation")
    assert axe() == []
    page.fill("#id_description", "Treatment and recovery for adults")
    page.click("button:has-text('Save'), input[value='Save']")
    page.click("text=Record a tie")
    assert axe() == []
    page.select_option("#id_organisation_b", label="Upper Vale Lunch Club")
    page.check("input[name=kind][value=partnership]")
    page.fill("#id_note", "Lunch after group")
    page.click("text=Record the tie")
    assert "Lunch after group" in page.locator("main").inner_text()
    assert page.js_errors == []
