"""A provider manager makes a claim from the evidence and submits it; the commissioner who pays
sees it without names, tries to reject it without a reason, accepts it and records the
payment. Both pages pass axe-core."""

from datetime import date

import pytest

from joinedup.accounts.roles import Role
from joinedup.commissioning.claim_models import Claim
from tests.commissioning import claims_area as claims_data
from tests.conftest import make_user
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _date(page, field, day):
    page.fill(f"#id_{field}_0", str(day.day))
    page.fill(f"#id_{field}_1", str(day.month))
    page.fill(f"#id_{field}_2", str(day.year))


def test_a_claim_from_evidence_to_payment(live_server, browser, page, area, axe, screenshot):
    base, org = live_server.url, area["org"]
    council = claims_data.commissioner_org("Riverside Council Housing")
    contract = claims_data.contract(council, org)
    claims_data.rate(contract, claims_data.indicator(council))
    dana = claims_data.served_person(org, "Dana")
    claims_data.crossing(dana)
    manager = make_user("nadia@example.org", org, Role.PROVIDER_MANAGER)
    payer = make_user("cara@example.org", council, Role.COMMISSIONER, device=False)

    sign_in(page, base, manager)
    page.goto(f"{base}/commissioning/contracts/{contract.pk}/claims/new/")
    _date(page, "period_start", date(2025, 1, 1))
    _date(page, "period_last", date(2025, 6, 30))
    assert axe() == []
    page.click("text=Find the evidence")
    page.wait_for_url("**/commissioning/claims/*/")
    assert "Dana Served" in page.inner_text("main") and "NDT total 27" in page.inner_text("main")
    assert axe() == []
    page.click("text=Submit the claim")
    page.wait_for_selector("text=Claim sent to the commissioner.")
    claim = Claim.objects.get()

    page.context.clear_cookies()
    sign_in(page, base, payer)
    page.goto(f"{base}/commissioning/claims/{claim.pk}/")
    assert "Dana" not in page.inner_text("main")
    page.check("input[value=reject]")
    page.click("text=Decide")
    assert "Say why you reject the claim" in page.inner_text(".govuk-error-summary")
    assert axe() == []
    page.check("input[value=accept]")
    page.click("text=Decide")
    page.wait_for_selector("text=Claim accepted, to be paid.")
    _date(page, "paid_on", date.today())
    page.fill("#id_reference", "BACS 42")
    page.click("#submit-id-submit")
    page.wait_for_selector("text=Payment recorded.")
    screenshot("claim-paid")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID and claim.payment.amount == 1500
    assert page.js_errors == []
