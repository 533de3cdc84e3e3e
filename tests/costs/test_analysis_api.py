"""GET /api/v1/costs/analysis: the page's figures as aggregates, for the page's roles only."""

from decimal import Decimal

import pytest

from joinedup.accounts.roles import Role
from joinedup.costs import report
from joinedup.directory.models import Organisation
from tests.conftest import make_user
from tests.costs import area
from tests.costs.test_comparison_page import look_alikes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("threshold_five")]  # worked for 5
API = "/api/v1/costs/analysis"


@pytest.fixture
def analyst(db):
    council = Organisation.objects.create(
        name="Riverside Council", kind="council_department", sector="public"
    )
    return make_user("ana@example.org", council, Role.ANALYST)


def params(owner_org, **extra):
    return {"cohort": "organisation", "organisation": owner_org.pk, "months": 12,
            "price_year": area.PRICE_YEAR, **extra}  # fmt: skip


def test_it_answers_the_page_s_figures_as_aggregates(signed_in, analyst, owner_org, bob):
    area.build(owner_org, bob)
    look_alikes(owner_org)
    body = signed_in(analyst).get(API, params(owner_org)).json()
    cost = area.prices()
    rows = {r["department"]: r for r in body["departments"]}
    assert Decimal(rows["Criminal justice"]["change"]) == -12 * cost["arrest"]
    assert body["total"]["department"] == "Total"
    assert (body["register_version"], body["price_year"]) == (1, area.PRICE_YEAR)
    assert body["price_year_label"] == f"{area.PRICE_YEAR}-{(area.PRICE_YEAR + 1) % 100}"
    assert (body["cohort_size"], body["counted"]) == (6, 6)
    assert body["comparison"]["pairs"] == 6 and body["comparison"]["shown"]
    assert Decimal(body["comparison"]["comparison_change"]) == -6 * cost["arrest"]
    assert body["declined"] is None  # only for people accepted in a period
    assert f"criminal justice spent {report.money(12 * cost['arrest'])} less" in (
        body["sentences"][0].lower()
    )
    assert "Cohort" not in str(body)  # nobody's name: the people are "P0 Cohort" and so on


def test_small_cohorts_give_counts_through_disclosure_and_no_money(
    signed_in, analyst, owner_org, bob
):
    area.build(owner_org, bob, n=3)
    body = signed_in(analyst).get(API, params(owner_org, compare=False)).json()
    assert body["cohort_size"] == "fewer than 5"
    assert body["departments"] == [] and body["total"] is None and not body["shown"]
    assert body["comparison"] is None
    assert all(p["baseline"] is None for p in body["periods"])


def test_bad_parameters_are_named(signed_in, analyst, owner_org, bob):
    client = signed_in(analyst)
    answer = client.get(API, {"cohort": "accepted", "months": 12})
    assert answer.status_code == 422
    assert "accepted_from: Enter the first day of the period" in answer.json()["detail"]
    area.build(owner_org, bob)
    answer = client.get(API, params(owner_org, price_year=2099))
    assert answer.status_code == 422 and "price_year" in answer.json()["detail"]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PRACTITIONER, Role.PANEL_MEMBER])
def test_roles_that_see_named_people_are_refused(signed_in, owner_org, bob, role):
    area.build(owner_org, bob)
    worker = make_user(f"{role}@example.org", owner_org, role)
    assert signed_in(worker).get(API, params(owner_org)).status_code == 403


def test_signed_out_is_refused(client, owner_org):
    assert client.get(API, params(owner_org)).status_code == 401


def test_another_organisation_s_list_is_not_found(signed_in, analyst, owner_org, bob):
    from joinedup.costs import cohorts

    people = area.build(owner_org, bob)
    outsider = make_user("ola@example.org", owner_org, Role.ANALYST)
    data = "person_id,start_date\n" + "".join(f"{p.pk},2024-03-01\n" for p in people)
    listed = cohorts.upload(outsider, owner_org, "Ours", data.encode())
    answer = signed_in(analyst).get(API, {"cohort": "list", "uploaded": listed.pk, "months": 12})
    assert answer.status_code == 422 and "uploaded" in answer.json()["detail"]


def test_a_worker_is_refused_before_any_parameter_is_checked(signed_in, alice):
    assert signed_in(alice).get(API).status_code == 403
