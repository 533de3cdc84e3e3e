"""The claim pages: a provider makes, sees (with names, logged) and submits its claim; the
commissioner who pays decides and records payment and sees aggregates only; users of other
organisations get 404 or 403 and change nothing."""

from datetime import date

import pytest
from django.urls import reverse

from joinedup.audit.models import AccessLog
from joinedup.commissioning import claims
from joinedup.commissioning.claim_models import Claim, Payment
from tests.commissioning import claims_area as area
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(owner_org, other_org):
    council = area.commissioner_org()
    c = area.contract(council, owner_org)
    area.rate(c, area.indicator(council))
    ann = area.served_person(owner_org, "Annabel")
    area.crossing(ann)
    return {
        "contract": c,
        "ann": ann,
        "payer": area.commissioner(council),
        "provider": area.provider_manager(owner_org),
        "other_provider": area.provider_manager(other_org, "mallory@example.org"),
        "other_payer": area.commissioner(area.commissioner_org("Vale Council"), "oz@example.org"),
    }


def _submitted(world):
    claim = claims.assemble(world["provider"], world["contract"], *area.H1).claim
    return claims.submit(world["provider"], claim)


def test_the_provider_makes_a_claim_from_the_evidence(client, world):
    sign_in(client, world["provider"].user)
    url = reverse("commissioning:claim-new", kwargs={"contract_id": world["contract"].pk})
    response = client.post(
        url,
        {
            "period_start_0": "1",
            "period_start_1": "1",
            "period_start_2": "2025",
            "period_last_0": "30",
            "period_last_1": "6",
            "period_last_2": "2025",
        },
    )
    claim = Claim.objects.get()
    assert response.status_code == 302 and claim.period_end == date(2025, 7, 1)
    page = client.get(
        reverse("commissioning:claim", kwargs={"claim_id": claim.pk})
    ).content.decode()
    assert "Annabel Served" in page and "NDT total 27" in page
    assert AccessLog.objects.filter(
        user=world["provider"].user, person=world["ann"], action="list", granted=True
    ).exists()


def test_a_bad_period_names_the_field(client, world):
    sign_in(client, world["provider"].user)
    url = reverse("commissioning:claim-new", kwargs={"contract_id": world["contract"].pk})
    response = client.post(
        url,
        {
            "period_start_0": "1",
            "period_start_1": "12",
            "period_start_2": "2024",
            "period_last_0": "30",
            "period_last_1": "6",
            "period_last_2": "2025",
        },
    )
    assert response.status_code == 200 and "starts before the contract" in response.content.decode()
    assert not Claim.objects.exists()


def test_the_commissioner_sees_no_names_and_no_person_ids(client, world):
    claim = _submitted(world)
    sign_in(client, world["payer"].user)
    page = client.get(
        reverse("commissioning:claim", kwargs={"claim_id": claim.pk})
    ).content.decode()
    assert "Annabel" not in page and f"/people/{world['ann'].pk}/" not in page
    assert "fewer than 5" in page and "£1,500" in page and "Accept it, to be paid" in page
    assert not AccessLog.objects.filter(user=world["payer"].user, granted=True).exists()


def test_the_commissioner_accepts_and_pays(client, world):
    claim = _submitted(world)
    sign_in(client, world["payer"].user)
    decide = reverse("commissioning:claim-decide", kwargs={"claim_id": claim.pk})
    response = client.post(decide, {"decision": "query"})
    assert (
        response.status_code == 200 and "Say why you query the claim" in response.content.decode()
    )
    assert client.post(decide, {"decision": "accept"}).status_code == 302
    pay = reverse("commissioning:claim-pay", kwargs={"claim_id": claim.pk})
    today = date.today()
    response = client.post(
        pay,
        {
            "paid_on_0": today.day,
            "paid_on_1": today.month,
            "paid_on_2": today.year,
            "reference": "B1",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID and Payment.objects.get().reference == "B1"


def test_other_organisations_get_404_or_403_and_change_nothing(client, world):
    claim = _submitted(world)
    ids = {"claim_id": claim.pk}
    sign_in(client, world["other_provider"].user)
    assert client.get(reverse("commissioning:claim", kwargs=ids)).status_code == 404
    for name in ("claim-submit", "claim-reassemble", "claim-decide", "claim-pay"):
        assert (
            client.post(
                reverse(f"commissioning:{name}", kwargs=ids), {"decision": "accept"}
            ).status_code
            == 404
        )
    new = reverse("commissioning:claim-new", kwargs={"contract_id": world["contract"].pk})
    assert client.get(new).status_code == 404  # not a contract it is in
    client.logout()
    sign_in(client, world["other_payer"].user)  # reads every contract, pays for none of this
    assert client.get(reverse("commissioning:claim", kwargs=ids)).status_code == 200
    for name in ("claim-decide", "claim-pay"):
        response = client.post(reverse(f"commissioning:{name}", kwargs=ids), {"decision": "accept"})
        assert response.status_code == 403
    assert client.post(reverse("commissioning:claim-submit", kwargs=ids)).status_code == 403
    assert client.get(new).status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED and claim.decided_at is None
    assert Claim.objects.count() == 1 and not Payment.objects.exists()


def test_the_market_page_is_for_those_who_read_every_contract(client, world):
    sign_in(client, world["payer"].user)
    response = client.get(reverse("commissioning:market"))
    assert response.status_code == 200 and "Spend by the provider" in response.content.decode()
    client.logout()
    sign_in(client, world["provider"].user)
    assert client.get(reverse("commissioning:market")).status_code == 403


def test_the_contract_page_shows_claims_and_fair_play(client, world):
    claim = _submitted(world)
    sign_in(client, world["payer"].user)
    page = client.get(
        reverse("commissioning:contract", args=[world["contract"].pk])
    ).content.decode()
    assert f"Claim {claim.pk}" in page and "Fair play" in page and "Annabel" not in page
    assert "Need of the people referred" in page


def test_a_draft_is_the_providers_until_submitted(client, world):
    claim = claims.assemble(world["provider"], world["contract"], *area.H1).claim
    sign_in(client, world["payer"].user)
    url = reverse("commissioning:claim", kwargs={"claim_id": claim.pk})
    assert client.get(url).status_code == 404
    contract = reverse("commissioning:contract", args=[world["contract"].pk])
    assert f"Claim {claim.pk}" not in client.get(contract).content.decode()
    claims.submit(world["provider"], claim)
    assert client.get(url).status_code == 200
