"""Personal outcomes: what matters to the person in their words, linked to plan steps and
rated over time, by the person where they can (at /me/) and by their worker."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from joinedup.people.models import Person
from joinedup.people.retention import REMOVED
from joinedup.plans import services
from joinedup.plans.models import OutcomeRating, PersonalOutcome, PlanStep, SupportPlan
from tests.plans.test_own_view import dana  # noqa: F401  (the person, signed in as themselves)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(person):
    plan, _ = SupportPlan.objects.get_or_create(person=person)
    return plan


@pytest.fixture
def step(plan):
    return PlanStep.objects.create(plan=plan, position=1, area="housing", title="Bid for a flat")


def test_a_worker_writes_an_outcome_with_the_person_and_links_the_steps(
    signed_in, alice, person, plan, step
):
    url = reverse("plans:outcome-new", args=[person.pk])
    response = signed_in(alice).post(
        url, {"words": "A place my kids can visit", "written_by": "together", "steps": [step.pk]}
    )
    assert response.status_code == 302
    outcome = plan.outcomes.get()
    assert outcome.words == "A place my kids can visit"
    assert list(outcome.steps.all()) == [step]
    page = signed_in(alice).get(reverse("plans:plan", args=[person.pk])).content.decode()
    assert "A place my kids can visit" in page and "Bid for a flat" in page
    assert "Not rated yet" in page


def test_an_empty_outcome_is_refused_naming_the_field(signed_in, alice, person, plan):
    url = reverse("plans:outcome-new", args=[person.pk])
    page = signed_in(alice).post(url, {"words": "", "written_by": "person"}).content.decode()
    assert "Enter what matters to them, in their own words" in page
    assert 'href="#id_words"' in page  # the error summary links to the field
    assert not plan.outcomes.exists()


def test_the_person_and_the_worker_can_disagree_and_both_ratings_are_kept(
    signed_in, alice, person, plan
):
    outcome = services.add_outcome(alice, plan, words="Stay off the streets", written_by="person")
    url = reverse("plans:outcome", args=[person.pk, outcome.pk])
    today = timezone.localdate()
    day = {"rated_on_0": today.day, "rated_on_1": today.month, "rated_on_2": today.year}
    signed_in(alice).post(url, {"rating": 7, "rated_by": "person", **day})
    signed_in(alice).post(
        url, {"rating": 4, "rated_by": "worker", "note": "Still in the hostel", **day}
    )
    assert sorted(outcome.ratings.values_list("rated_by", "rating")) == [
        ("person", 7),
        ("worker", 4),
    ]
    page = signed_in(alice).get(url).content.decode()
    assert "The person" in page and "Their worker" in page and "Still in the hostel" in page


def test_progress_over_time_is_drawn_with_its_numbers(signed_in, alice, person, plan):
    outcome = services.add_outcome(alice, plan, words="Get my health back", written_by="person")
    for weeks, rating in ((12, 2), (6, 4), (0, 6)):
        on = timezone.localdate() - timedelta(weeks=weeks)
        services.rate_outcome(alice, outcome, rating=rating, rated_by="person", on=on)
    page = signed_in(alice).get(reverse("plans:plan", args=[person.pk])).content.decode()
    assert "2 → 4 → 6" in page
    detail = signed_in(alice).get(reverse("plans:outcome", args=[person.pk, outcome.pk]))
    html = detail.content.decode()
    assert "<svg" in html and "from 2 of 10" in html and "to 6 of 10" in html


@pytest.mark.parametrize("rating", [0, 11])
def test_a_rating_off_the_scale_is_refused(alice, plan, rating):
    outcome = services.add_outcome(alice, plan, words="Work again", written_by="person")
    with pytest.raises(ValidationError) as error:
        services.rate_outcome(alice, outcome, rating=rating, rated_by="person")
    assert "rating" in error.value.message_dict
    assert not OutcomeRating.objects.exists()


def test_a_rating_in_the_future_is_refused(alice, plan):
    outcome = services.add_outcome(alice, plan, words="Work again", written_by="person")
    with pytest.raises(ValidationError) as error:
        services.rate_outcome(
            alice, outcome, rating=5, rated_by="person", on=date.today() + timedelta(days=2)
        )
    assert "rated_on" in error.value.message_dict


def test_only_the_plan_s_own_steps_can_be_linked(alice, plan, owner_org):
    other = Person.objects.create(first_name="Zed", last_name="Other")
    foreign = PlanStep.objects.create(
        plan=SupportPlan.objects.create(person=other), position=1, area="money", title="Theirs"
    )
    with pytest.raises(ValidationError):
        services.add_outcome(alice, plan, words="Mine", written_by="person", steps=[foreign])
    assert not PersonalOutcome.objects.exists()


def test_the_person_adds_and_rates_their_own_outcome_at_me(signed_in, dana, person):  # noqa: F811
    client = signed_in(dana)
    client.post(reverse("me-outcome-new"), {"words": "See my daughter every week"})
    outcome = PersonalOutcome.objects.get(plan__person=person)
    assert outcome.written_by == "person"
    client.post(reverse("me-outcome", args=[outcome.pk]), {"rating": 5})
    rating = outcome.ratings.get()
    assert (rating.rating, rating.rated_by, rating.recorded_by) == (5, "person", dana)
    page = client.get(reverse("me")).content.decode()
    assert "See my daughter every week" in page and "What matters to you" in page


def test_a_person_cannot_reach_someone_else_s_outcome(signed_in, dana, alice, person):  # noqa: F811
    other = Person.objects.create(first_name="Zed", last_name="Other")
    theirs = services.add_outcome(
        alice, SupportPlan.objects.create(person=other), words="Private", written_by="person"
    )
    response = signed_in(dana).post(reverse("me-outcome", args=[theirs.pk]), {"rating": 9})
    assert response.status_code == 404
    assert not theirs.ratings.exists()


def test_the_api_gives_outcomes_with_every_rating(signed_in, alice, person, plan, step):
    outcome = services.add_outcome(alice, plan, words="A job", written_by="person", steps=[step])
    services.rate_outcome(alice, outcome, rating=3, rated_by="together")
    body = signed_in(alice).get(f"/api/v1/people/{person.pk}/outcomes").json()
    assert body[0]["words"] == "A job" and body[0]["step_ids"] == [step.pk]
    assert [(r["rating"], r["rated_by"]) for r in body[0]["ratings"]] == [(3, "together")]


def test_outcomes_are_in_the_subject_access_export_and_anonymised(alice, person, plan):
    from joinedup.people import retention
    from joinedup.people.subject_access import export

    outcome = services.add_outcome(alice, plan, words="My own front door", written_by="person")
    services.rate_outcome(alice, outcome, rating=6, rated_by="person", note="Nearly")
    exported = next(s for s in export(person)["sections"] if s["key"] == "outcomes")["rows"]
    assert exported[0]["in_their_words"] == "My own front door"
    assert exported[0]["ratings"][0]["rating"] == 6
    retention.anonymise(person)
    outcome.refresh_from_db()
    assert outcome.words == REMOVED and outcome.ratings.get().note == REMOVED


def change(client, person, outcome, **data):
    url = reverse("plans:outcome-edit", args=[person.pk, outcome.pk])
    return client.post(url, {"status": "working", **data})


def test_two_workers_changing_an_outcome_at_once_never_lose_a_change(
    signed_in, client, alice, bob, person, plan, step
):
    """Both opened it at version 1; Bob saves after Alice: his save is refused, saying what
    Alice wrote, with his words still in the form; saving again, having seen it, keeps his."""
    outcome = services.add_outcome(alice, plan, words="A flat", written_by="together")
    page = signed_in(alice).get(reverse("plans:outcome-edit", args=[person.pk, outcome.pk]))
    assert 'name="version" value="1"' in page.content.decode()
    alice_said = change(client, person, outcome, words="A flat near my kids", version=1)
    assert alice_said.status_code == 302
    signed_in(bob)
    refused = change(client, person, outcome, words="A flat", status="achieved", version=1)
    text = refused.content.decode()
    assert refused.status_code == 200 and "nothing has been saved" in text
    assert "It now says: What matters to them, in their own words: “A flat near my kids”" in text
    assert 'name="version" value="2"' in text
    outcome.refresh_from_db()
    assert (outcome.words, outcome.status, outcome.version) == ("A flat near my kids", "working", 2)
    again = change(client, person, outcome, words="A flat near my kids", status="achieved",
                   version=2)  # fmt: skip
    assert again.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.words, outcome.status, outcome.version) == (
        "A flat near my kids",
        "achieved",
        3,
    )


def test_an_outcome_change_without_a_version_changes_nothing(alice, plan):
    outcome = services.add_outcome(alice, plan, words="A flat", written_by="together")
    with pytest.raises(services.EditConflict):
        services.change_outcome(outcome, words="Gone", status="let_go", version=None)
    outcome.refresh_from_db()
    assert (outcome.words, outcome.version) == ("A flat", 1)
