"""Each role signs in and its first screen holds its own work (issue 19's acceptance), and a
form of that role's day, sent empty or wrong, has an error summary that names each field and
links to it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import User
from joinedup.accounts.roles import Role
from joinedup.assessment.models import Barrier
from joinedup.costs.models import ServiceUseEvent
from joinedup.directory.models import Organisation, Service
from joinedup.people.models import Involvement, Person
from joinedup.plans.models import PlanStep, SupportPlan
from joinedup.referrals.models import Allocation, Decision
from tests.accounts.test_sign_in import code_for
from tests.conftest import make_user
from tests.e2e.conftest import PASSWORD, sign_in
from tests.test_url_permissions import referral_for

pytestmark = pytest.mark.django_db(transaction=True)


def the_summary_names_its_fields(page) -> list[str]:
    """Every line of the error summary names what is wrong and links to a field on the page."""
    links = page.locator(".govuk-error-summary__list a")
    assert links.count() >= 1, "no error summary"
    lines = []
    for i in range(links.count()):
        link = links.nth(i)
        text, href = link.inner_text(), link.get_attribute("href")
        assert text and "This field is required" not in text, text
        assert href.startswith("#") and page.locator(href).count() == 1, (text, href)
        lines.append(text)
    return lines


def test_the_coordinator_starts_from_their_caseload_with_due_reviews(live_server, page, area, axe):
    sam, dana = area["users"]["coordinator"], area["person"]
    Allocation.objects.create(person=dana, coordinator=sam, organisation=area["org"],
                              started_on=date(2025, 1, 6))  # fmt: skip
    referral = referral_for(dana, area["org"])
    Decision.objects.create(referral=referral, outcome="accept", rationale="r",
                            review_on=date(2025, 7, 1))  # fmt: skip
    plan, _ = SupportPlan.objects.get_or_create(person=dana)
    PlanStep.objects.create(plan=plan, position=1, area="housing", title="Hostel place",
                            status="blocked", blocked_by="Banned after arrears")  # fmt: skip
    sign_in(page, live_server.url, sam)
    assert page.locator("#caseload").inner_text() == "Your caseload: 1 person"
    today = page.locator("[data-testid=needs-today]").inner_text()
    assert "Dana Example" in today and "Review due since 1 July 2025" in today
    assert "Plan step blocked: “Hostel place”" in today
    assert axe() == []
    page.goto(f"{live_server.url}/people/{dana.pk}/notes/new/")
    page.click("#submit-id-submit")
    assert "Enter the note" in " ".join(the_summary_names_its_fields(page))
    assert page.js_errors == []


def test_a_practitioner_starts_from_what_is_waiting_on_their_organisation(
    live_server, page, area, axe
):
    ben = make_user("ben@example.org", area["org"], Role.PRACTITIONER)
    plan, _ = SupportPlan.objects.get_or_create(person=area["person"])
    PlanStep.objects.create(plan=plan, position=1, area="treatment", title="Start a script",
                            owner=area["org"], due_on=timezone.localdate())  # fmt: skip
    sign_in(page, live_server.url, ben)
    waiting = page.locator("[data-testid=waiting-on-us]").inner_text()
    assert "Dana Example" in waiting and "Start a script" in waiting
    assert page.locator("[data-testid=ours-count]").inner_text() == "1"
    assert axe() == []
    page.goto(f"{live_server.url}/people/{area['person'].pk}/team/new/")
    page.click("#submit-id-submit")
    the_summary_names_its_fields(page)


def test_the_panel_member_starts_from_the_next_meeting(live_server, page, area, axe):
    helen = make_user("helen@example.org", area["org"], Role.PANEL_MEMBER)
    referral = referral_for(area["person"], area["org"])
    meeting = referral.panel.meetings.get()
    sign_in(page, live_server.url, helen)
    first = page.locator("[data-testid=next-meeting]").inner_text()
    assert f"Next meeting: Panel, {meeting.meets_on:%A} {meeting.meets_on.day}" in first
    assert "1 person to discuss" in first
    assert "Dana Example" in page.locator("[data-testid=next-agenda]").inner_text()
    assert axe() == []
    page.click("text=Read the papers")
    page.wait_for_url(f"**/panel/meetings/{meeting.pk}/")
    page.goto(f"{live_server.url}/referrals/{referral.pk}/decide/")
    page.click("text=Record decision")
    lines = the_summary_names_its_fields(page)
    assert "Choose the decision" in " ".join(lines)


def test_the_information_governance_lead_starts_from_refused_attempts(
    live_server, page, area, axe, client
):
    # The demo's information governance lead is an administrator (Tom Okafor).
    outsider = make_user("charlie@example.org", area["org"], Role.PRACTITIONER)
    stranger = Person.objects.create(first_name="Sian", last_name="Stranger")
    from tests.conftest import sign_in as client_sign_in

    assert client_sign_in(client, outsider).get(f"/people/{stranger.pk}/").status_code == 404
    sign_in(page, live_server.url, area["users"]["administrator"])
    assert page.locator("h1").inner_text() == "Administration"
    assert "1 refused attempt" in page.locator("[data-testid=refused-count]").inner_text()
    refused = page.locator("[data-testid=refused]").inner_text()
    assert "Charlie" in refused and str(stranger.pk) in refused
    assert axe() == []
    page.click("text=Search every refused attempt")
    assert "1 refused" in page.locator("[data-testid=summary]").inner_text()
    page.goto(
        f"{live_server.url}/audit/?since_0=2&since_1=12&since_2=2026&until_0=1&until_1=12&until_2=2026"
    )
    assert "Until must be the same as or after From" in " ".join(the_summary_names_its_fields(page))


def test_a_commissioner_starts_from_their_own_department(live_server, page, area, axe):
    housing = Organisation.objects.create(
        name="Riverside Housing Options", kind="council_department", sector="public",
        commissions=True,
    )  # fmt: skip
    priya = make_user("priya.housing@example.org", housing, Role.COMMISSIONER, device=False)
    Service.objects.create(organisation=housing, name="Housing Options advice line")
    Barrier.objects.create(
        raised_by=area["users"]["coordinator"], raised_by_organisation=area["org"],
        person=area["person"], responsible=housing, rule="No local connection",
        category="thresholds", effect="Turned away", delay_days=21,
    )  # fmt: skip
    day = timezone.localdate() - timedelta(days=20)
    for i in range(12):  # above the small-numbers threshold, so the count is shown
        person = Person.objects.create(first_name=f"Zed{i}", last_name="Quill")
        ServiceUseEvent.objects.create(
            person=person, organisation=housing, kind="hostel_night", category="housing",
            occurred_on=day, quantity=5,
        )  # fmt: skip
    ServiceUseEvent.objects.create(  # another department's use is not on this first screen
        person=area["person"], organisation=area["org"], kind="custody_night",
        category="criminal_justice", occurred_on=day, quantity=400,
    )  # fmt: skip
    sign_in(page, live_server.url, priya)
    assert page.locator("[data-testid=department-heading]").inner_text() == (
        "Housing: your department"
    )
    assert page.locator("[data-testid=department-people]").inner_text() == "12"
    use = page.locator("[data-testid=department-use]").inner_text()
    assert "Hostel nights" in use and "60" in use and "Nights in custody" not in use
    assert (
        "Housing Options advice line"
        in page.locator("[data-testid=department-services]").inner_text()
    )
    assert "21 days of delay" in page.locator("[data-testid=department-barriers]").inner_text()
    assert "Zed" not in page.content() and "Dana" not in page.content()
    assert axe() == []
    page.goto(f"{live_server.url}/outcome-frameworks/new/")
    page.click("#submit-id-submit")
    assert "name" in " ".join(the_summary_names_its_fields(page)).lower()


def test_the_person_reaches_their_coordinator_and_sees_who_has_looked(live_server, page, area, axe):
    dana = area["person"]
    account = User.objects.create_user(email="dana@example.net", password=PASSWORD,
                                       full_name="Dana Example")  # fmt: skip
    TOTPDevice.objects.create(user=account, name="phone", confirmed=True)
    dana.account = account
    dana.save()
    Involvement.objects.filter(person=dana).update(
        started_on=timezone.localdate() - timedelta(days=9)
    )
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", account.email)
    page.fill("#id_password", PASSWORD)
    page.click("#submit-id-submit")
    page.wait_for_url("**/sign-in/code/**")
    page.fill("#id_code", code_for(TOTPDevice.objects.get(user=account)))
    page.click("#submit-id-submit")
    page.wait_for_url("**/me/")
    reach = page.locator("[data-testid=reach-coordinator]").inner_text()
    assert "Sam" in reach and "sam@example.org" in reach
    assert axe() == []
    page.click("text=Who has looked")
    assert page.locator("h1").inner_text() == "Who has looked at your record"
    assert axe() == []
