"""The NDT assessment as data: scored by its own rules, checked by hand-worked examples."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joinedup.accounts.roles import Role
from joinedup.measures import instruments
from joinedup.measures.models import Instrument
from joinedup.people.models import Consent
from joinedup.referrals.models import AgendaItem, Panel, PanelMeeting
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

DOUBLE = {"risk_to_others", "risk_from_others"}


@pytest.fixture
def ndt(db):
    instruments.load()
    return Instrument.objects.get(key="ndt")


def all_at(ndt, position):
    return {i.code: i.scores[position] for i in ndt.items.all()}


def test_ten_items_eight_scored_0_to_4_and_two_double_weighted(ndt):
    items = {i.code: i.scores for i in ndt.items.all()}
    assert len(items) == 10
    assert {c for c, s in items.items() if s == [0, 2, 4, 6, 8]} == DOUBLE
    assert all(s == [0, 1, 2, 3, 4] for c, s in items.items() if c not in DOUBLE)
    assert "South West London and St George's Mental Health NHS Trust" in ndt.copyright


def test_hand_worked_totals_at_every_minimum_and_maximum(ndt):
    assert instruments.total(ndt, all_at(ndt, 0)) == 0
    assert instruments.total(ndt, all_at(ndt, -1)) == 8 * 4 + 2 * 8 == 48
    assert ndt.maximum == 48
    for item in ndt.items.all():  # each item alone at its maximum
        values = {**all_at(ndt, 0), item.code: item.scores[-1]}
        assert instruments.total(ndt, values) == (8 if item.code in DOUBLE else 4)


# The instrument does not change between examples, so sharing the fixture is safe.
@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(choices=st.lists(st.integers(min_value=0, max_value=4), min_size=10, max_size=10))
def test_any_valid_answers_total_between_0_and_48(ndt, choices):
    values = {i.code: i.scores[c] for i, c in zip(ndt.items.all(), choices, strict=True)}
    total = instruments.total(ndt, values)
    assert 0 <= total <= 48 and total == sum(values.values())


def test_a_score_the_item_does_not_allow_is_refused_with_the_reason(ndt):
    values = {**all_at(ndt, 0), "risk_to_others": 3}
    with pytest.raises(ValueError, match="Risk to others is scored 0, 2, 4, 6, 8, not 3"):
        instruments.total(ndt, values)
    values = all_at(ndt, 0)
    del values["housing"]
    with pytest.raises(ValueError, match="No score for Housing"):
        instruments.total(ndt, values)


def test_recording_keeps_each_item_and_the_total(ndt, person, alice):
    assessment = instruments.record(ndt, person, all_at(ndt, 2), by=alice)
    assert assessment.total == 8 * 2 + 2 * 4 == 24
    assert assessment.scores.count() == 10


def test_a_worker_records_the_ndt_and_sees_the_threshold_beside_it(
    signed_in, alice, person, ndt, settings
):
    settings.NDT_ELIGIBILITY_THRESHOLD = 28
    client = signed_in(alice)
    url = reverse("ndt-new", args=[person.pk])
    missing = client.post(url, {i.code: i.scores[1] for i in list(ndt.items.all())[:9]})
    assert "Choose a score for every item" in missing.content.decode()
    client.post(url, {i.code: i.scores[3] for i in ndt.items.all()})
    assessment = person.assessments.get()
    assert assessment.total == 8 * 3 + 2 * 6 == 36
    page = client.get(url).content.decode()
    assert "<strong>36</strong> of 48 (threshold 28)" in page
    timeline = client.get(reverse("people:timeline", args=[person.pk])).content.decode()
    assert "(threshold 28)" in timeline


def test_panel_members_see_the_latest_score_beside_the_threshold(
    signed_in, ndt, person, owner_org, other_org
):
    panel = Panel.objects.create(name="Panel", host=owner_org)
    panel.organisations.add(other_org)
    meeting = PanelMeeting.objects.create(
        panel=panel, meets_on=timezone.localdate() + timedelta(days=3)
    )
    AgendaItem.objects.create(meeting=meeting, person=person)
    # The person agreed their referral and assessment may go to the panel's agencies.
    Consent.objects.create(
        person=person,
        organisation=other_org,
        basis="consent",
        sections=["identity", "story", "assessments"],
    )
    instruments.record(ndt, person, all_at(ndt, 4), on=timezone.localdate())
    member = make_user("p@example.org", other_org, Role.PANEL_MEMBER)
    page = signed_in(member).get("/").content.decode()
    assert "<strong>48</strong> of 48 (threshold 30)" in page and "At or above" in page
