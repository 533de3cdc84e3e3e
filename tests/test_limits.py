"""Numbers too big for the database are the visitor's mistake: 400, 404 or a named field,
never a 500, on SQLite and PostgreSQL alike (PostgreSQL refuses out-of-range integers)."""

import pytest

from joinedup.limits import MAX_ID

pytestmark = pytest.mark.django_db

THIRTY_DIGITS = "1" * 30
HUGE = "1152921504606846976"  # 2**60: within Python, past any page


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # a 500 is an answer here, not an exception
    return client


@pytest.mark.parametrize(
    "url",
    [
        f"/people/{THIRTY_DIGITS}/",
        f"/people/{MAX_ID + 1}/",
        f"/people/{THIRTY_DIGITS}/plan/",
        f"/organisations/{THIRTY_DIGITS}/",
        f"/referrals/{THIRTY_DIGITS}/",
        f"/api/v1/people/{THIRTY_DIGITS}",
        f"/api/v1/people/{MAX_ID + 1}/notes",
        f"/api/v1/people/{THIRTY_DIGITS}/plan",
        f"/api/v1/referrals/{THIRTY_DIGITS}",
    ],
)
def test_it_answers_404_for_an_id_past_the_database(signed_in, alice, person, url):
    response = signed_in(alice).get(url)
    assert response.status_code == 404
    if url.startswith("/api/"):
        assert response.json() == {"detail": "Not Found"}


def test_it_still_finds_a_record_by_its_id(signed_in, alice, person):
    client = signed_in(alice)
    assert client.get(f"/people/{person.pk}/").status_code == 200
    assert client.get(f"/api/v1/people/{person.pk}").json()["id"] == person.pk
    assert client.get(f"/api/v1/people/{MAX_ID}").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/people/", "/api/v1/referrals/"])
@pytest.mark.parametrize("query", [f"page={HUGE}", f"page_size={HUGE}", "page=0"])
def test_it_names_a_page_out_of_range_in_the_api(signed_in, alice, person, url, query):
    response = signed_in(alice).get(f"{url}?{query}")
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", query.split("=")[0]]


@pytest.mark.parametrize("query", [f"page={HUGE}", f"page={MAX_ID}", f"per_page={HUGE}"])
def test_it_names_a_page_out_of_range_in_hsds_without_signing_in(client, query):
    response = client.get(f"/api/hsds/services?{query}")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(query.split("=")[0] + " must be between 1 and ")


def test_a_page_past_the_end_of_a_list_page_is_its_last_page(signed_in, alice, person):
    response = signed_in(alice).get(f"/referrals/?page={HUGE}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/hsds/services?search=a%00b", "/api/v1/directory/network?sector=%00"]
)
def test_a_nul_character_in_the_address_answers_400(signed_in, alice, url):
    response = signed_in(alice).get(url)
    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]


def test_a_nul_character_in_a_json_body_answers_400(signed_in, alice):
    response = signed_in(alice).post(
        "/api/v1/referrals/", '{"what_matters": "a\\u0000b"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The body has a NUL character")


def test_a_nul_character_in_a_page_address_answers_400(signed_in, alice):
    response = signed_in(alice).get("/organisations/?q=%00")
    assert response.status_code == 400


def test_a_nul_character_in_a_parameter_name_or_a_repeated_value_answers_400(client):
    assert client.get("/api/hsds/services?a%00=1").status_code == 400
    assert client.get("/api/hsds/services?search=a&search=%00").status_code == 400
