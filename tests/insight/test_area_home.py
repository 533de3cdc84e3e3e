"""A commissioner's home starts from their own department, then the whole system as tiles."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.costs.models import ServiceUseEvent
from joinedup.directory.models import Organisation
from joinedup.people.models import Person
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def use(owner_org):
    day = timezone.localdate() - timedelta(days=10)
    for i in range(12):
        p = Person.objects.create(first_name=f"Zed{i}", last_name="Quill")
        ServiceUseEvent.objects.create(
            person=p, organisation=owner_org, kind="hostel_night", category="housing",
            occurred_on=day, quantity=5,
        )  # fmt: skip
        if i < 3:
            ServiceUseEvent.objects.create(
                person=p, organisation=owner_org, kind="custody_night", category="criminal_justice",
                occurred_on=day, quantity=400,
            )  # fmt: skip


def home_of(signed_in, name):
    org = Organisation.objects.create(name=name, kind="council_department", sector="public")
    user = make_user(f"{len(name)}@example.org", org, Role.COMMISSIONER, device=False)
    return signed_in(user).get(reverse("home"))


def test_each_commissioner_starts_from_their_own_department(signed_in, use):
    housing = home_of(signed_in, "Riverside Council Housing Options")
    assert housing.context["department"]["name"] == "Housing"
    page = housing.content.decode()
    assert "Housing: your department" in page
    rows = {r["kind"]: r for r in housing.context["department"]["use"]}
    assert rows["Hostel nights"]["people"] == 12 and rows["Hostel nights"]["events"] == 60
    assert "Zed" not in page
    police = home_of(signed_in, "Office of the Police and Crime Commissioner")
    assert police.context["department"]["name"] == "Criminal justice"
    # Three people in custody: hidden, and so are the nights, their rate and their cost.
    custody = police.context["department"]["use"][0]
    assert custody["people"] == "fewer than 10"
    assert custody["events"] is None and custody["cost"] is None
    assert "400" not in police.content.decode()


def test_every_tile_says_its_source_and_period_and_links_to_its_page(signed_in, use):
    response = home_of(signed_in, "Riverside Council Housing Options")
    tiles = {t.key: t for t in response.context["tiles"]}
    assert set(tiles) == {
        "cohort", "flows", "outcomes", "costs", "contracts", "issues", "self-assessment"
    }  # fmt: skip
    assert all(t.source and t.link for t in tiles.values())
    assert tiles["cohort"].link == reverse("needs:analysis")
    assert tiles["contracts"].missing.startswith("Your organisation lets no contract")
    assert tiles["self-assessment"].link == reverse("assessment:area")
    page = response.content.decode()
    assert (
        "lets no contract and pays into no pool" in page
        and "0 (not at all) to 3 (completely)" in page
    )


def test_a_commissioner_can_look_at_another_department(signed_in, use):
    org = Organisation.objects.create(
        name="Riverside Council Housing", kind="other", sector="public"
    )
    user = make_user("x@example.org", org, Role.ANALYST, device=False)
    response = signed_in(user).get(reverse("home") + "?department=health")
    assert response.context["department"]["name"] == "Health"


def test_the_self_assessment_page_leads_to_the_area_view_which_gives_its_scale(
    signed_in, owner_org
):
    commissioner = make_user("s@example.org", owner_org, Role.COMMISSIONER, device=False)
    client = signed_in(commissioner)
    page = client.get(reverse("assessment:rounds")).content.decode()
    assert reverse("assessment:area") in page
    area = client.get(reverse("assessment:area")).content.decode()
    assert "0 not at all, 1 a little, 2 mostly, 3 completely" in area


def test_the_home_and_the_needs_page_do_not_grow_with_the_area(
    signed_in, owner_org, use, django_assert_max_num_queries
):
    user = make_user("q@example.org", owner_org, Role.COMMISSIONER, device=False)
    client = signed_in(user)
    day = timezone.localdate() - timedelta(days=5)

    def more_people(n):
        for i in range(n):
            p = Person.objects.create(first_name=f"More{i}", last_name="Quill")
            ServiceUseEvent.objects.create(
                person=p, organisation=owner_org, kind="arrest", category="criminal_justice",
                occurred_on=day,
            )  # fmt: skip

    for url in (reverse("home"), reverse("needs:analysis")):
        client.get(url)
        with django_assert_max_num_queries(60) as kept:  # the figures kept from the last visit
            client.get(url)
        more_people(20)
        with django_assert_max_num_queries(90) as recounted:  # new records: counted again
            client.get(url)
        assert len(recounted.captured_queries) > len(kept.captured_queries)
        more_people(20)
        with django_assert_max_num_queries(len(recounted.captured_queries)):
            client.get(url)
        with django_assert_max_num_queries(len(kept.captured_queries)):
            client.get(url)


def test_the_contracts_tile_counts_the_departments_own_contracts(signed_in, use):
    from datetime import date
    from decimal import Decimal

    from joinedup.commissioning.models import Contract

    housing = Organisation.objects.create(
        name="Riverside Council Housing Options", kind="council_department", sector="public"
    )
    user = make_user("h@example.org", housing, Role.COMMISSIONER, device=False)
    Contract.objects.create(
        reference="C-9", title="Outreach", commissioner=housing, mechanism="block",
        status="live", starts_on=date(2026, 4, 1), ends_on=date(2029, 3, 31),
        value=Decimal("300000"),
    )  # fmt: skip
    response = signed_in(user).get(reverse("home"))
    tile = {t.key: t for t in response.context["tiles"]}["contracts"]
    figures = dict(tile.figures)
    assert figures["contracts running"] == 1
    assert figures["value of the running contracts"] == "£300,000"
    assert tile.link == reverse("commissioning:index") and not tile.missing
