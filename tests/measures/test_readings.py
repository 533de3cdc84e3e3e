"""Recording any instrument for a person (both views kept), the person's own recording at
/me/, their history page, and the administrator's uploads of instruments and wording."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import User
from joinedup.accounts.roles import Role
from joinedup.audit.models import AccessLog
from joinedup.measures import instruments
from joinedup.measures.instruments import FOLDER
from joinedup.measures.models import Assessment, Instrument, Score
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shipped(db):
    instruments.load()


@pytest.fixture
def dana(person):
    user = User.objects.create_user(email="dana@example.org", password="x" * 14)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    person.account = user
    person.save()
    return user


def journey_post(value=5, **extra):
    post = {c: value for c in [i.code for i in instruments.get("journey").items.all()]}
    return {**post, "completed_by": "together", **extra}


def test_a_worker_and_the_person_record_together_and_disagree_on_one_area(signed_in, alice, person):
    client = signed_in(alice)
    url = reverse("measures:reading-new", args=[person.pk, "journey"])
    page = client.get(url).content.decode()
    assert "Stuck: a safe, settled place to live is not something I can face" in page
    assert "own view, if different" in page
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    response = client.post(url, journey_post(6, **{"person-money": 3, "assessed_on": day}))
    assert response.status_code == 302
    reading = person.assessments.get()
    assert reading.score == 60 and reading.total == 60
    assert reading.completed_by == Assessment.CompletedBy.TOGETHER
    assert reading.assessed_on.isoformat() == day and reading.assessed_by == alice
    kept = {(s.item.code, s.view): s.value for s in reading.scores.select_related("item")}
    assert kept[("money", "agreed")] == 6 and kept[("money", "person")] == 3
    assert Score.objects.filter(view="person").count() == 1  # only where they differ
    history = client.get(reverse("measures:person", args=[person.pk])).content.decode()
    assert "Money: 6" in history and "the person: 3" in history
    assert "Home and money: 18.00" in history


def test_missing_areas_are_prorated_or_leave_no_score_as_the_file_says(signed_in, alice, person):
    client = signed_in(alice)
    url = reverse("measures:reading-new", args=[person.pk, "journey"])
    client.post(url, journey_post(4, accommodation="", money=""))
    client.post(url, journey_post(4, accommodation="", money="", safety=""))
    prorated, unscored = person.assessments.order_by("id")
    assert prorated.score == 40  # 8 areas at 4, prorated to ten
    assert unscored.score is None and unscored.total == 28
    assert unscored.unscored_because == "3 of 10 items not answered (at most 2 may be)"
    page = client.get(reverse("measures:person", args=[person.pk])).content.decode()
    assert "No score" in page and "3 of 10 items not answered" in page


def test_the_form_names_each_problem(signed_in, alice, person):
    client = signed_in(alice)
    url = reverse("measures:reading-new", args=[person.pk, "satisfaction"])
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    page = client.post(url, {"listened": "9", "assessed_on": future}).content.decode()
    assert 'href="#completed_by">Say who completed it' in page
    assert 'href="#listened">Choose one of the answers for I felt listened to' in page
    assert 'href="#assessed_on">The date cannot be in the future' in page
    assert not person.assessments.exists()


def test_readings_over_time_are_charted_on_the_persons_page(signed_in, alice, person):
    journey = instruments.get("journey")
    today = timezone.localdate()
    for weeks, value in [(12, 3), (6, 5), (0, 7)]:
        values = {i.code: value for i in journey.items.all()}
        instruments.record(journey, person, values, on=today - timedelta(weeks=weeks))
    page = signed_in(alice).get(reverse("measures:person", args=[person.pk])).content.decode()
    assert "<svg" in page
    assert "Journey of change: 3 readings, from 30.00" in page and "to 70.00" in page


def test_another_organisation_cannot_record_or_read(signed_in, charlie, person):
    client = signed_in(charlie)
    for url in [
        reverse("measures:reading-new", args=[person.pk, "journey"]),
        reverse("measures:person", args=[person.pk]),
    ]:
        assert client.post(url, journey_post()).status_code == 404
    assert not person.assessments.exists()
    assert AccessLog.objects.filter(user=charlie, granted=False).count() == 2


def test_the_person_records_their_own_reading_on_a_phone(client, dana, person):
    from tests.conftest import sign_in

    sign_in(client, dana)
    listing = client.get(reverse("me-measures")).content.decode()
    assert "Journey of change" in listing and "New Directions" not in listing
    url = reverse("me-reading", args=["journey"])
    page = client.get(url).content.decode()
    assert "Who completed it?" not in page and "own view, if different" not in page
    assert 'name="viewport"' in client.get(reverse("me")).content.decode()
    client.post(url, {**journey_post(8), "completed_by": "worker", "person-money": 1})
    reading = person.assessments.get()
    assert reading.completed_by == Assessment.CompletedBy.PERSON and reading.score == 80
    assert not reading.scores.filter(view="person").exists()
    assert "80.00" in client.get(reverse("me-measures")).content.decode()
    # The NDT is a worker's assessment, not offered at /me/.
    assert client.get(reverse("me-reading", args=["ndt"])).status_code == 404


def test_licensed_wording_shows_once_uploaded_and_only_then(signed_in, owner_org, person, alice):
    admin = make_user("admin@example.org", owner_org, Role.ADMINISTRATOR)
    client = signed_in(admin)
    form = reverse("measures:reading-new", args=[person.pk, "swemwbs"])
    page = client.get(form).content.decode()
    assert "1. Item 1" in page and 'data-testid="no-wording"' in page
    wording = {
        "key": "swemwbs",
        "version": 1,
        "licence": "Used under licence to Riverside, 2025.",
        "items": {f"item_{n}": {"title": f"Our licensed statement {n}"} for n in range(1, 8)},
    }
    upload = SimpleUploadedFile("w.json", json.dumps(wording).encode())
    response = client.post(reverse("measures:wording", args=["swemwbs"]), {"file": upload})
    assert response.status_code == 302
    page = client.get(form).content.decode()
    assert "1. Our licensed statement 1" in page and "Used under licence to Riverside" in page
    assert 'data-testid="no-wording"' not in page
    assert signed_in(alice).get(reverse("measures:wording", args=["swemwbs"])).status_code == 403


def test_an_administrator_adds_an_instrument_and_a_bad_file_is_refused_with_the_reason(
    signed_in, owner_org, alice, person
):
    admin = make_user("admin@example.org", owner_org, Role.ADMINISTRATOR)
    client = signed_in(admin)
    url = reverse("measures:instruments")
    data = json.loads((FOLDER / "satisfaction.json").read_text())
    data.update(key="housing-check", name="Housing check")
    data["subscales"][0]["items"] = ["listened", "roof"]
    bad = SimpleUploadedFile("h.json", json.dumps(data).encode())
    page = client.post(url, {"file": bad}).content.decode()
    assert "subscales[0].items: no such item: roof" in page
    data["subscales"][0]["items"] = ["listened", "clear"]
    client.post(url, {"file": SimpleUploadedFile("h.json", json.dumps(data).encode())})
    added = Instrument.objects.get(key="housing-check")
    assert added.added_by == admin and added.items.count() == 5
    data["name"] = "Housing check, changed"  # same key and version: never changed
    page = client.post(
        url, {"file": SimpleUploadedFile("h.json", json.dumps(data).encode())}
    ).content.decode()
    assert "already installed and never changes: upload it as version 2" in page
    assert Instrument.objects.get(key="housing-check").name == "Housing check"
    page = client.get(reverse("measures:reading-new", args=[person.pk, "housing-check"]))
    assert "I felt listened to" in page.content.decode()
    assert signed_in(alice).get(url).status_code == 403
