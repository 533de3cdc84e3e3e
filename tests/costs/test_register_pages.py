"""The register's pages and API: who sees them, who may change them, and forms that say why."""

from decimal import Decimal

import pytest
from django.urls import reverse

from joinedup.accounts.roles import Role
from joinedup.costs import register, services
from joinedup.costs.models import RegisterVersion
from tests.conftest import make_user


@pytest.fixture
def loaded(db):
    services.load_starter()


@pytest.fixture
def admin(owner_org):
    return make_user("ada@example.org", owner_org, Role.ADMINISTRATOR)


@pytest.fixture
def commissioner(owner_org):
    return make_user("cora@example.org", owner_org, Role.COMMISSIONER)


def arrest():
    return next(r for r in register.side_by_side() if r.kind == "arrest")


def test_a_commissioner_sees_every_kind_with_its_chosen_source_and_uprated_value(
    signed_in, commissioner, loaded
):
    page = signed_in(commissioner).get(reverse("costs:register") + "?price_year=2023")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Unit cost register version 1, prices at 2023-24" in text
    assert "Night in custody" in text and "Recovery cafe visit" in text
    # £141.71 at 2022-23 prices -> 2023-24: 141.71 x 96.1117 / 91.2996 = 149.1790... -> £149.18.
    assert "£141.71 per night" in text and "£149.18" in text
    assert "Load the starter figures" not in text and "Add a source" not in text
    kind = signed_in(commissioner).get(reverse("costs:kind", args=["arrest"]))
    assert kind.status_code == 200 and "public order offences" in kind.content.decode()
    assert signed_in(commissioner).get(reverse("costs:history")).status_code == 200


def test_a_future_price_year_or_unknown_version_is_explained_not_an_error(
    signed_in, commissioner, loaded
):
    page = signed_in(commissioner).get(reverse("costs:register") + "?price_year=2040&version=9")
    assert page.status_code == 200
    assert "There is no register version 9" in page.content.decode()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROVIDER_MANAGER, Role.PRACTITIONER])
def test_caseworkers_neither_see_nor_change_the_register(signed_in, owner_org, loaded, role):
    user = make_user(f"{role}@example.org", owner_org, role)
    client = signed_in(user)
    entry = arrest().chosen.number
    for url in [
        reverse("costs:register"),
        reverse("costs:kind", args=["arrest"]),
        reverse("costs:add", args=["arrest"]),
        reverse("costs:edit", args=[entry]),
        reverse("costs:choose", args=["arrest"]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("costs:load")).status_code == 403
    assert (
        client.post(reverse("costs:choose", args=["arrest"]), {"entry": entry}).status_code == 403
    )
    assert client.get("/api/v1/costs/register/").status_code == 403


def test_a_commissioner_may_not_change_the_register(signed_in, commissioner, loaded):
    client = signed_in(commissioner)
    entry = arrest().chosen.number
    assert client.get(reverse("costs:edit", args=[entry])).status_code == 403
    assert client.post(reverse("costs:add", args=["arrest"]), {}).status_code == 403
    assert RegisterVersion.objects.count() == 1


def test_an_administrator_loads_the_starter_figures_once(signed_in, admin, db):
    client = signed_in(admin)
    assert "Load the starter figures" in client.get(reverse("costs:register")).content.decode()
    client.post(reverse("costs:load"))
    client.post(reverse("costs:load"))
    assert RegisterVersion.objects.count() == 1
    assert RegisterVersion.objects.get().made_by == admin


def form_data(row, **changes):
    data = {f: getattr(row, f) for f in services.FIELDS}
    data = {k: "" if v is None else v for k, v in data.items()}
    return {**data, "reason": "The force's own figure", "opened_at": row.version.number, **changes}


def test_an_administrator_edits_an_entry_as_a_new_version_with_who_and_why(
    signed_in, admin, loaded
):
    entry = arrest().chosen
    client = signed_in(admin)
    response = client.post(
        reverse("costs:edit", args=[entry.number]), form_data(entry.row, value="512.40")
    )
    assert response.status_code == 302
    version = RegisterVersion.objects.get(number=2)
    assert (version.made_by, version.action, version.reason) == (
        admin,
        "edit",
        "The force's own figure",
    )
    assert arrest().chosen.row.value == Decimal("512.40")
    assert register.entries_at(1)[entry.number].value == Decimal("470.00")


def test_a_bad_edit_is_refused_naming_each_field(signed_in, admin, loaded):
    entry = arrest().chosen
    response = signed_in(admin).post(
        reverse("costs:edit", args=[entry.number]),
        form_data(entry.row, value="-3", price_year="2099", source="", reason=""),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in text
    for anchor in ("#id_value", "#id_price_year", "#id_source", "#id_reason"):
        assert anchor in text, anchor
    assert "Say why the register is changing" in text
    assert RegisterVersion.objects.count() == 1


def test_an_edit_over_someone_elses_is_refused(signed_in, admin, loaded):
    entry = arrest().chosen
    client = signed_in(admin)
    client.post(reverse("costs:edit", args=[entry.number]), form_data(entry.row, value="1.00"))
    stale = client.post(
        reverse("costs:edit", args=[entry.number]), form_data(entry.row, value="2.00")
    )
    assert "Someone changed this entry" in stale.content.decode()
    assert arrest().chosen.row.value == Decimal("1.00")


def test_an_administrator_adds_a_source_and_chooses_it(signed_in, admin, loaded):
    client = signed_in(admin)
    row = arrest().chosen.row
    data = form_data(row, source="Local custody suite", value="650.00", reason="Our own costing")
    assert client.post(reverse("costs:add", args=["arrest"]), data).status_code == 302
    new = next(e for e in arrest().entries if e.row.source == "Local custody suite")
    assert not new.chosen  # adding is not choosing
    refused = client.post(reverse("costs:choose", args=["arrest"]), {"entry": new.number})
    assert "Say why the area chooses this source" in refused.content.decode()
    client.post(reverse("costs:choose", args=["arrest"]), {"entry": new.number, "reason": "Local"})
    assert arrest().chosen.number == new.number
    assert [v.action for v in register.versions()] == ["choose", "add", "load"]


def test_the_api_gives_a_version_at_a_price_year_and_the_versions(signed_in, commissioner, loaded):
    client = signed_in(commissioner)
    body = client.get("/api/v1/costs/register/?price_year=2023&version=1").json()
    assert body["description"] == "Unit cost register version 1, prices at 2023-24"
    custody = next(u for u in body["unit_costs"] if u["kind"] == "custody_night")
    assert (custody["department"], Decimal(custody["unit_cost"])) == (
        "Criminal justice",
        Decimal("149.18"),  # as above: 141.71 x 96.1117 / 91.2996
    )
    assert client.get("/api/v1/costs/register/?price_year=2099").status_code == 422
    assert client.get("/api/v1/costs/register/?version=5").status_code == 404
    assert [v["number"] for v in client.get("/api/v1/costs/register/versions/").json()] == [1]
