"""Self-assessment rounds: staff and service users side by side, added up by checkable rules."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from joinedup.accounts.roles import Role
from joinedup.assessment import frameworks_data, rounds
from joinedup.assessment.models import Framework, Response, Round, SystemIssue
from joinedup.directory.models import Service
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def meam(db):
    frameworks_data.load()
    return Framework.objects.get(key="meam")


@pytest.fixture
def manager(owner_org):
    return make_user("m@example.org", owner_org, Role.PROVIDER_MANAGER)


def answers(elements, levels, **extra):
    data = {f"level-{e.pk}": str(level) for e, level in zip(elements, levels, strict=True)}
    return {**data, **extra}


def test_the_shipped_frameworks_are_loaded_once(meam):
    assert meam.elements.count() == 7
    assert set(Framework.objects.values_list("key", flat=True)) == {"pie", "meam", "housing-first"}
    frameworks_data.load()
    assert Framework.objects.count() == 3


def test_a_manager_opens_a_round_and_staff_and_users_respond(
    signed_in, client, manager, meam, alice
):
    signed_in(manager)
    client.post(reverse("assessment:round-new"), {"framework": meam.pk, "service": "Drop-in"})
    round_ = Round.objects.get()
    elements = list(meam.elements.all())
    client.post(reverse("assessment:staff", args=[round_.pk]), answers(elements, [3] * 7))
    signed_in(alice)
    client.post(reverse("assessment:staff", args=[round_.pk]), answers(elements, [2] * 7))
    client.logout()
    public = reverse("assessment:have-your-say", args=[round_.public_token])
    for levels in ([0] * 7, [1] * 7, [2] * 7):
        assert "Thank you" in client.post(public, answers(elements, levels)).content.decode()
    result = rounds.results(round_)
    first = result["rows"][0]
    assert (first.staff, first.service_users, first.gap) == (2.5, 1.0, 1.5)  # (3+2)/2, (0+1+2)/3


def test_service_user_answers_carry_nothing_that_identifies(client, meam, owner_org):
    round_ = rounds.open_round(None, owner_org, framework=meam, service="Hostel")
    elements = list(meam.elements.all())
    client.post(
        reverse("assessment:have-your-say", args=[round_.public_token]),
        answers(elements, [1] * 7, **{f"hinders-{elements[0].pk}": "Curfew at 9"}),
    )
    response = Response.objects.get()
    assert response.kind == "service_user" and response.author is None
    fields = {f.name for f in Response._meta.get_fields()}
    assert not fields & {"ip_address", "person", "user_agent", "name", "email"}


def test_service_user_figures_stay_hidden_below_three_responses(meam, owner_org):
    round_ = rounds.open_round(None, owner_org, framework=meam, service="Hostel")
    elements = list(meam.elements.all())
    ratings = {e.pk: {"level": 1, "hinders": "Curfew"} for e in elements}
    rounds.submit(round_, "service_user", ratings)
    rounds.submit(round_, "service_user", ratings)
    result = rounds.results(round_)
    assert not result["service_users_shown"]
    assert result["rows"][0].service_users is None and result["rows"][0].hinders == []
    rounds.submit(round_, "service_user", ratings)
    assert rounds.results(round_)["rows"][0].service_users == 1.0


def test_the_change_since_the_last_round(meam, owner_org):
    elements = list(meam.elements.all())
    first = rounds.open_round(None, owner_org, framework=meam, service="Hostel")
    first.opened_on = date(2025, 11, 1)
    first.save()
    rounds.submit(first, "staff", {e.pk: {"level": 1} for e in elements})
    second = rounds.open_round(None, owner_org, framework=meam, service="Hostel")
    rounds.submit(second, "staff", {e.pk: {"level": 3} for e in elements})
    assert rounds.results(second)["rows"][0].change == 2.0


def test_a_missing_answer_is_named_and_nothing_is_saved(client, meam, owner_org):
    round_ = rounds.open_round(None, owner_org, framework=meam, service="Hostel")
    elements = list(meam.elements.all())
    data = answers(elements[1:], [1] * 6)
    page = client.post(reverse("assessment:have-your-say", args=[round_.public_token]), data)
    assert f"Choose an answer for “{elements[0].title}”" in page.content.decode()
    assert not Response.objects.exists()


def test_other_organisations_staff_cannot_open_a_round(signed_in, charlie, meam, owner_org):
    round_ = rounds.open_round(None, owner_org, framework=meam, service="Hostel")
    assert signed_in(charlie).get(reverse("assessment:round", args=[round_.pk])).status_code == 404


def test_commissioners_see_the_area_and_the_biggest_disagreements(signed_in, meam, owner_org):
    round_ = rounds.open_round(None, owner_org, framework=meam, service="Hostel")
    elements = list(meam.elements.all())
    rounds.submit(round_, "staff", {e.pk: {"level": 3, "hinders": "Funding"} for e in elements})
    for _ in range(3):
        rounds.submit(round_, "service_user", {e.pk: {"level": 0} for e in elements})
    commissioner = make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)
    page = signed_in(commissioner).get(reverse("assessment:area")).content.decode()
    assert "Where staff and service users disagree most" in page and "Hostel" in page


def test_results_download_as_excel_and_csv(signed_in, alice, meam, owner_org):
    round_ = rounds.open_round(None, owner_org, framework=meam, service="Hostel")
    rounds.submit(round_, "staff", {e.pk: {"level": 2} for e in meam.elements.all()})
    client = signed_in(alice)
    xlsx = client.get(reverse("assessment:round-export", args=[round_.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:3] == ["theme", "element", "staff"]
    assert sheet.cell(row=2, column=3).value == 2
    csv_text = client.get(reverse("assessment:round-export", args=[round_.pk, "csv"])).content
    assert csv_text.decode().splitlines()[1].endswith(",2,,,,,")
    assert client.get(f"/self-assessment/{round_.pk}/results.pdf").status_code == 404


def test_the_service_adds_actions_to_its_plan(signed_in, alice, meam, owner_org):
    round_ = rounds.open_round(None, owner_org, framework=meam, service="Hostel")
    element = meam.elements.first()
    signed_in(alice).post(
        reverse("assessment:action-add", args=[round_.pk]),
        {"element": element.pk, "action": "Monthly reflective practice", "owner": "Nadia"},
    )
    assert round_.action_plan.get().action == "Monthly reflective practice"


def test_the_api_gives_results_to_the_service_and_commissioners_only(
    signed_in, alice, charlie, meam, owner_org
):
    round_ = rounds.open_round(None, owner_org, framework=meam, service="Hostel")
    rounds.submit(round_, "staff", {e.pk: {"level": 1} for e in meam.elements.all()})
    body = signed_in(alice).get(f"/api/v1/assessment/rounds/{round_.pk}").json()
    assert body["service"] == "Hostel" and body["elements"][0]["staff"] == 1
    assert signed_in(charlie).get(f"/api/v1/assessment/rounds/{round_.pk}").status_code == 404


def test_the_round_page_title_is_plain_text(signed_in, alice, meam, owner_org):
    round_ = rounds.open_round(None, owner_org, framework=meam, service="Hostel")
    page = signed_in(alice).get(reverse("assessment:round", args=[round_.pk])).content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and "Hostel" in title


def test_an_administrator_saves_a_new_framework_version_and_old_rounds_keep_theirs(
    signed_in, meam, owner_org
):
    admin = make_user("admin@example.org", owner_org, Role.ADMINISTRATOR)
    old_round = rounds.open_round(None, owner_org, framework=meam, service="Hostel")
    client = signed_in(admin)
    url = reverse("assessment:framework-edit", args=[meam.pk])
    bad = client.post(url, {"name": "MEAM", "elements": "m1 | Theme | Title\n"})
    assert "Line 1: write code | theme | title | statement, all four" in bad.content.decode()
    client.post(
        url,
        {
            "name": "The MEAM Approach",
            "description": "",
            "elements": "m1 | Vision | A shared vision | Partners share a vision.\n"
            "m2 | Flexibility | Flexible services | Services bend rules.",
            "latest_seen": "1",
        },
    )
    newest = Framework.objects.filter(key="meam").order_by("-version").first()
    assert newest.version == 2 and newest.elements.count() == 2
    old_round.refresh_from_db()
    assert old_round.framework == meam and meam.elements.count() == 7


ONE = "m1 | Vision | A shared vision | Partners share a vision."


@pytest.mark.parametrize("seen", ["1", None, "0"])
def test_two_administrators_changing_a_framework_never_lose_an_update(
    signed_in, meam, owner_org, seen
):
    ann = make_user("ann@example.org", owner_org, Role.ADMINISTRATOR)
    bea = make_user("bea@example.org", owner_org, Role.ADMINISTRATOR)
    url = reverse("assessment:framework-edit", args=[meam.pk])
    assert 'name="latest_seen" value="1"' in signed_in(ann).get(url).content.decode()
    signed_in(ann).post(url, {"name": "Ann's MEAM", "elements": ONE, "latest_seen": "1"})
    data = {"name": "Bea's MEAM", "elements": ONE}
    if seen is not None:
        data["latest_seen"] = seen
    response = signed_in(bea).post(url, data)
    assert [f.name for f in Framework.objects.filter(key="meam").order_by("version")] == [
        meam.name,
        "Ann's MEAM",
    ]
    page = response.content.decode()
    assert "Someone else changed this since you opened it" in page
    assert "Version 2 (Ann&#x27;s MEAM)" in page and 'value="Bea&#x27;s MEAM"' in page
    assert 'name="latest_seen" value="2"' in page
    signed_in(bea).post(url, {"name": "Bea's MEAM", "elements": ONE, "latest_seen": "2"})
    assert Framework.objects.filter(key="meam").order_by("-version").first().name == "Bea's MEAM"


def test_only_administrators_change_frameworks(signed_in, alice, meam):
    url = reverse("assessment:framework-edit", args=[meam.pk])
    assert signed_in(alice).get(url).status_code == 403


def test_the_printable_area_report_joins_assessment_and_barriers(signed_in, meam, owner_org):
    SystemIssue.objects.create(title="Hostel bans")
    commissioner = make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)
    page = signed_in(commissioner).get(reverse("assessment:area-report")).content.decode()
    assert "Hostel bans" in page and "across the area" in page


def test_a_round_can_be_for_a_service_in_the_directory(signed_in, manager, meam, owner_org):
    listed = Service.objects.create(organisation=owner_org, name="Needle exchange")
    signed_in(manager).post(
        reverse("assessment:round-new"),
        {"framework": meam.pk, "directory_service": listed.pk, "service": ""},
    )
    round_ = Round.objects.get()
    assert round_.directory_service == listed and round_.service == "Needle exchange"
