"""A commissioner builds an outcome framework with two indicators on the demo area, records
how it was co-produced, publishes it and sees the indicators computed on the area's data."""

import pytest

from joinedup.synthetic.generator import generate

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_as_demo_commissioner(page, base):
    page.goto(f"{base}/")
    page.fill("#id_username", "priya.shah@example.org")
    page.fill("#id_password", "joinedup-demo")
    page.click("#submit-id-submit")
    page.wait_for_url(f"{base}/")


def add_indicator(page, base, version_id, kind, fields):
    page.goto(f"{base}/outcome-frameworks/versions/{version_id}/indicators/new/")
    page.check(f"input[name=kind][value={kind}]")
    page.click("#submit-id-submit")
    for name, value in fields.items():
        if name in ("status",):
            page.select_option(f"#id_{name}", value)
        elif name in ("direction", "period_months"):
            page.check(f"input[name={name}][value='{value}']")
        else:
            page.fill(f"#id_{name}", value)
    page.click("#submit-id-submit")
    page.wait_for_url(f"{base}/outcome-frameworks/versions/{version_id}/")


@pytest.mark.usefixtures("threshold_five")  # the 1,500-person area is worked for 5
def test_a_commissioner_builds_a_framework_and_sees_it_report_itself(
    live_server, page, axe, screenshot
):
    generate(people=1500, seed=1)
    base = live_server.url
    sign_in_as_demo_commissioner(page, base)
    page.click("text=Outcome frameworks")
    assert "Riverside outcomes for people facing multiple disadvantage" in page.content()
    assert axe() == []
    page.click("text=Start an outcome framework")
    page.click("#submit-id-submit")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator(".govuk-error-summary a[href='#id_name']").count() == 1
    assert axe() == []
    page.fill("#id_name", "Riverside co-ordination outcomes")
    page.fill("#id_population", "Adults on the by-name list.")
    page.check("input[name=cohort][value=on_list]")
    page.click("#submit-id-submit")
    page.wait_for_url("**/outcome-frameworks/versions/*/")
    version_id = page.url.rstrip("/").split("/")[-1]
    page.click("a.govuk-button:has-text('Add a domain')")
    page.fill("#id_name", "Somewhere to live")
    page.click("#submit-id-submit")
    page.click("a.govuk-button:has-text('Add an outcome')")
    page.fill("#id_statement", "I have a home of my own")
    page.click("#submit-id-submit")
    add_indicator(
        page,
        base,
        version_id,
        "list_status",
        {"name": "Moved on", "status": "moved_on", "direction": "higher", "period_months": "6"},
    )
    add_indicator(
        page,
        base,
        version_id,
        "first_help",
        {"name": "Days to a co-ordinator", "direction": "lower", "period_months": "6"},
    )
    page.click("text=Record the co-production record")
    page.check("input[name=level][value=co_producing]")
    page.check("input[name=methods][value=workshops]")
    page.fill("#id_started_on_0", "10")
    page.fill("#id_started_on_1", "1")
    page.fill("#id_started_on_2", "2026")
    page.fill("#id_lived_experience", "14")
    page.fill("#id_front_line", "9")
    page.fill("#id_what_changed", "Moving on came first.")
    assert axe() == []
    page.click("#submit-id-submit")
    page.click("text=Publish version 1")
    assert "Version 1: Published" in page.locator("[data-testid=status]").inner_text()
    page.click("text=See the indicators computed on the area's data")
    sections = page.locator("[data-testid=indicator-report]")
    assert sections.count() == 2
    for i in range(2):
        latest = sections.nth(i).locator("[data-testid=latest-value]").inner_text()
        assert "Not shown" not in latest, latest
        assert sections.nth(i).locator("table tbody tr").count() == 4
    assert "%" in sections.nth(0).locator("[data-testid=latest-value]").inner_text()
    assert "days" in sections.nth(1).locator("[data-testid=latest-value]").inner_text()
    record = page.locator("[data-testid=coproduction]").inner_text()
    assert "People with lived experience: 14" in record and "Front-line workers: 9" in record
    screenshot("outcome-framework-report")
    assert axe() == []
