"""An analyst starts a linkage run, closes the page while it runs, opens it again later and
sees how far the run has got, then its result: the run is the worker's, not the page's."""

import pytest

from joinedup.accounts.roles import Role
from joinedup.linkage.models import Run
from tests.conftest import make_user
from tests.e2e.conftest import sign_in
from tests.jobs.worker import wait_for, worker_process
from tests.linkage.test_runs import load_all

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_run_goes_on_with_the_page_closed_and_shows_its_progress_on_return(
    live_server, page, area, axe, screenshot
):
    base = live_server.url
    analyst = make_user("grace@example.org", area["org"], Role.ANALYST, device=False)
    load_all()
    sign_in(page, base, analyst)
    tab = page.context.new_page()
    tab.goto(f"{base}/linkage/")
    tab.click("button:has-text('Run linkage')")
    tab.wait_for_selector("#progress-bar")
    assert "Waiting for the background worker" in tab.locator("#job").inner_text()
    run_url = tab.url
    tab.close()  # nobody watches the run from here on

    # This worker waits a little as it starts linking, so the run is caught mid-way.
    with worker_process(LINKAGE_TEST_PAUSE_SECONDS="8", LINKAGE_TEST_PAUSE_AT="link"):
        wait_for(lambda: Run.objects.get().job.words.startswith("Linking"), what="linking")
        page.goto(run_url)
        job = page.locator("#job")
        assert "Linking records to people" in job.inner_text()
        assert 0 < int(page.locator("#progress-bar").get_attribute("value")) < 100
        assert "you can close this page and come back" in job.inner_text()
        screenshot("linkage-run-reopened-running")
        assert axe() == []
        # The page polls the stored progress, and shows the result once the worker is done.
        page.wait_for_selector("text=Pairs for review", timeout=120_000)
    assert page.locator("#progress-bar").get_attribute("value") == "100"
    assert "Links changed" in page.locator("#job").inner_text()
    assert Run.objects.get().status == Run.Status.DONE
    screenshot("linkage-run-reopened-done")
    assert axe() == []
    assert page.js_errors == []
