"""A co-ordinator and the person record a journey-of-change reading together and disagree on
one area; the person later adds their own reading on a phone-sized screen."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import User
from tests.accounts.test_sign_in import code_for
from tests.e2e.conftest import PASSWORD, SHOTS, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_together_then_alone_on_a_phone(live_server, browser, page, area, axe):
    base, person = live_server.url, area["person"]
    sign_in(page, base, area["users"]["coordinator"])
    page.goto(f"{base}/people/{person.pk}/measures/journey/new/")
    page.check("#completed_by-together")
    for n, code in enumerate(
        ["accommodation", "money", "physical_health", "mental_health", "drugs_alcohol"]
        + ["offending", "relationships", "safety", "meaningful_time", "managing_tenancy"]
    ):
        page.check(f"#{code}-{4 + n % 3}")
    page.check("#person-money-2")  # the person sees money differently
    assert axe() == []
    page.click("text=Save the reading")
    page.wait_for_url(f"{base}/people/{person.pk}/measures/")
    assert "the person: 2" in page.inner_text('[data-testid="readings-journey"]')

    user = User.objects.create_user(email="dana@example.org", password=PASSWORD)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    person.account = user
    person.save()
    phone = browser.new_context(viewport={"width": 375, "height": 740}, bypass_csp=True)
    mobile = phone.new_page()
    mobile.goto(f"{base}/")
    mobile.fill("#id_username", user.email)
    mobile.fill("#id_password", PASSWORD)
    mobile.click("#submit-id-submit")
    mobile.wait_for_url("**/sign-in/code/**")
    mobile.fill("#id_code", code_for(TOTPDevice.objects.get(user=user)))
    mobile.click("#submit-id-submit")
    mobile.wait_for_url(f"{base}/me/")
    mobile.goto(f"{base}/me/measures/journey/")
    wide = mobile.evaluate("document.documentElement.scrollWidth")
    assert wide <= 375, f"the page scrolls sideways on a phone ({wide}px)"
    for code in ["accommodation", "money", "physical_health", "mental_health"]:
        mobile.check(f"#{code}-6")
    SHOTS.mkdir(parents=True, exist_ok=True)
    mobile.screenshot(path=str(SHOTS / "me-reading-phone.png"), full_page=False)
    mobile.click("text=Save the reading")
    mobile.wait_for_url(f"{base}/me/measures/")
    assert "No score" in mobile.inner_text("main")  # six areas missing: more than two
    assert person.assessments.filter(completed_by="person").count() == 1
    phone.close()
