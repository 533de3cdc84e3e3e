"""The distance-travelled page, its export and one person's measures over time: who may see
what. Workers see only people they may see; commissioners see area counts, never names."""

import csv
import io

import pytest
from django.urls import reverse

from joinedup.accounts.roles import Role
from joinedup.audit.models import AccessLog
from joinedup.directory.models import Locality
from joinedup.referrals.models import Allocation
from tests.conftest import make_user

pytestmark = pytest.mark.usefixtures("threshold_five")  # worked for a threshold of 5

URL = reverse("measures:distance")
#: Thirty people improving by 6 points (lower is better on the NDT), ten stable, eight worse.
COHORT = [(30, 24)] * 30 + [(20, 20)] * 10 + [(18, 22)] * 8


def test_a_worker_sees_their_organisations_caseload(signed_in, alice, owner_org, ndt, readings):
    readings(COHORT, owner_org)
    response = signed_in(alice).get(URL, {"instrument": ndt.pk, "cohort": "organisation"})
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Of 48 people with two or more readings, 30 improved, 10 stayed about the same and "
        "8 got worse." in page
    )
    assert "<svg" in page and "95% confidence interval" in page
    assert 'data-testid="total">48<' in page


def test_a_worker_never_counts_people_they_cannot_see(signed_in, charlie, owner_org, ndt, readings):
    readings(COHORT, owner_org)
    response = signed_in(charlie).get(URL, {"instrument": ndt.pk, "cohort": "organisation"})
    assert 'data-testid="total">0<' in response.content.decode()


def test_a_coordinator_sees_their_own_caseload(signed_in, bob, owner_org, ndt, readings):
    people = readings(COHORT, owner_org)
    for person in people[:12]:  # all improvers
        Allocation.objects.create(person=person, coordinator=bob, organisation=owner_org)
    page = signed_in(bob).get(URL, {"instrument": ndt.pk, "cohort": "mine"}).content.decode()
    assert "Of 12 people with two or more readings, 12 improved, 0 stayed" in page


def test_a_commissioner_sees_area_counts_and_no_names(
    signed_in, other_org, owner_org, ndt, readings
):
    readings(COHORT, owner_org, name="Zebedee")
    commissioner = make_user("cara@example.org", other_org, Role.COMMISSIONER)
    client = signed_in(commissioner)
    page = client.get(URL, {"instrument": ndt.pk, "cohort": "area"}).content.decode()
    assert "Of 48 people with two or more readings, 30 improved" in page
    assert "Zebedee" not in page
    service = {"instrument": ndt.pk, "cohort": "organisation", "organisation": owner_org.pk}
    assert "Of 48 people" in client.get(URL, service).content.decode()
    assert not AccessLog.objects.filter(user=commissioner, granted=True).exists()


def test_small_cohorts_show_fewer_than_five(signed_in, alice, owner_org, ndt, readings):
    readings([(30, 24)] * 6 + [(20, 30)] * 2, owner_org)
    page = signed_in(alice).get(URL, {"instrument": ndt.pk, "cohort": "organisation"})
    page = page.content.decode()
    assert "fewer than 5" in page
    assert "too small to show" in page
    assert 'data-testid="interval"' not in page


def test_a_ward_must_be_chosen_for_a_ward(signed_in, alice, ndt):
    Locality.objects.create(
        code="E1",
        name="Riverside North",
        population=5000,
        deprivation_decile=2,
        postcode_district="RV1",
    )
    page = signed_in(alice).get(URL, {"instrument": ndt.pk, "cohort": "locality"})
    assert "Choose a ward" in page.content.decode()


def test_a_worker_cannot_ask_for_the_whole_area(signed_in, alice, ndt):
    page = signed_in(alice).get(URL, {"instrument": ndt.pk, "cohort": "area"}).content.decode()
    assert "Choose one of the answers given to “Whose readings”: area is not one of them" in page
    assert 'data-testid="figures"' not in page


def test_the_export_has_counts_only(signed_in, alice, owner_org, ndt, readings):
    readings(COHORT[:40] + [(18, 22)] * 3, owner_org, name="Zebedee")  # 30, 10 and 3
    url = reverse("measures:distance-export", args=["csv"])
    response = signed_in(alice).get(url, {"instrument": ndt.pk, "cohort": "organisation"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [r[:3] for r in rows[1:4]] == [
        ["Improved", "30", ""],  # no share: the 3 is hidden, so is the 10 beside it
        ["Stayed about the same", "5 or more", ""],
        ["Got worse", "fewer than 5", ""],
    ]
    assert ["People with a reading", "43"] in [r[:2] for r in rows]
    assert rows[-3][0] == "Mean change (latest minus first)"  # 43 people: a mean reveals nobody
    assert "Zebedee" not in response.content.decode()
    xlsx = signed_in(alice).get(
        reverse("measures:distance-export", args=["xlsx"]),
        {"instrument": ndt.pk, "cohort": "organisation"},
    )
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert signed_in(alice).get(url)["Location"] == URL  # nothing chosen: back to the page


def test_a_user_without_a_role_is_refused(client, owner_org, ndt):
    from joinedup.accounts.models import User
    from tests.conftest import sign_in

    user = User.objects.create_user(email="nobody@example.org", password="correct horse battery")
    assert sign_in(client, user).get(URL).status_code in {302, 403}


def test_a_persons_measures_over_time(signed_in, alice, charlie, owner_org, ndt, readings):
    person = readings([(30, 24, 20)], owner_org)[0]
    url = reverse("measures:person", args=[person.pk])
    page = signed_in(alice).get(url).content.decode()
    assert "<svg" in page and "from 30.00" in page and "to 20.00" in page
    assert AccessLog.objects.filter(user=alice, person=person, granted=True).exists()
    assert signed_in(charlie).get(url).status_code == 404
