"""A co-ordinator writes a support plan in the person's order and prints it for them."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import User
from tests.accounts.test_sign_in import code_for
from tests.e2e.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def add_step(page, base, pid, title, area_label, *, after=None):
    page.goto(f"{base}/people/{pid}/plan/steps/new/")
    page.fill("#id_title", title)
    page.select_option("#id_area", label=area_label)
    if after:
        page.get_by_label(after).check()
    page.click("#submit-id-submit")
    page.wait_for_url(f"{base}/people/{pid}/plan/")


def test_a_coordinator_plans_three_steps_with_a_dependency_and_prints_them(
    live_server, page, area, axe, screenshot
):
    base, pid = live_server.url, area["person"].pk
    sign_in(page, base, area["users"]["coordinator"])
    page.goto(f"{base}/people/{pid}/")
    # An outside organisation joins the team, and Dana agrees it may see her plan.
    page.click("text=Add an organisation or worker")
    page.select_option("#id_organisation", label="Riverside Council")
    page.fill("#id_professional_name", "Jo Hughes")
    page.fill("#id_role", "Housing officer")
    page.fill("#id_started_on_0", "2")
    page.fill("#id_started_on_1", "11")
    page.fill("#id_started_on_2", "2026")
    page.click("#submit-id-submit")
    assert "Jo Hughes" in page.locator("[data-testid=team]").inner_text()
    page.click("text=Sharing")
    page.click("text=Share with an organisation")
    page.select_option("#id_organisation", label="Riverside Council")
    page.get_by_role("radio", name="The person's consent").check()
    page.get_by_label("Their support plan and key dates").check()
    page.click("#submit-id-submit")
    entry = page.locator("[data-testid=ledger-entry]").first.inner_text()
    assert "Dana agreed that Riverside Council may see who they are, their support plan" in entry
    screenshot("sharing-ledger")
    page.goto(f"{base}/people/{pid}/")
    page.click("text=Support plan")
    assert page.locator("h1").inner_text() == "Support plan"
    add_step(page, base, pid, "Move into a flat of my own", "Somewhere to live")
    add_step(
        page,
        base,
        pid,
        "Start a detox",
        "Drug and alcohol treatment",
        after="Move into a flat of my own",
    )
    add_step(page, base, pid, "See my daughter at weekends", "Family and relationships")
    steps = page.locator("[data-testid=plan-steps] h3").all_inner_texts()
    assert steps == [
        "1. Move into a flat of my own",
        "2. Start a detox",
        "3. See my daughter at weekends",
    ]
    assert (
        "Waits for: “Move into a flat of my own” to be done first"
        in page.locator("#main-content").inner_text()
    )
    screenshot("support-plan")
    assert axe() == []
    page.goto(f"{base}/people/{pid}/plan/steps/new/")
    assert axe() == []
    page.goto(f"{base}/people/{pid}/plan/print/")
    text = page.locator("main").inner_text()
    assert "Dana's plan" in text
    assert "It comes after: move into a flat of my own." in text
    assert "You will do this." in text
    screenshot("support-plan-printed")
    assert axe() == []


def test_a_person_signs_in_to_their_own_view(live_server, page, area, axe, screenshot):
    person = area["person"]
    user = User.objects.create_user(
        email="dana@example.org", password=PASSWORD, full_name="Dana Example"
    )
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    person.account = user
    person.save()
    base = live_server.url
    page.goto(f"{base}/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("#submit-id-submit")
    page.wait_for_url("**/sign-in/code/**")
    page.fill("#id_code", code_for(TOTPDevice.objects.get(user=user)))
    page.click("#submit-id-submit")
    page.wait_for_url(f"{base}/me/")
    assert page.locator("h1").inner_text() == "Your plan, Dana"
    problems = {"/me/": axe()}
    for path in ("/me/team/", "/me/sharing/"):
        page.goto(base + path)
        problems[path] = axe()
    screenshot("own-view-team")
    page.goto(f"{base}/people/")
    assert page.url == f"{base}/me/", "nothing else is reachable"
    assert {k: v for k, v in problems.items() if v} == {}
