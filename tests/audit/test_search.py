"""The access log as an information governance lead uses it: search by each field, refused
attempts first, pages, a CSV of the search, and who may open it."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.audit import queries
from joinedup.audit.models import AccessLog
from tests.conftest import make_user

Action = AccessLog.Action


def at(days_ago=0, hour=12, minute=0):
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def log(
    user,
    organisation,
    ref,
    *,
    when,
    action=Action.VIEW,
    granted=True,
    purpose="Support",
    role="practitioner",
    person=None,
):
    """An entry written as of `when` (entries cannot be changed once written)."""
    entry = AccessLog.objects.create(
        at=when,
        user=user,
        organisation=organisation,
        role=role,
        person=person,
        person_ref=ref,
        action=action,
        granted=granted,
        purpose=purpose,
        route=f"/people/{ref}/",
    )
    return entry.pk


@pytest.fixture
def admin(owner_org):
    return make_user("ig.lead@example.org", owner_org, Role.ADMINISTRATOR)


@pytest.fixture
def rows(alice, charlie, owner_org, other_org):
    """One row for each thing a search can narrow on, each unlike the baseline in one way."""
    return {
        "baseline": log(alice, owner_org, 100, when=at(1)),
        "person": log(alice, owner_org, 200, when=at(1)),
        "user": log(charlie, owner_org, 100, when=at(1)),
        "organisation": log(alice, other_org, 100, when=at(1)),
        "action": log(alice, owner_org, 100, when=at(1), action=Action.EXPORT),
        "purpose": log(alice, owner_org, 100, when=at(1), purpose="Panel meeting papers"),
        "old": log(alice, owner_org, 100, when=at(40)),
        "refused": log(alice, owner_org, 100, when=at(1), granted=False),
    }


def shown(client, **params):
    response = client.get(reverse("audit:log"), params)
    assert response.status_code == 200
    return [e.pk for e in response.context["page"]]


def date_params(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def test_each_filter_narrows_to_the_rows_it_names(signed_in, admin, rows, other_org):
    client = signed_in(admin)
    assert set(shown(client)) == set(rows.values())
    assert shown(client, person=200) == [rows["person"]]
    assert shown(client, user="charlie") == [rows["user"]]
    assert shown(client, user="Charlie@EXAMPLE") == [rows["user"]]
    assert shown(client, organisation=other_org.pk) == [rows["organisation"]]
    assert shown(client, action="export") == [rows["action"]]
    assert shown(client, purpose="panel") == [rows["purpose"]]
    assert shown(client, outcome="refused") == [rows["refused"]]
    assert rows["refused"] not in shown(client, outcome="granted")
    forty_ago = timezone.localdate() - timedelta(days=40)
    old = {**date_params("since", forty_ago), **date_params("until", forty_ago)}
    assert shown(client, **old) == [rows["old"]]
    recent = shown(client, **date_params("since", forty_ago + timedelta(days=1)))
    assert rows["old"] not in recent and len(recent) == len(rows) - 1
    # Filters combine.
    assert shown(client, person=100, action="export", user="alice") == [rows["action"]]


def test_a_search_is_a_link_the_page_can_give_back(signed_in, admin, rows):
    search = queries.Search(person=100, since=timezone.localdate(), outcome="refused")
    params = dict(p.split("=") for p in search.query().split("&"))
    response = signed_in(admin).get(reverse("audit:log"), params)
    assert response.context["search"] == search


def test_refused_attempts_come_first_even_when_older(signed_in, admin, alice, owner_org):
    log(alice, owner_org, 1, when=at(0))
    refused = log(alice, owner_org, 2, when=at(30), granted=False)
    response = signed_in(admin).get(reverse("audit:log"))
    assert [e.pk for e in response.context["page"]][0] == refused
    assert "1 refused" in response.content.decode()


def test_the_log_pages_through_in_fifties(signed_in, admin, alice, owner_org):
    AccessLog.objects.bulk_create(
        AccessLog(user=alice, organisation=owner_org, person_ref=n, action="view", purpose="x")
        for n in range(queries.PAGE_SIZE + 10)
    )
    client = signed_in(admin)
    first = shown(client)
    second = shown(client, page=2)
    assert len(first) == queries.PAGE_SIZE and len(second) == 10
    assert not set(first) & set(second)
    assert shown(client, page=999_999_999) == second  # past the end: the last page
    page = client.get(reverse("audit:log"), {"person": "", "page": 2}).content.decode()
    assert "Page 2 of 2" in page and "page=1" in page


def test_a_date_that_does_not_exist_is_named_in_the_error_summary(signed_in, admin, rows):
    client = signed_in(admin)
    response = client.get(reverse("audit:log"), {"since_0": 31, "since_1": 2, "since_2": 2026})
    page = response.content.decode()
    assert "govuk-error-summary" in page and "From must be a real date" in page
    assert response.context.get("page") is None  # no results for a search that is not valid
    later, earlier = timezone.localdate(), timezone.localdate() - timedelta(days=3)
    backwards = {**date_params("since", later), **date_params("until", earlier)}
    page = client.get(reverse("audit:log"), backwards).content.decode()
    assert "Until must be the same as or after From" in page
    page = client.get(reverse("audit:log"), {"person": "dana"}).content.decode()
    assert "Record number must be a whole number" in page


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_csv_holds_the_search_refused_first_and_formula_safe(
    signed_in, admin, alice, owner_org
):
    log(alice, owner_org, 7, when=at(0), purpose='=HYPERLINK("http://x")')
    log(alice, owner_org, 7, when=at(2), granted=False, purpose="Looked")
    log(alice, owner_org, 8, when=at(0))
    response = signed_in(admin).get(reverse("audit:export"), {"person": 7})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="access-log.csv"' in response["Content-Disposition"]
    header, *body = read_csv(response)
    assert header[0] == "When (local time)" and "Record number" in header
    assert [row[header.index("Record number")] for row in body] == ["7", "7"]
    assert [row[header.index("Outcome")] for row in body] == ["Refused", "Granted"]
    assert body[1][header.index("Purpose")] == '\'=HYPERLINK("http://x")'
    assert body[1][header.index("User")] == "Alice"
    assert body[1][header.index("Organisation")] == owner_org.name


def test_a_capped_export_says_so(signed_in, admin, alice, owner_org, monkeypatch):
    monkeypatch.setattr(queries, "EXPORT_LIMIT", 2)
    for n in range(3):
        log(alice, owner_org, n + 1, when=at(n))
    client = signed_in(admin)
    response = client.get(reverse("audit:export"))
    assert len(read_csv(response)) == 1 + 2
    assert "first-2-rows" in response["Content-Disposition"]
    page = client.get(reverse("audit:log")).content.decode()
    assert "the first 2 rows" in page


def test_an_export_of_a_bad_search_shows_the_errors(signed_in, admin):
    response = signed_in(admin).get(reverse("audit:export"), {"person": "x"})
    assert response["Content-Type"].startswith("text/html")
    assert "Record number must be a whole number" in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.PRACTITIONER, Role.COORDINATOR, Role.PANEL_MEMBER, Role.COMMISSIONER]
)
def test_only_administrators_open_the_log_or_its_export(signed_in, owner_org, role, rows):
    user = make_user(f"{role}@example.org", owner_org, role)
    client = signed_in(user)
    assert client.get(reverse("audit:log")).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403


def test_the_administrator_sees_role_names_in_words(signed_in, admin, alice, owner_org):
    log(alice, owner_org, 5, when=at(0), role="panel_member")
    page = signed_in(admin).get(reverse("audit:log")).content.decode()
    assert "Panel member, Riverside" in page and "panel_member," not in page
