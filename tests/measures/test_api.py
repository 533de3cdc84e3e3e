"""The measures API: instruments with their rules, and a person's readings through access."""

import pytest

from joinedup.measures import instruments

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shipped(db):
    instruments.load()


def test_instruments_come_with_items_and_scoring_rules(signed_in, alice):
    found = {i["key"]: i for i in signed_in(alice).get("/api/v1/measures/instruments").json()}
    assert set(found) == {"ndt", "journey", "swemwbs", "satisfaction"}
    assert found["swemwbs"]["reliable_change"] == "2.87" and found["swemwbs"]["licensed"]
    assert found["swemwbs"]["definition"]["scoring"]["conversion"]["8"] == "9.51"
    assert found["ndt"]["higher_is"] == "worse" and found["journey"]["higher_is"] == "better"


def test_a_reading_is_recorded_and_read_back_with_both_views(signed_in, alice, person):
    client = signed_in(alice)
    url = f"/api/v1/measures/people/{person.pk}/readings"
    values = {f"item_{n}": 3 for n in range(1, 8)}
    body = {
        "instrument": "swemwbs",
        "completed_by": "together",
        "values": values,
        "person_view": {"item_2": 4},
    }
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["score"] == "19.25" and made.json()["total"] == 21
    readings = client.get(url).json()
    views = {(s["item"], s["view"]): s["value"] for s in readings[0]["scores"]}
    assert views[("item_2", "agreed")] == 3 and views[("item_2", "person")] == 4


def test_a_bad_answer_names_the_item(signed_in, alice, person):
    url = f"/api/v1/measures/people/{person.pk}/readings"
    body = {"instrument": "swemwbs", "values": {"item_1": 9}}
    answer = signed_in(alice).post(url, body, content_type="application/json")
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "values", "item_1"]
    assert not person.assessments.exists()


def test_another_organisation_gets_404(signed_in, charlie, person):
    client = signed_in(charlie)
    url = f"/api/v1/measures/people/{person.pk}/readings"
    assert client.get(url).status_code == 404
    body = {"instrument": "journey", "values": {"money": 3}}
    assert client.post(url, body, content_type="application/json").status_code == 404
    assert not person.assessments.exists()
