"""Cohorts for cost analysis: who is in each, from when, and the uploaded list's checks."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.costs import atrisk, cohorts, queries
from joinedup.costs.change import UnitCost
from joinedup.costs.models import ServiceUseEvent, UploadedCohort
from joinedup.directory.models import Locality
from joinedup.people.models import Person
from joinedup.referrals.models import (
    Allocation,
    Decision,
    ListStatus,
    Panel,
    ProfileVersion,
    Referral,
    StatusChange,
)
from tests.conftest import make_user
from tests.costs import area, cambridgeshire

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(other_org):
    return make_user("ann@example.org", other_org, Role.ANALYST)


def test_a_person_starts_on_their_first_allocation(owner_org, bob, alice):
    [person] = area.build(owner_org, bob, n=1)
    Allocation.objects.filter(person=person).update(ended_on=date(2024, 6, 1))
    Allocation.objects.create(
        person=person, coordinator=alice, organisation=owner_org, started_on=date(2024, 6, 1)
    )
    built = cohorts.organisation_caseload(alice, owner_org.pk)
    assert built.starts == {person.pk: area.START}
    assert cohorts.coordinator_caseload(alice, bob.pk).starts == {}  # no longer bob's


def test_the_panel_s_acceptance_is_the_start_for_someone_not_yet_allocated(owner_org, alice):
    person = Person.objects.create(first_name="Ola", last_name="Waiting")
    panel = Panel.objects.create(name="Panel", host=owner_org)
    profile = ProfileVersion.objects.create(person=person, number=1)
    referral = Referral.objects.create(person=person, panel=panel, profile=profile)
    decided = timezone.now() - timedelta(days=400)
    Decision.objects.create(
        referral=referral, outcome=Decision.Outcome.ACCEPT, rationale="Yes", recorded_at=decided
    )
    today = timezone.localdate()
    built = cohorts.accepted(alice, today - timedelta(days=500), today)
    assert built.starts == {person.pk: timezone.localdate(decided)}
    assert cohorts.accepted(alice, today - timedelta(days=10), today).starts == {}


def test_a_locality_is_its_co_ordinated_residents(owner_org, bob, alice):
    area.build(owner_org, bob, n=2, postcode="RV1 2AB")
    area.build(owner_org, bob, n=1, postcode="RV9 1ZZ")
    Person.objects.create(first_name="Not", last_name="Coordinated", postcode="RV1 3CD")
    ward = Locality.objects.create(
        name="Riverside Central", postcode_district="RV1", population=9000, deprivation_decile=3
    )
    assert len(cohorts.locality(alice, ward).starts) == 2


def test_deaths_and_custody_spells_come_from_the_by_name_list(owner_org, bob):
    [person] = area.build(owner_org, bob, n=1)
    for status, on in ((ListStatus.ACTIVE, date(2024, 3, 1)), (ListStatus.IN_CUSTODY,
                       date(2024, 4, 1)), (ListStatus.ACTIVE, date(2024, 4, 11))):  # fmt: skip
        StatusChange.objects.create(person=person, status=status, on=on)
    StatusChange.objects.create(
        person=person, status=ListStatus.DIED, on=date(2024, 9, 2), died_on=date(2024, 9, 1)
    )
    from joinedup.referrals.cohorts import interruptions

    assert interruptions([person.pk]) == {
        person.pk: (date(2024, 9, 1), ((date(2024, 4, 1), date(2024, 4, 11)),))
    }


def test_the_cambridgeshire_cohort_through_the_page_s_code(owner_org):
    """The hand-worked cohort in the database: B and C were in custody (B two nights after
    his start, C four before hers), so leaving them out keeps A and D: criminal justice
    1,000 (A's arrests) -> 1,500 (A's arrest, D's court appearance); health 300 -> 1,200."""
    people = {}
    for line in cambridgeshire.COHORT.splitlines()[1:]:
        key, start = line.split(",")
        people[key] = Person.objects.create(first_name=key, last_name="Cambridgeshire")
        people[key].start = date.fromisoformat(start)
    prices, categories = [], {}
    for line in cambridgeshire.UNIT_COSTS.splitlines()[1:]:
        kind, department, cost = line.split(",")
        prices.append(UnitCost(kind, department, Decimal(cost)))
        categories[kind] = department
    for line in cambridgeshire.EVENTS.splitlines()[1:]:
        key, kind, day, quantity = line.split(",")
        if key in people:
            ServiceUseEvent.objects.create(
                person=people[key], organisation=owner_org, kind=kind,
                category=categories[kind], occurred_on=date.fromisoformat(day),
                quantity=int(quantity or 1),
            )  # fmt: skip
    starts = {p.pk: p.start for p in people.values()}
    [left_out] = queries.cohort_period_changes(starts, prices, 6, atrisk.EXCLUDE, periods=1)
    assert (left_out.people, left_out.left_out_custody) == (2, 2)
    assert [row[:3] for row in left_out.change.rows()] == [
        ["community", Decimal("0.00"), Decimal("0.00")],
        ["criminal_justice", Decimal("1000.00"), Decimal("1500.00")],
        ["health", Decimal("300.00"), Decimal("1200.00")],
        ["housing", Decimal("0.00"), Decimal("0.00")],
        ["TOTAL", Decimal("1300.00"), Decimal("2700.00")],
    ]


def upload(client, text, name="Pilot cohort"):
    data = SimpleUploadedFile("cohort.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("costs:upload"), {"name": name, "file": data})


def test_an_analyst_uploads_a_list_once_and_analyses_it(signed_in, analyst, owner_org, bob):
    people = area.build(owner_org, bob, n=5)
    text = "person_id,start_date\n" + "".join(f"{p.pk},2024-03-01\n" for p in people)
    client = signed_in(analyst)
    response = upload(client, text)
    assert response.status_code == 302
    assert upload(client, text)["Location"] == response["Location"]  # the same file: one list
    assert UploadedCohort.objects.count() == 1
    page = client.get(response["Location"] + f"&price_year={area.PRICE_YEAR}")
    assert page.context["report"].first.people == 5


def test_every_bad_row_is_named_and_nothing_is_stored(signed_in, analyst, owner_org, bob):
    [person] = area.build(owner_org, bob, n=1)
    text = (
        "person_id,start_date\n"
        f"{person.pk},2024-03-01\n"
        "abc,2024-03-01\n"
        f"{person.pk},2024-04-01\n"
        "999999,2024-03-01\n"
        f"{person.pk + 1000},01/03/2024\n"
    )
    response = upload(signed_in(analyst), text)
    assert response.status_code == 400
    assert response.context["upload_errors"] == [
        (3, "person_id", "'abc' is not a joinedup person number"),
        (4, "person_id", "already on row 2"),
        (5, "person_id", "no person number 999999 on joinedup"),
        (6, "start_date", "'01/03/2024' is not a date (YYYY-MM-DD, ISO 8601)"),
    ]
    assert "Row 4, person_id: already on row 2" in response.content.decode()
    assert not UploadedCohort.objects.exists()


def test_a_missing_column_is_named(signed_in, analyst):
    response = upload(signed_in(analyst), "person,start\n1,2024-01-01\n")
    [(row, field, reason)] = response.context["upload_errors"]
    assert (row, field) == (1, "person_id") and "missing column" in reason


def test_commissioners_cannot_upload_and_another_organisation_s_list_is_not_found(
    signed_in, analyst, owner_org, bob, client
):
    [person] = area.build(owner_org, bob, n=1)
    listed = cohorts.upload(analyst, analyst.memberships.get().organisation, "Mine",
                            f"person_id,start_date\n{person.pk},2024-03-01\n".encode())  # fmt: skip
    council_user = make_user("cara@example.org", owner_org, Role.COMMISSIONER)
    signed_in(council_user)
    assert upload(client, "person_id,start_date\n").status_code == 403
    page = client.get(
        f"{reverse('costs:analysis')}?cohort=list&uploaded={listed.pk}&months=12&handling=exclude"
    )
    # Not offered in the form, and refused by it: another organisation's list is not there.
    assert page.context["report"] is None
    assert "uploaded" in page.context["form"].errors
