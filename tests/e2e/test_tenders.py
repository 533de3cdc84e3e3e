"""The local market in the browser: a commissioner starts a tender with stated weights (a
wrong sum refused, naming the field), opens it; a provider bids from its profile with
open-book costs; the evaluators score, the commissioner moderates and sees the evaluation as
a chart and a table; a rival provider finds no trace of the bid."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from joinedup.commissioning import tenders as services
from joinedup.commissioning.tender_models import Bid, Tender
from tests.commissioning.tender_fixtures import *  # noqa: F403
from tests.commissioning.tender_fixtures import bid_for, membership_of
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, name, day):
    page.fill(f"#id_{name}_0", str(day.day))
    page.fill(f"#id_{name}_1", str(day.month))
    page.fill(f"#id_{name}_2", str(day.year))


def add_question(page, part, question, weight):
    page.click("a.govuk-button:has-text('Add a question')")
    page.check(f"input[name=part][value={part}]")
    page.fill("#id_question", question)
    page.fill("#id_weight", str(weight))
    page.click("#submit-id-submit")
    page.wait_for_url("**/tenders/*/")


def test_a_tender_from_the_pipeline_to_the_moderated_evaluation(
    live_server, page, axe, screenshot, priya, ruth, hana, ivan, mallory
):
    base = live_server.url
    today = timezone.localdate()
    sign_in(page, base, priya)
    page.goto(f"{base}/commissioning/tenders/")
    page.click("text=Start a tender")
    page.fill("#id_title", "Housing First for women")
    page.fill("#id_description", "Twenty homes with intensive support.")
    page.fill("#id_estimated_value", "300000.00")
    fill_date(page, "publish_on", today)
    fill_date(page, "closes_on", today + timedelta(days=28))
    page.fill("#id_price_weight", "40")
    page.fill("#id_quality_weight", "40")
    page.fill("#id_social_value_weight", "10")
    page.check("#id_open_book")
    page.fill("#id_open_book_reason", "To see the full cost of serving women others turn away.")
    page.click("#submit-id-submit")
    assert page.locator(".govuk-error-summary a[href='#id_price_weight']").count() == 1
    assert "these add up to 90" in page.content()
    assert axe() == []
    page.fill("#id_social_value_weight", "20")
    page.click("#submit-id-submit")
    page.wait_for_url("**/tenders/*/")
    add_question(page, "quality", "How will you engage women?", 100)
    add_question(page, "social_value", "What social value?", 100)
    page.click("button:has-text('Open it for bids')")
    assert "Open for bids" in page.content()
    assert axe() == []
    tender = Tender.objects.get()

    page.context.clear_cookies()
    sign_in(page, base, hana)
    page.goto(f"{base}/commissioning/tenders/")
    assert axe() == []
    screenshot("tenders-pipeline")
    page.click("text=Housing First for women")
    page.click("text=Bid for this tender")
    assert page.locator("textarea[name^=answer_]").nth(1).input_value() == "Peer mentors."
    page.fill("#id_price", "262000.00")
    page.locator("textarea[name^=answer_]").nth(0).fill("Assertive outreach, no case closed.")
    page.fill("#id_cost_front_line", "182000.00")
    page.fill("#id_cost_overheads", "98500.00")
    assert axe() == []
    page.click("#submit-id-submit")
    page.wait_for_url(f"**/tenders/{tender.pk}/")
    bid = Bid.objects.get(provider__name="Harbour Hostel")
    assert bid.price == Decimal("262000.00") and bid.full_cost == Decimal("280500.00")

    rival = bid_for(tender, ivan, "240000.00")
    Tender.objects.filter(pk=tender.pk).update(
        publish_on=today - timedelta(days=30), closes_on=today - timedelta(days=1)
    )
    tender.refresh_from_db()
    services.start_evaluation(membership_of(priya), tender, today=today)
    for user in (priya, ruth):
        services.appoint_evaluator(membership_of(priya), tender, user)
    questions = list(tender.criteria.all())
    for b, value in ((bid, 4), (rival, 3)):
        services.score(membership_of(ruth), b, {q.pk: (value, "Ruth's reasons") for q in questions})

    page.context.clear_cookies()
    sign_in(page, base, mallory)
    response = page.goto(f"{base}/commissioning/tenders/{tender.pk}/bids/{bid.pk}/")
    assert response.status == 404 and "262,000" not in page.content()

    page.context.clear_cookies()
    sign_in(page, base, priya)
    for b in (bid, rival):
        page.goto(f"{base}/commissioning/tenders/{tender.pk}/bids/{b.pk}/score/")
        for q in questions:
            page.select_option(f"#id_score_{q.pk}", "5")
            page.fill(f"#id_comment_{q.pk}", "Priya's reasons")
        page.click("#submit-id-submit")
        page.wait_for_url(f"**/bids/{b.pk}/")
        assert "Ruth&#x27;s reasons" in page.content() or "Ruth's reasons" in page.content()
        page.click("text=Record the moderated result")
        page.fill("#id_reasons", "Agreed at the moderation meeting.")
        page.click("#submit-id-submit")
        page.wait_for_url("**/evaluation/")
    assert page.locator("figure.app-chart svg").count() == 1
    matrix = page.locator("[data-testid=matrix] tbody tr")
    assert matrix.count() == 2
    # Both moderated at the middle scores: 4 for Harbour (quality 32, social value 16) and
    # 3 for the rival (24, 12). Price: 40 x 240,000 / 262,000 = 36.64 and 40.
    assert "84.64" in matrix.nth(0).inner_text() and "Harbour Hostel" in matrix.nth(0).inner_text()
    assert "76.00" in matrix.nth(1).inner_text()
    assert axe() == []
    screenshot("tenders-evaluation")
    assert page.js_errors == []
