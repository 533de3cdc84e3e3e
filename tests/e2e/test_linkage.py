"""An analyst imports two extracts, runs linkage watching the progress bar, reviews an
uncertain pair and sees the area's fragmentation figures change."""

import pytest

from joinedup.accounts.roles import Role
from tests.conftest import make_user
from tests.e2e.conftest import sign_in
from tests.jobs.worker import worker_process
from tests.linkage.conftest import extracts

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_analyst_links_two_extracts_and_reviews_a_pair(
    live_server, page, area, axe, screenshot, tmp_path
):
    base = live_server.url
    analyst = make_user("grace@example.org", area["org"], Role.ANALYST, device=False)
    sign_in(page, base, analyst)
    housing, police, _ = extracts()
    for name, text in (("housing.csv", housing), ("police.csv", police)):
        path = tmp_path / name
        path.write_text(text)
        page.goto(f"{base}/linkage/")
        page.set_input_files("#id_file", str(path))
        page.click("button:has-text('Import')")
        page.wait_for_selector("text=New records")
        assert page.locator("#progress-bar").get_attribute("value") == "100"
    assert axe() == []

    page.goto(f"{base}/area/fragmentation/")
    assert page.locator("#linked-figures").count() == 0  # nothing linked yet

    page.goto(f"{base}/linkage/")
    assert axe() == []
    # Wide apart thresholds, so that this small area leaves pairs to review.
    page.fill("#id_match_threshold", "0.999")
    page.fill("#id_review_threshold", "0.05")
    with worker_process():  # the background worker, as `joinedup demo` starts beside the site
        page.click("button:has-text('Run linkage')")
        assert page.locator("#progress-bar").is_visible()
        page.wait_for_selector("text=Pairs for review", timeout=120_000)
    assert page.locator("#progress-bar").get_attribute("value") == "100"
    screenshot("linkage-run")
    assert axe() == []

    page.goto(f"{base}/area/fragmentation/")
    before = page.locator("#linked-figures").inner_text()

    page.goto(f"{base}/linkage/review/")
    assert axe() == []
    page.locator("table a.govuk-link").first.click()
    assert page.locator("h1").inner_text() == "Are these the same person?"
    assert page.locator("text=Evidence").is_visible()
    screenshot("linkage-review-pair")
    assert axe() == []
    # Whatever the run did with this pair, the reviewer's word changes it.
    together = "same person now" in page.locator("[data-testid=now]").inner_text()
    page.check("#verdict-different" if together else "#verdict-same")
    page.click("button:has-text('Save decision')")
    page.wait_for_url(f"{base}/linkage/review/")

    page.goto(f"{base}/area/fragmentation/")
    after = page.locator("#linked-figures").inner_text()
    assert after != before
    assert axe() == []
