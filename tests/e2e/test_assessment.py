"""A service runs a self-assessment round; a barrier met in casework reaches a commissioner."""

import pytest

from joinedup.accounts.roles import Role
from joinedup.assessment import frameworks_data
from joinedup.assessment.models import Round
from joinedup.plans.models import PlanStep, SupportPlan
from tests.conftest import make_user
from tests.e2e.conftest import SHOTS, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def rate_all(page, value):
    for radio in page.locator(f"input[type=radio][value='{value}'][name^='level-']").all():
        radio.check()


def test_a_round_with_staff_and_a_service_user_on_a_phone(
    live_server, browser, page, area, axe, screenshot
):
    frameworks_data.load()
    base = live_server.url
    manager = make_user("nadia@example.org", area["org"], Role.PROVIDER_MANAGER)
    sign_in(page, base, manager)
    page.goto(f"{base}/self-assessment/")
    page.select_option("#framework", label="The MEAM Approach (version 1)")
    page.fill("#service", "Multiple needs co-ordination")
    page.click("text=Open a round")
    round_ = Round.objects.get()
    # A service user answers on a phone, without an account.
    phone = browser.new_context(viewport={"width": 375, "height": 740}, bypass_csp=True)
    mobile = phone.new_page()
    for answer in ("0", "1", "1"):
        mobile.goto(f"{base}/have-your-say/{round_.public_token}/")
        rate_all(mobile, answer)
        mobile.click("text=Send my answers")
        assert mobile.locator("h1").inner_text() == "Thank you"
    mobile.goto(f"{base}/have-your-say/{round_.public_token}/")
    SHOTS.mkdir(parents=True, exist_ok=True)
    mobile.screenshot(path=str(SHOTS / "have-your-say-phone.png"), full_page=True)
    phone.close()
    page.goto(f"{base}/have-your-say/{round_.public_token}/")
    assert axe() == []
    # Staff give theirs.
    page.goto(f"{base}/self-assessment/{round_.pk}/staff/")
    assert axe() == []
    rate_all(page, "3")
    page.click("text=Save my ratings")
    page.wait_for_url(f"{base}/self-assessment/{round_.pk}/")
    first_row = page.locator("[data-testid=round-results] tbody tr").first.inner_text()
    assert "3" in first_row and "0.67" in first_row  # staff 3, service users (0+1+1)/3
    screenshot("self-assessment-round")
    assert axe() == []


def test_a_keyworker_logs_a_barrier_that_a_commissioner_groups(live_server, page, area, axe):
    base, person = live_server.url, area["person"]
    plan = SupportPlan.objects.create(person=person)
    step = PlanStep.objects.create(
        plan=plan,
        position=1,
        area="housing",
        title="A hostel place",
        status="blocked",
        blocked_by="Hostel says detox first",
    )
    sign_in(page, base, area["users"]["coordinator"])
    page.goto(f"{base}/people/{person.pk}/plan/")
    page.click("text=Log this as a barrier")
    page.fill("#id_rule", "No admission while using")
    page.select_option("#id_category", label="Eligibility and thresholds")
    page.fill("#id_effect", "Slept rough for six weeks")
    page.fill("#id_delay_days", "42")
    page.click("#submit-id-submit")
    page.wait_for_url(f"{base}/people/{person.pk}/plan/")
    page.context.clear_cookies()
    sign_in(page, base, area["users"]["commissioner"])
    page.goto(f"{base}/barriers/")
    assert "No admission while using" in page.content() and "Dana" not in page.content()
    assert axe() == []
    page.locator("input[name=barrier]").first.check()
    page.fill("#title", "Hostels exclude people who use drugs")
    page.click("text=Group into a system issue")
    assert page.locator("h1").inner_text().startswith("Hostels exclude people who use drugs")
    assert step.barriers.get().system_issue.title == "Hostels exclude people who use drugs"
    page.goto(f"{base}/barriers/issues/")
    assert (
        "Hostels exclude people who use drugs"
        in page.locator("[data-testid=issue-report]").inner_text()
    )
