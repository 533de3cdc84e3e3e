"""A commissioner pools two departments' money, lets a payment-by-results contract with a prime,
two subs and a rate card, sees the warning that a small sub has 60% of its income at risk
against the 20% cap, compares its cash flow with a block contract in one chart, and records a
review decision that cannot be saved without a transition plan."""

from decimal import Decimal

import pytest

from joinedup.accounts.roles import Role
from joinedup.commissioning.models import Contract, ProviderProfile
from joinedup.commissioning.review_models import ReviewDecision
from joinedup.directory.models import Organisation
from joinedup.measures.models import Domain, FrameworkVersion, Indicator, Outcome, OutcomeFramework
from tests.conftest import make_user
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _org(name, income=None, **fields):
    made = Organisation.objects.create(
        name=name,
        kind=fields.pop("kind", "charity"),
        sector=fields.pop("sector", "social"),
        **fields,
    )
    if income:
        ProviderProfile.objects.create(
            organisation=made, annual_income=Decimal(income), accounts_year=2025
        )
    return made


@pytest.fixture
def commissioning_area(db):
    housing = _org(
        "Council Housing Options", kind="council_department", sector="public", commissions=True
    )
    _org("Council Adult Social Care", kind="council_department", sector="public", commissions=True)
    for name, income in (
        ("Multiple Needs Service", "2400000"),
        ("Harbour Hostel", "1100000"),
        ("Second Chance Peer Mentors", "180000"),
    ):
        _org(name, income)
    framework = OutcomeFramework.objects.create(name="Riverside outcomes", commissioner=housing)
    version = FrameworkVersion.objects.create(framework=framework, number=1, population="All")
    outcome = Outcome.objects.create(
        domain=Domain.objects.create(version=version, name="Home"),
        statement="I have a place of my own",
    )
    Indicator.objects.create(
        outcome=outcome,
        name="Share moved on",
        kind="list_status",
        params={"status": "moved_on"},
        direction="higher",
    )
    version.status = "published"
    version.save()
    return make_user("priya@example.org", housing, Role.COMMISSIONER, device=False)


def _date(page, field, day, month, year):
    page.fill(f"#id_{field}_0", str(day))
    page.fill(f"#id_{field}_1", str(month))
    page.fill(f"#id_{field}_2", str(year))


def _provider(page, name, tier, value, at_risk):
    page.click("text=Add a provider")
    page.select_option("#id_organisation", label=name)
    page.check(f"input[name=tier][value={tier}]")
    page.fill("#id_value", value)
    page.fill("#id_at_risk", at_risk)
    page.click("#submit-id-submit")
    page.wait_for_url("**/commissioning/contracts/*/#supply-chain")


def test_a_commissioner_lets_a_pbr_contract_and_sees_its_risk_and_cash_flow(
    live_server, page, axe, screenshot, commissioning_area
):
    base = live_server.url
    sign_in(page, base, commissioning_area)
    page.click("nav >> text=Commissioning")
    assert axe() == []

    # A pooled budget from two departments.
    page.click("text=Create a pooled budget")
    page.fill("#id_name", "Young people's pathway pool")
    page.fill("#id_purpose", "One pathway for young people at risk of homelessness")
    page.fill("#id_governance", "A joint board of both departments")
    page.click("#submit-id-submit")
    for department, amount in (
        ("Council Housing Options", "240000"),
        ("Council Adult Social Care", "160000"),
    ):
        page.click("text=Add a contribution")
        page.select_option("#id_commissioner", label=department)
        page.fill("#id_amount", amount)
        page.click("#submit-id-submit")
    assert "£400,000" in page.inner_text("main")
    assert axe() == []

    # A payment-by-results contract with a prime and two subs.
    page.click("text=Back to commissioning")
    page.click("text=Let a contract")
    page.fill("#id_reference", "YP-001")
    page.fill("#id_title", "Young people's pathway")
    page.check("input[name=mechanism][value=pbr]")
    page.check("input[name=delivery][value=prime]")
    _date(page, "starts_on", 1, 4, 2026)
    _date(page, "ends_on", 31, 3, 2029)
    page.fill("#id_value", "1000000")
    page.fill("#id_payment_lag_months", "2")
    page.fill("#id_outcome_cap", "240000")
    page.fill("#id_monthly_cost", "27000")
    page.select_option("#id_budget", label="Young people's pathway pool")
    page.click("#submit-id-submit")
    page.wait_for_url("**/commissioning/contracts/*/")
    _provider(page, "Multiple Needs Service", "prime", "700000", "70000")
    _provider(page, "Harbour Hostel", "sub", "200000", "40000")
    _provider(page, "Second Chance Peer Mentors", "sub", "100000", "60000")
    page.click("text=Add an outcome to the rate card")
    page.fill("#id_name", "Moved on to a home of their own")
    page.select_option("#id_indicator", index=1)
    page.check("input[name=stage][value=final]")
    page.fill("#id_price", "1500")
    page.fill("#id_expected", "160")
    page.click("#submit-id-submit")
    page.wait_for_url("**/commissioning/contracts/*/#rate-card")
    warnings = page.inner_text("[data-testid=risk-warnings]")
    assert "Second Chance Peer Mentors (a small provider" in warnings
    assert "has 60% of its income from this contract at risk, above the cap of 20%" in warnings
    assert axe() == []
    screenshot("commissioning-contract")

    # Cash flow under payment by results and a block contract, in one chart.
    page.click("text=See the cash flow")
    assert page.is_checked("input[name=compare][value=block]")
    page.click("#submit-id-submit")
    chart = page.locator("figure.app-chart")
    assert chart.count() == 1 and "Block contract" in chart.inner_text()
    rows = page.locator("[data-testid=working-capital] tbody tr")
    assert rows.count() == 2
    assert axe() == []
    screenshot("commissioning-cash-flow")

    # A review decision: re-tendering needs a transition plan.
    page.click("text=Back to YP-001")
    page.click("text=Record a review decision")
    page.check("input[name=decision][value=retender]")
    page.fill("#id_reasons", "Move-on far below what was expected; the market has changed.")
    page.click("#submit-id-submit")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "Write the transition plan" in summary.inner_text()
    summary.locator("a[href='#id_transition_plan']").click()
    assert page.evaluate("document.activeElement.id") == "id_transition_plan"
    page.fill(
        "#id_transition_plan", "Each young person keeps their worker until the new service starts."
    )
    page.click("#submit-id-submit")
    page.wait_for_url("**/commissioning/contracts/*/#decisions")
    decision = ReviewDecision.objects.get()
    assert decision.decision == "retender" and decision.evidence["value"] == "1000000.00"
    assert Contract.objects.get().budget.contributions.count() == 2
    assert axe() == []
    assert page.js_errors == []
