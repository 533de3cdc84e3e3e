"""Browser tests: Playwright driving Debian's Chromium against a live server.

Skipped, saying why, only where the machine has no Chromium; CI installs it (.ci/run).
"""

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.roles import Role
from joinedup.directory.models import Organisation
from joinedup.people.models import Involvement, Person
from tests.accounts.test_sign_in import code_for
from tests.conftest import make_user

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "e2e"

PASSWORD = "correct horse battery"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# to set up data are still plain synchronous calls, so Django's guard is lifted here only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
                item.add_marker(
                    pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} on this machine")
                )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets the test inject axe-core; the pages' own CSP is tested elsewhere.
    context = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def axe_problems(page) -> list[str]:
    """Serious and critical axe-core violations on the page as it stands."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    problems = []
    for v in result["violations"]:
        nodes = [n for n in v["nodes"] if not _govuk_known_issue(v["id"], n)]
        if v["impact"] in ("serious", "critical") and nodes:
            problems.append(
                f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in nodes][:3]}"
            )
    return problems


def _govuk_known_issue(rule, node) -> bool:
    """GOV.UK Frontend's conditional reveal sets aria-expanded on a radio, which ARIA does not
    allow; GOV.UK keeps it on purpose, as screen readers announce it (govuk-frontend #979).
    Only that, on such a radio, is let through."""
    return (
        rule == "aria-allowed-attr"
        and "govuk-radios__input" in node["html"]
        and "aria-controls" in node["html"]
        and "aria-expanded" in node.get("failureSummary", "")
    )


@pytest.fixture
def axe(page):
    return lambda: axe_problems(page)


@pytest.fixture
def area(db):
    org = Organisation.objects.create(
        name="Riverside Multiple Needs Service", kind="charity", sector="social"
    )
    council = Organisation.objects.create(
        name="Riverside Council", kind="council_department", sector="public", commissions=True
    )
    users = {
        "coordinator": make_user("sam@example.org", org, Role.COORDINATOR),
        "commissioner": make_user("priya@example.org", council, Role.COMMISSIONER, device=False),
        "administrator": make_user("tom@example.org", council, Role.ADMINISTRATOR),
    }
    person = Person.objects.create(first_name="Dana", last_name="Example", postcode="RV1 2AB")
    Involvement.objects.create(
        person=person,
        organisation=org,
        professional=users["coordinator"],
        role="Co-ordinator",
        is_lead=True,
        started_on=timezone.localdate() - timedelta(days=40),
    )
    return {"users": users, "person": person, "org": org}


def sign_in(page, base, user):
    page.goto(f"{base}/")
    assert "/sign-in/" in page.url
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("#submit-id-submit")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device:
        page.wait_for_url("**/sign-in/code/**")
        page.fill("#id_code", code_for(device))
        page.click("#submit-id-submit")
    page.wait_for_url(f"{base}/")
