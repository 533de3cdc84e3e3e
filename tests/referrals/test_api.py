"""/api/v1/referrals/: the same rules as the pages, with field-named errors and nothing saved."""

import json

import pytest

from joinedup.measures import instruments
from joinedup.referrals.models import Referral

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def body(front_door, *also, **changes):
    data = {
        "person": {"first_name": "Jo", "last_name": "Marsh", "date_of_birth": "1985-03-04"},
        "what_is_happening": "Sleeping out by the river.",
        "what_matters": "A key of my own.",
        "needs": ["homelessness"],
        "sharing": {"organisations": [front_door.pk, *(o.pk for o in also)], "basis": "consent"},
    }
    data.update(changes)
    return data


def test_a_referral_through_the_api_then_a_decision(
    signed_in, alice, helen, front_door, probation, meeting
):
    created = post(signed_in(alice), "/api/v1/referrals/", body(front_door, probation))
    assert created.status_code == 201, created.content
    referral = created.json()
    assert referral["status"] == "awaiting_panel" and referral["profile_version"] == 1
    assert {s["organisation"] for s in referral["shares"]} == {
        "Riverside Multiple Needs Service",
        "Riverside Drug and Alcohol Service",
        "Probation",
    }
    ndt = instruments.get("ndt")
    instruments.record(
        ndt, Referral.objects.get().person, {i.code: i.scores[-1] for i in ndt.items.all()}
    )
    url = f"/api/v1/referrals/{referral['id']}/decisions"
    decided = post(
        signed_in(helen),
        url,
        {
            "outcome": "accept",
            "priority": 1,
            "rationale": "Many agencies",
            "review_on": "2027-02-01",
        },
    )
    assert decided.status_code == 201, decided.content
    assert decided.json()["ndt_total"] == 48
    listed = signed_in(alice).get(url).json()
    assert [d["outcome"] for d in listed] == ["accept"]


@pytest.mark.parametrize(
    "changes,loc",
    [
        ({"sharing": {"organisations": [999999], "basis": "consent"}}, "organisations"),
        ({"sharing": {"organisations": []}}, "basis"),
        (
            {"person": {"first_name": "Jo", "last_name": "M", "date_of_birth": "1985-02-31"}},
            "date_of_birth",
        ),
        ({"person": {"first_name": "Jo", "last_name": "M", "nhs_number": "123"}}, "nhs_number"),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(
    signed_in, alice, front_door, meeting, changes, loc
):
    response = post(signed_in(alice), "/api/v1/referrals/", body(front_door, **changes))
    assert response.status_code == 422, response.content
    assert any(loc in ".".join(map(str, e["loc"])) for e in response.json()["detail"])
    assert not Referral.objects.exists()


def test_an_outsider_cannot_read_a_referral_or_decide(
    signed_in, alice, charlie, front_door, meeting
):
    referral = post(signed_in(alice), "/api/v1/referrals/", body(front_door)).json()
    client = signed_in(charlie)
    assert client.get(f"/api/v1/referrals/{referral['id']}").status_code == 404
    assert client.get("/api/v1/referrals/").json()["items"] == []
    decided = post(client, f"/api/v1/referrals/{referral['id']}/decisions", {"outcome": "accept"})
    assert decided.status_code == 404


def test_a_practitioner_cannot_record_a_panel_decision(signed_in, alice, front_door, meeting):
    referral = post(signed_in(alice), "/api/v1/referrals/", body(front_door)).json()
    decided = post(
        signed_in(alice),
        f"/api/v1/referrals/{referral['id']}/decisions",
        {"outcome": "defer", "rationale": "x", "review_on": "2027-01-01"},
    )
    assert decided.status_code == 403


def test_roles_that_never_see_named_people_cannot_use_referrals(signed_in, owner_org, front_door):
    from joinedup.accounts.roles import Role
    from tests.conftest import make_user

    commissioner = make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)
    client = signed_in(commissioner)
    assert post(client, "/api/v1/referrals/", body(front_door)).status_code == 403
    assert client.get("/api/v1/referrals/").status_code == 403
    assert not Referral.objects.exists()


def test_overlong_fields_and_unknown_needs_are_named(signed_in, alice, front_door, meeting):
    long_postcode = {"first_name": "Jo", "last_name": "M", "postcode": "X" * 40}
    response = post(signed_in(alice), "/api/v1/referrals/", body(front_door, person=long_postcode))
    assert response.status_code == 422 and "postcode" in response.content.decode()
    response = post(signed_in(alice), "/api/v1/referrals/", body(front_door, needs=["gambling"]))
    assert response.status_code == 422 and "needs" in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    "changes,loc",
    [
        ({"sharing": {"organisations": [10**30], "basis": "consent"}}, "organisations"),
        ({"sharing": {"organisations": [2**63], "basis": "consent"}}, "organisations"),
        ({"person_id": 10**30}, "person_id"),
        ({"what_is_happening": "x" * 1_000_000}, "what_is_happening"),
        ({"what_matters": "x" * 10_001}, "what_matters"),
    ],
)
def test_an_id_past_the_database_or_a_story_too_long_is_named(
    signed_in, alice, front_door, meeting, changes, loc
):
    client = signed_in(alice)
    client.raise_request_exception = False
    response = post(client, "/api/v1/referrals/", body(front_door, **changes))
    assert response.status_code == 422, response.content[:300]
    assert any(loc in ".".join(map(str, e["loc"])) for e in response.json()["detail"])
    assert not Referral.objects.exists()


def test_a_decision_naming_an_organisation_past_the_database_is_named(
    signed_in, alice, helen, front_door, meeting
):
    referral = post(signed_in(alice), "/api/v1/referrals/", body(front_door)).json()
    client = signed_in(helen)
    client.raise_request_exception = False
    decided = post(
        client,
        f"/api/v1/referrals/{referral['id']}/decisions",
        {"outcome": "refer_elsewhere", "refer_to": 10**30, "rationale": "x"},
    )
    assert decided.status_code == 422, decided.content[:300]
    assert any("refer_to" in e["loc"] for e in decided.json()["detail"])
