"""Each role signs in through the real pages and lands on its home; main pages pass axe-core."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.assessment import frameworks_data
from tests.accounts.test_sign_in import code_for
from tests.e2e.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_signs_in_with_a_code_and_lands_on_their_people(
    live_server, page, area, screenshot
):
    sign_in(page, live_server.url, area["users"]["coordinator"])
    assert page.locator("h1").inner_text() == "Your people"
    identity = page.locator("[data-testid=identity]").inner_text()
    assert "Co-ordinator, Riverside Multiple Needs Service" in identity
    assert page.locator("[data-testid=people-count]").inner_text() == "1"
    screenshot("coordinator-home")
    page.click("text=Dana Example")
    assert page.locator("h1").inner_text().startswith("Dana Example")
    screenshot("person-record")
    assert page.js_errors == []


def test_a_commissioner_lands_on_the_area_without_names(live_server, page, area, screenshot):
    sign_in(page, live_server.url, area["users"]["commissioner"])
    assert page.locator("h1").inner_text() == "Every department: your area"
    # Nobody's service use is recorded in this small area.
    assert page.locator("[data-testid=department-people]").inner_text() == "0"
    assert "Dana" not in page.content()
    nav = page.locator(".govuk-service-navigation__list").inner_text()
    assert "People" not in nav
    screenshot("commissioner-home")


def test_the_main_pages_have_no_serious_accessibility_problems(live_server, page, area, axe):
    base = live_server.url
    page.goto(f"{base}/sign-in/")
    problems = {"sign-in": axe()}
    coordinator = area["users"]["coordinator"]
    page.fill("#id_username", coordinator.email)
    page.fill("#id_password", PASSWORD)
    page.click("#submit-id-submit")
    page.wait_for_url("**/sign-in/code/**")
    problems["code"] = axe()
    page.fill("#id_code", code_for(TOTPDevice.objects.get(user=coordinator)))
    page.click("#submit-id-submit")
    page.wait_for_url(f"{base}/")
    pid = area["person"].pk
    for path in [
        "/",
        "/people/",
        f"/people/{pid}/",
        f"/people/{pid}/timeline/",
        f"/people/{pid}/ndt/new/",
        f"/people/{pid}/team/new/",
        f"/people/{pid}/their-people/new/",
        f"/people/{pid}/notes/new/",
        f"/people/{pid}/restriction/",
        f"/people/{pid}/sharing/",
        f"/people/{pid}/sharing/new/",
        f"/people/{pid}/plan/",
        f"/people/{pid}/access/",
        "/organisations/",
        f"/organisations/{area['org'].pk}/",
        "/account/",
        "/barriers/",
        "/barriers/new/",
        "/self-assessment/",
    ]:
        page.goto(base + path)
        problems[path] = axe()
    page.context.clear_cookies()
    sign_in(page, base, area["users"]["administrator"])
    member = area["users"]["commissioner"].pk  # same organisation as the administrator
    for path in [
        "/",
        "/audit/",
        "/team/",
        "/team/new/",
        f"/team/{member}/",
        "/area/fragmentation/",
        "/barriers/",
        "/barriers/issues/",
        "/self-assessment/area/",
        "/self-assessment/frameworks/",
        "/self-assessment/area/report/",
        f"/self-assessment/frameworks/{frameworks_data.load()[0].pk}/",
    ]:
        page.goto(base + path)
        problems[f"administrator {path}"] = axe()
    assert {k: v for k, v in problems.items() if v} == {}
