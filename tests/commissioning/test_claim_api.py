"""The claims API: aggregates for everyone (no names, no person ids, counts disclosed, money
exact), the claim's life through it, and other organisations refused."""

import json
from datetime import date

import pytest

from joinedup.commissioning.claim_models import Claim
from tests.commissioning import claims_area as area
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
API = "/api/v1/commissioning"


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
    }


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_a_claim_through_the_api(client, world):
    sign_in(client, world["provider"].user)
    made = post(
        client,
        f"{API}/contracts/{world['contract'].pk}/claims/",
        {"period_start": "2025-01-01", "period_last": "2025-06-30"},
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["amount"] == "1500.00" and body["lines"] == "fewer than 5"
    assert "Annabel" not in made.content.decode() and "person" not in body["outcomes"][0]
    claim_id = body["id"]
    assert post(client, f"{API}/claims/{claim_id}/submit/").json()["status"] == "submitted"
    client.logout()
    sign_in(client, world["payer"].user)
    refused = post(client, f"{API}/claims/{claim_id}/decision/", {"decision": "reject"})
    assert refused.status_code == 422 and "reason" in json.dumps(refused.json())
    accepted = post(client, f"{API}/claims/{claim_id}/decision/", {"decision": "accept"})
    assert accepted.json()["status"] == "accepted"
    paid = post(client, f"{API}/claims/{claim_id}/payment/", {"paid_on": date.today().isoformat()})
    assert paid.json()["paid_on"] == date.today().isoformat()
    listed = client.get(f"{API}/contracts/{world['contract'].pk}/claims/").json()
    assert [c["status"] for c in listed] == ["paid"]
    assert listed[0]["timing"][1]["what"] == "From claim to payment"


def test_other_organisations_are_refused_and_nothing_changes(client, world):
    sign_in(client, world["other_provider"].user)
    made = post(
        client,
        f"{API}/contracts/{world['contract'].pk}/claims/",
        {"period_start": "2025-01-01", "period_last": "2025-06-30"},
    )
    assert made.status_code == 404 and not Claim.objects.exists()
    client.logout()
    sign_in(client, world["payer"].user)
    made = post(
        client,
        f"{API}/contracts/{world['contract'].pk}/claims/",
        {"period_start": "2025-01-01", "period_last": "2025-06-30"},
    )
    assert made.status_code == 403 and not Claim.objects.exists()
