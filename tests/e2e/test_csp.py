"""The ecosystem map draws under our own content security policy, with nothing refused (issue
19 item 9): the other browser tests lift the policy to inject axe-core, so this one does not."""

import pytest

from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_ecosystem_map_draws_with_no_policy_refusal(live_server, browser, area):
    context = browser.new_context(viewport={"width": 1200, "height": 900})  # policy enforced
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", area["users"]["commissioner"].email)
    page.fill("#id_password", PASSWORD)
    page.click("#submit-id-submit")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/organisations/network/")
    page.wait_for_selector("#network-map[data-drawn]")
    assert page.locator("#network-map").get_attribute("data-drawn") == "2"
    position = page.evaluate("getComputedStyle(document.getElementById('network-map')).position")
    assert position == "relative"  # Cytoscape's rule, from our stylesheet
    assert errors == []
    context.close()
