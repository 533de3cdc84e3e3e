"""The front door end to end: refer with consent, the panel scores and accepts, the co-ordinator
sees the person on their caseload, and an organisation outside the consent sees nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.directory.models import Organisation
from joinedup.measures import instruments
from joinedup.referrals.models import Panel, PanelMeeting, Referral
from tests.conftest import make_user
from tests.e2e.conftest import SHOTS, axe_problems, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def front_door(db):
    instruments.load()
    host = Organisation.objects.create(
        name="Riverside Multiple Needs Service", kind="charity", sector="social"
    )
    probation = Organisation.objects.create(name="Probation", kind="probation", sector="public")
    drugs = Organisation.objects.create(name="Drug Service", kind="drug_alcohol", sector="social")
    police = Organisation.objects.create(name="Police", kind="police", sector="public")
    panel = Panel.objects.create(name="Riverside Multiple Needs Panel", host=host)
    panel.organisations.set([host, probation, drugs])
    meeting = PanelMeeting.objects.create(
        panel=panel, meets_on=timezone.localdate() + timedelta(days=6)
    )
    return {
        "host": host,
        "probation": probation,
        "meeting": meeting,
        "practitioner": make_user("ben@example.org", drugs, Role.PRACTITIONER),
        "panel_member": make_user("helen@example.org", probation, Role.PANEL_MEMBER),
        "coordinator": make_user("sam@example.org", host, Role.COORDINATOR),
        "outsider": make_user("olly@example.org", police, Role.PRACTITIONER),
        "commissioner": make_user("priya@example.org", police, Role.COMMISSIONER, device=False),
    }


def as_user(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    sign_in(page, live_server.url, user)
    return page


def test_refer_score_accept_allocate_and_keep_outsiders_out(live_server, browser, front_door):
    base = live_server.url
    problems = {}

    # A practitioner at the drug service refers, with consent for the front door and probation.
    page = as_user(browser, live_server, front_door["practitioner"])
    page.click("text=Referrals")
    page.click("text=Make a referral")
    problems["referral form"] = axe_problems(page)
    page.fill("#id_first_name", "Jo")
    page.fill("#id_last_name", "Marsh")
    page.fill("#id_date_of_birth_0", "4")
    page.fill("#id_date_of_birth_1", "3")
    page.fill("#id_date_of_birth_2", "1985")
    page.check("input[name=needs][value=homelessness]")
    page.check("input[name=needs][value=substance_misuse]")
    page.fill("#id_what_is_happening", "Sleeping in a tent by the river since May.")
    page.fill("#id_what_matters", "Seeing my son again.")
    for org in (front_door["host"], front_door["probation"]):
        page.check(f"input[name=organisations][value='{org.pk}']")
    page.check("input[name=basis][value=consent]")
    page.click("text=Send referral")
    page.wait_for_selector("[data-testid=referral-status]")
    assert page.locator("[data-testid=referral-status]").inner_text() == "Awaiting panel"
    problems["referral"] = axe_problems(page)
    referral = Referral.objects.get()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "referral.png"), full_page=True)

    # A panel member sees Jo on the next meeting's agenda, scores the NDT and accepts.
    page = as_user(browser, live_server, front_door["panel_member"])
    page.click(".govuk-service-navigation__list >> text=Panel")
    problems["panel"] = axe_problems(page)
    page.click(f"text={front_door['meeting'].meets_on:%A %-d %B %Y}")
    item = page.locator("[data-testid=agenda-item]", has_text="Jo Marsh")
    assert item.count() == 1
    problems["papers"] = axe_problems(page)
    item.locator("text=Record NDT scores").click()
    for code, value in {
        "engagement": 3,
        "intentional_self_harm": 2,
        "unintentional_self_harm": 3,
        "risk_to_others": 4,
        "risk_from_others": 6,
        "stress_anxiety": 4,
        "social_effectiveness": 3,
        "alcohol_drugs": 4,
        "impulse_control": 3,
        "housing": 4,
    }.items():
        page.check(f"input[name={code}][value='{value}']")
    page.click("text=Record the scores")
    page.wait_for_url(f"**/panel/meetings/{front_door['meeting'].pk}/")
    assert "36 of 48" in page.locator("[data-testid=agenda-item]", has_text="Jo Marsh").inner_text()
    page.locator("[data-testid=agenda-item]", has_text="Jo Marsh").locator(
        "text=Record decision"
    ).click()
    problems["decision form"] = axe_problems(page)
    # Each outcome's details show only once it is chosen (GOV.UK conditional reveal).
    assert not page.is_visible("#id_refer_to") and not page.is_visible("input[name=priority]")
    page.check("input[name=outcome][value=refer_elsewhere]")
    assert page.is_visible("#id_refer_to") and not page.is_visible("#id_decline_reason")
    page.click("text=Record decision")  # with no rationale: the summary names the field
    summary = page.locator(".govuk-error-summary")
    assert "Enter the rationale" in summary.inner_text()
    assert "This field is required" not in summary.inner_text()
    summary.locator("text=Enter the rationale").click()  # the link goes to the field
    assert page.evaluate("document.activeElement.id") == "id_rationale"
    assert page.is_visible("#id_refer_to")  # the reveal stays open for the chosen outcome
    page.screenshot(path=str(SHOTS / "decision-form-errors.png"), full_page=True)
    page.check("input[name=outcome][value=accept]")
    page.check("input[name=priority][value='1']")
    page.fill("#id_rationale", "Five agencies involved and nobody leading.")
    review = timezone.localdate() + timedelta(days=90)
    page.fill("#id_review_on_0", str(review.day))
    page.fill("#id_review_on_1", str(review.month))
    page.fill("#id_review_on_2", str(review.year))
    page.click("text=Record decision")
    # Back at the papers, where the decision shows against Jo.
    page.wait_for_url(f"**/panel/meetings/{front_door['meeting'].pk}/**")
    item = page.locator("[data-testid=agenda-item]", has_text="Jo Marsh")
    assert "Accept, high priority" in item.locator("[data-testid=item-decision]").inner_text()

    # The panel allocates a co-ordinator from the person's record.
    item.locator("text=Their record").click()
    page.click("text=Allocate a co-ordinator")
    page.select_option("#id_coordinator", label="Sam")
    page.click("#submit-id-submit")
    assert "Sam" in page.locator("[data-testid=allocated]").inner_text()

    # The co-ordinator sees Jo on their caseload.
    page = as_user(browser, live_server, front_door["coordinator"])
    page.click("text=Caseloads")
    problems["caseloads"] = axe_problems(page)
    page.click("[data-testid=caseloads] >> text=Sam")
    assert "Jo Marsh" in page.locator("[data-testid=caseload]").inner_text()
    problems["caseload"] = axe_problems(page)
    page.click("text=By-name list")
    assert "Jo Marsh" in page.locator("[data-testid=by-name]").inner_text()
    problems["by-name list"] = axe_problems(page)

    # Someone at an organisation outside the consent gets a 404.
    page = as_user(browser, live_server, front_door["outsider"])
    response = page.goto(f"{base}/referrals/{referral.pk}/")
    assert response.status == 404 and "Marsh" not in page.content()

    # The commissioner sees fairness figures and no names.
    page = as_user(browser, live_server, front_door["commissioner"])
    page.goto(f"{base}/panel/fairness/")
    assert "fewer than 10" in page.content() and "Marsh" not in page.content()
    problems["fairness"] = axe_problems(page)

    assert {k: v for k, v in problems.items() if v} == {}


def test_a_self_referral_works_on_a_phone(browser, live_server, front_door):
    context = browser.new_context(viewport={"width": 375, "height": 740}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/self-referral/")
    problems = axe_problems(page)
    page.screenshot(path=str(SHOTS / "self-referral-phone.png"), full_page=True)
    page.fill("#id_first_name", "Lee")  # no last name: it is not needed
    page.fill("#id_contact_by", "The Tuesday drop-in")
    page.fill("#id_what_is_happening", "I keep getting turned away from the hostel.")
    page.check("#id_agree")
    page.click("text=Send")
    page.wait_for_url("**/self-referral/sent/")
    assert "You will not have to tell your story again" in page.content()
    # No sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert problems == []
    assert Referral.objects.get().self_referral


def test_someone_without_an_account_finds_the_self_referral_from_sign_in(
    browser, live_server, front_door
):
    page = browser.new_page()
    page.goto(f"{live_server.url}/sign-in/")
    page.click("text=Refer yourself without an account")
    page.wait_for_url("**/self-referral/")
    warning = page.locator(".govuk-warning-text")
    assert "call 999" in warning.inner_text()
    # The warning comes before the form.
    assert warning.bounding_box()["y"] < page.locator("#id_first_name").bounding_box()["y"]
    page.close()


def test_the_front_door_checks_a_held_referral(live_server, browser, front_door):
    """A referral naming someone already known waits; the front door joins it in the page."""
    from joinedup.people.models import Consent, Involvement, Person
    from joinedup.referrals import services

    known = Person.objects.create(
        first_name="Dana", last_name="Example", nhs_number="9434765919", postcode="RV1 2AB"
    )
    Involvement.objects.create(
        person=known,
        organisation=front_door["host"],
        role="Co-ordinator",
        started_on=timezone.localdate() - timedelta(days=30),
    )
    Consent.objects.create(
        person=known, organisation=front_door["probation"], basis="consent", sections=["identity"]
    )
    held = services.refer(
        panel=front_door["meeting"].panel,
        identity={"first_name": "Dana", "last_name": "Example", "nhs_number": "9434765919"},
        what_is_happening="Released on Friday with nowhere to go.",
        what_matters="",
        sharing=services.Sharing(organisations=[front_door["host"]], basis="consent"),
        by=front_door["panel_member"],
        organisation=front_door["probation"],
    )
    assert held.status == Referral.Status.HELD
    page = as_user(browser, live_server, front_door["coordinator"])
    page.goto(f"{live_server.url}/referrals/{held.pk}/")
    banner = page.get_by_test_id("held")
    assert "Dana Example" in banner.inner_text()
    assert axe_problems(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "held-referral.png"), full_page=True)
    page.get_by_label("Yes: join this referral to their record").check()
    page.get_by_role("button", name="Save the check").click()
    page.wait_for_url(f"**/referrals/{held.pk}/")
    assert page.get_by_test_id("referral-status").inner_text() == "Awaiting panel"
    held.refresh_from_db()
    assert held.person_id == known.pk
    assert page.js_errors == []
