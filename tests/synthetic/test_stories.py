"""The demo's stories agree with themselves (issue 19 item 9): a key date fits where the
person is now, 'a peer mentor at the gate' meets people only at a prison gate, and referrers'
stories do not repeat word for word across people."""

from collections import Counter
from datetime import date

import pytest

from joinedup.plans.models import Transition
from joinedup.referrals.models import ProfileVersion, StatusChange
from joinedup.synthetic.generator import generate

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


@pytest.fixture
def area():
    generate(people=1500, seed=5, today=TODAY)


def status_now() -> dict[int, str]:
    now = {}
    for person_id, status in StatusChange.objects.order_by("on", "id").values_list(
        "person_id", "status"
    ):
        now[person_id] = status
    return now


def test_releases_and_discharges_belong_to_people_in_custody_or_hospital(area):
    now = status_now()
    dates = list(Transition.objects.all())
    assert dates, "the area has key dates"
    for t in dates:
        if t.kind == Transition.Kind.PRISON_RELEASE:
            assert now.get(t.person_id) == "in_custody", t
        if t.kind == Transition.Kind.HOSPITAL_DISCHARGE:
            assert now.get(t.person_id) == "in_hospital", t
        if t.who_meets == "A peer mentor at the gate":
            assert t.kind == Transition.Kind.PRISON_RELEASE, t
    away = [p for p, s in now.items() if s in ("in_custody", "in_hospital")]
    assert away, "someone is in custody or hospital"
    for person_id in away:
        kinds = {t.kind for t in dates if t.person_id == person_id}
        wanted = "prison_release" if now[person_id] == "in_custody" else "hospital_discharge"
        assert wanted in kinds, (person_id, now[person_id], kinds)


def test_stories_do_not_repeat_word_for_word(area):
    stories = Counter(ProfileVersion.objects.values_list("what_is_happening", flat=True))
    assert len(stories) > 30
    most = stories.most_common(1)[0][1]
    assert most <= sum(stories.values()) // 10, stories.most_common(3)
    men = ProfileVersion.objects.filter(person__sex="M").values_list("what_is_happening", flat=True)
    assert not any(" she " in s or " her " in s for s in men)
