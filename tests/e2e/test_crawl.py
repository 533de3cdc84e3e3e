"""A crawl of every page as every role (issue 19's acceptance): no server error, no console
error (a content security policy refusal is one), no serious or critical axe-core violation,
and no raw code or snake_case word in the visible text.

Bounded in time: a small synthetic area; every page is fetched as every role through the test
client (fast), and each page (URL pattern and template) is opened once in Chromium, as the
first role that may see it, for the console and axe-core. One object is sampled per URL
parameter, never every person. Downloads and actions are left out: they have their own tests.
"""

import queue
import re
import threading
import time
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client

from joinedup.accounts.models import User
from joinedup.directory.models import Organisation
from joinedup.linkage.models import ImportBatch, ReviewPair, Run, SourceRecord
from joinedup.people import access
from joinedup.people.models import Person
from joinedup.synthetic.generator import generate
from tests.conftest import sign_in as client_sign_in
from tests.e2e.conftest import AXE, _govuk_known_issue
from tests.test_url_permissions import PATTERNS, url_for

pytestmark = pytest.mark.django_db(transaction=True)

#: Small, as the crawl samples one object per URL parameter: enough for every page to fill.
AREA_SIZE = 150
ROLES = {
    "co-ordinator": "sam.keller@example.org",
    "practitioner": "ben.adeyemi@example.org",
    "panel member": "helen.price@example.org",
    "provider manager": "nadia.rahman@example.org",
    "commissioner": "claire.dobson@example.org",
    "analyst": "grace.lin@example.org",
    "administrator": "tom.okafor@example.org",
    "the person": "nicola.murphy@example.net",
}
#: Not pages: files to download, the health check, and buttons that act (POST only).
LEFT_OUT = re.compile(
    r"export|pdf|sample|healthz|sign-out|choose-role|-step$|undo|step-move|-progress$"
)  # a progress partial is checked inside its page
PAGES = [
    (name, params)
    for name, params in PATTERNS
    if not name.startswith(("api-v1:", "hsds:")) and not LEFT_OUT.search(name)
]
#: Templates that many URL patterns fill with a different form each.
SHARED_TEMPLATES = {"form_page.html"}
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
WORD = re.compile(r"[a-z]+")
#: Text that is meant literally: code samples, and what scripts and styles hold.
NOT_SHOWN = {"script", "style", "code", "pre", "template", "textarea", "noscript"}


def codes() -> set[str]:
    """Every stored choice of the product's models written without its underscores
    ('substancemisuse'): such a word on a page is a raw code."""
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("joinedup."):
            continue
        for field in model._meta.get_fields():
            for value, _ in getattr(field, "choices", None) or []:
                if isinstance(value, str) and "_" in value:
                    found.add(value.replace("_", ""))
    return found


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in NOT_SHOWN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in NOT_SHOWN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


#: Codes that are also words people write ('front_line' is spelt so in the NDT's own items).
REAL_WORDS = {"frontline"}


def word_problems(text: str, raw: set[str]) -> list[str]:
    found = set(SNAKE.findall(text))
    found |= {w for w in WORD.findall(text.lower()) if w in raw - REAL_WORDS}
    return sorted(found)


def linkage_pages():
    """One import, one run and one pair to review, so the linkage pages have something."""
    batch = ImportBatch.objects.create(filename="housing.csv", status="done")
    run = Run.objects.create(status="done")
    a, b = (
        SourceRecord.objects.create(source="housing", source_id=f"H{i}", first_name="Ann")
        for i in (1, 2)
    )
    pair = ReviewPair.objects.create(run=run, record_a=a, record_b=b, probability=0.86)
    return {"batch_id": batch.pk, "run_id": run.pk, "pair_id": pair.pk}


def sample_person(user) -> Person:
    """The person whose pages the role is crawled on: their own record, or the first person
    their organisation works with (someone they may see at all, failing that)."""
    own = Person.objects.filter(account=user).first()
    if own:
        return own
    visible = access.persons_visible_to(user).order_by("pk")
    membership = user.active_memberships().first()
    ours = visible.filter(involvements__organisation=membership.organisation).first()
    return ours or visible.first() or Person.objects.order_by("pk").first()


def fetch_every_page(ids, raw, problems, to_open: queue.Queue, stats: dict) -> None:
    """Every page as every role through the test client (in a thread of its own, so the
    browser can check pages meanwhile): server errors and words. Each page (template as a role
    type sees it) is queued once, with the role's session, for the browser."""
    seen = set()
    try:
        for role, email in ROLES.items():
            user = User.objects.get(email=email)
            client = client_sign_in(Client(), user)
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            membership = user.active_memberships().first()
            organisation = (
                membership.organisation
                if membership
                else Organisation.objects.filter(memberships__isnull=False).first()
            )
            person = sample_person(user)
            for name, params in PAGES:
                url = url_for(name, params, person=person, organisation=organisation)
                for key in ("batch_id", "run_id", "pair_id"):
                    if key in params:
                        url = url.replace("/1/", f"/{ids[key]}/")
                response = client.get(url)
                stats["fetched"] += 1
                if response.status_code >= 500:
                    problems.append(f"{role} {url}: {response.status_code}")
                    continue
                if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                    continue
                text = visible_text(response.content.decode())
                for word in word_problems(text, raw):
                    problems.append(f"{role} {url}: shows the code {word!r}")
                # A page is one template as one role type sees it; the shared form page
                # differs by its form, so it counts once per URL pattern.
                template = response.templates[0].name if response.templates else name
                key = (template, name if template in SHARED_TEMPLATES else "")
                if key not in seen:
                    seen.add(key)
                    to_open.put((role, session, url))
    except Exception as error:  # surfaced by the test, not lost in the thread
        problems.append(f"the crawl stopped: {error!r}")
        raise
    finally:
        connection.close()
        to_open.put(None)


def serve_static(route):
    """Static files straight from disk: the live server need not serve them on every page."""
    path = urlparse(route.request.url).path.removeprefix(settings.STATIC_URL)
    found = finders.find(path)
    if found:
        route.fulfill(path=found)
    else:
        route.continue_()


def check_in_browser(page, base, url) -> list[str]:
    """Console errors (a content security policy refusal is one) and serious or critical
    axe-core violations on one page."""
    page.crawl_errors.clear()
    page.goto(base + url, wait_until="domcontentloaded")
    found = [f"console error: {e}" for e in page.crawl_errors]
    page.add_script_tag(url=f"{base}/__axe.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    for v in result["violations"]:
        nodes = [n for n in v["nodes"] if not _govuk_known_issue(v["id"], n)]
        if v["impact"] in ("serious", "critical") and nodes:
            found.append(f"axe {v['id']} ({v['impact']}) at {[n['target'] for n in nodes][:3]}")
    return found


def test_every_page_as_every_role(live_server, browser):
    started = time.monotonic()
    generate(people=AREA_SIZE, seed=42)
    ids = linkage_pages()
    problems: list[str] = []
    stats = {"fetched": 0}
    to_open: queue.Queue = queue.Queue()
    fetcher = threading.Thread(
        target=fetch_every_page, args=(ids, codes(), problems, to_open, stats), daemon=True
    )
    fetcher.start()
    base = live_server.url
    host = urlparse(base).hostname
    pages = {}
    opened = 0
    while (item := to_open.get()) is not None:
        role, session, url = item
        if role not in pages:
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session,
                                  "domain": host, "path": "/"}])  # fmt: skip
            context.route(f"**{settings.STATIC_URL}**", serve_static)
            # axe-core from our own address, so the page's policy need not be lifted.
            context.route("**/__axe.js", lambda route: route.fulfill(path=str(AXE)))
            page = pages[role] = context.new_page()
            page.crawl_errors = []
            page.on(
                "console",
                lambda m, p=page: p.crawl_errors.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e, p=page: p.crawl_errors.append(str(e)))
        problems += [f"{role} {url}: {p}" for p in check_in_browser(pages[role], base, url)]
        opened += 1
    fetcher.join()
    for page in pages.values():
        page.context.close()
    print(
        f"\ncrawl: {stats['fetched']} pages fetched as {len(ROLES)} roles, {opened} opened in "
        f"Chromium, in {time.monotonic() - started:.0f} s with the area's making"
    )
    assert opened > 70, "the crawl reached too few pages to mean anything"
    assert problems == [], "\n".join(problems)
