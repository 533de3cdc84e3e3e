"""The support plan: the person's order, dependencies, what blocks a step, conflicts, print."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.plans import services
from joinedup.plans.models import PlanStep, SupportPlan, Transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(person):
    return SupportPlan.objects.create(person=person)


def step_data(**overrides):
    data = {
        "title": "Get a flat through the housing register",
        "area": "housing",
        "owner": "",
        "status": "not_started",
        "blocked_by": "",
        "waiting_on": "",
        "due_on_0": "",
        "due_on_1": "",
        "due_on_2": "",
    }
    data.update(overrides)
    return data


def add(plan, user, title, **fields):
    return services.add_step(user, plan, title=title, area="housing", **fields)


def test_a_coordinator_adds_steps_in_the_persons_order(signed_in, alice, person, owner_org):
    client = signed_in(alice)
    url = reverse("plans:step-new", args=[person.pk])
    client.post(url, step_data(title="Settled accommodation", owner=owner_org.pk))
    client.post(url, step_data(title="Start a detox", area="treatment"))
    steps = list(PlanStep.objects.values_list("title", "position"))
    assert steps == [("Settled accommodation", 1), ("Start a detox", 2)]
    page = client.get(reverse("plans:plan", args=[person.pk])).content.decode()
    assert page.index("Settled accommodation") < page.index("Start a detox")


def test_moving_a_step_changes_the_order(signed_in, alice, person, plan):
    first, second = add(plan, alice, "One"), add(plan, alice, "Two")
    signed_in(alice).post(
        reverse("plans:step-move", args=[person.pk, second.pk]), {"direction": "up"}
    )
    assert list(plan.steps.values_list("title", "position")) == [("Two", 1), ("One", 2)]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (1, 2)
    # The top step cannot go higher; moving it down puts the first order back.
    client = signed_in(alice)
    client.post(reverse("plans:step-move", args=[person.pk, second.pk]), {"direction": "up"})
    assert list(plan.steps.values_list("title", flat=True)) == ["Two", "One"]
    client.post(reverse("plans:step-move", args=[person.pk, second.pk]), {"direction": "down"})
    assert list(plan.steps.values_list("title", "position")) == [("One", 1), ("Two", 2)]


def test_a_dependent_step_says_what_it_waits_for(signed_in, alice, person, plan, owner_org):
    housing = add(plan, alice, "Settled accommodation", waiting_on=owner_org)
    detox = add(plan, alice, "Start a detox", depends_on=[housing])
    assert detox.waits_for == ["“Settled accommodation” to be done first"]
    page = signed_in(alice).get(reverse("plans:plan", args=[person.pk])).content.decode()
    assert "Waits for: “Settled accommodation” to be done first" in page
    assert "Who is waiting on whom" in page and owner_org.name in page


def test_a_blocked_step_must_say_what_blocks_it(signed_in, alice, person, plan):
    response = signed_in(alice).post(
        reverse("plans:step-new", args=[person.pk]), step_data(status="blocked")
    )
    assert response.status_code == 200
    assert "Say what is blocking this step" in response.content.decode()
    assert not PlanStep.objects.exists()


def test_a_step_done_before_its_dependency_is_flagged(signed_in, alice, person, plan):
    housing = add(plan, alice, "Settled accommodation")
    detox = add(plan, alice, "Start a detox", depends_on=[housing], status="done")
    assert detox.done_out_of_sequence and detox.done_on == timezone.localdate()
    page = signed_in(alice).get(reverse("plans:plan", args=[person.pk])).content.decode()
    assert "Done out of order" in page


def test_steps_cannot_wait_for_each_other_in_a_circle(alice, plan):
    a = add(plan, alice, "A")
    b = add(plan, alice, "B", depends_on=[a])
    with pytest.raises(services.ValidationError):
        services.update_step(alice, a, version=a.version, depends_on=[b], title="A", area="housing")


def test_two_people_editing_one_step_never_lose_an_update(signed_in, alice, bob, person, plan):
    step = add(plan, alice, "Register with a GP")
    url = reverse("plans:step", args=[person.pk, step.pk])
    opened = step.version
    signed_in(alice).post(url, step_data(title="Register with the Quayside GP", version=opened))
    response = signed_in(bob).post(url, step_data(title="Register with any GP", version=opened))
    step.refresh_from_db()
    assert step.title == "Register with the Quayside GP"
    page = response.content.decode()
    assert "Someone else changed this since you opened it" in page
    assert "“Register with the Quayside GP”" in page  # what it says now
    assert "Register with any GP" in page  # what Bob typed, still in the form
    assert f'name="version" value="{step.version}"' in page


@pytest.mark.parametrize("version", [None, "", "0"])
def test_a_step_saved_without_the_version_it_was_opened_at_overwrites_nothing(
    signed_in, alice, bob, person, plan, version
):
    step = add(plan, alice, "Register with a GP")
    url = reverse("plans:step", args=[person.pk, step.pk])
    signed_in(alice).post(url, step_data(title="Register with the Quayside GP", version=1))
    data = step_data(title="Register with any GP")
    if version is not None:
        data["version"] = version
    response = signed_in(bob).post(url, data)
    step.refresh_from_db()
    assert (step.title, step.version) == ("Register with the Quayside GP", 2)
    assert "Someone else changed this since you opened it" in response.content.decode()


def test_a_step_saved_again_after_seeing_the_change_is_saved(signed_in, alice, bob, person, plan):
    step = add(plan, alice, "Register with a GP")
    url = reverse("plans:step", args=[person.pk, step.pk])
    signed_in(alice).post(url, step_data(title="Register with the Quayside GP", version=1))
    signed_in(bob).post(url, step_data(title="Register with any GP", version=1))
    response = signed_in(bob).post(url, step_data(title="Register with any GP", version=2))
    step.refresh_from_db()
    assert response.status_code == 302 and step.title == "Register with any GP"


def what_matters(client, person, text, version):
    data = {"what_matters": text} if version is None else {"what_matters": text, "version": version}
    return client.post(reverse("plans:what-matters", args=[person.pk]), data)


def test_it_saves_what_matters_from_the_version_shown(signed_in, alice, person, plan):
    page = signed_in(alice).get(reverse("plans:plan", args=[person.pk])).content.decode()
    assert 'name="version" value="1"' in page
    response = what_matters(signed_in(alice), person, "A flat near my daughter", 1)
    plan.refresh_from_db()
    assert response.status_code == 302
    assert (plan.what_matters, plan.what_matters_version) == ("A flat near my daughter", 2)


@pytest.mark.parametrize("version", [1, None, "0"])
def test_two_workers_saving_what_matters_never_lose_an_update(
    signed_in, alice, bob, person, plan, version
):
    what_matters(signed_in(alice), person, "A flat near my daughter", 1)
    response = what_matters(signed_in(bob), person, "Getting clean", version)
    plan.refresh_from_db()
    assert plan.what_matters == "A flat near my daughter"
    page = response.content.decode()
    assert "Someone else changed this since you opened it" in page
    assert "“A flat near my daughter”" in page and "Getting clean" in page


def test_a_worker_does_not_overwrite_what_the_person_wrote_at_me(signed_in, alice, person, plan):
    services.save_what_matters(plan, "In my words: my own front door", version=1)
    response = what_matters(signed_in(alice), person, "Housing", 1)
    plan.refresh_from_db()
    assert plan.what_matters == "In my words: my own front door"
    assert "“In my words: my own front door”" in response.content.decode()


def test_the_printed_plan_reads_in_plain_english(signed_in, alice, person, plan, owner_org):
    services.save_what_matters(plan, "Seeing my daughter again.", version=1)
    housing = add(
        plan, alice, "Move into a flat", owner=owner_org, status="waiting", waiting_on=owner_org
    )
    add(plan, alice, "Start a detox", depends_on=[housing])
    page = signed_in(alice).get(reverse("plans:print", args=[person.pk])).content.decode()
    assert "Dana's plan" in page and "Seeing my daughter again." in page
    assert f"{owner_org.name} will do this." in page
    assert f"This is waiting for {owner_org.name}." in page
    assert "It comes after: move into a flat." in page
    assert "You will do this." in page


def test_key_dates_alert_the_team_with_what_the_plan_lacks(signed_in, alice, charlie, person):
    today = timezone.localdate()
    Transition.objects.create(
        person=person,
        kind="prison_release",
        happens_on=today + timedelta(days=10),
        alert_days_before=14,
    )
    Transition.objects.create(
        person=person,
        kind="tenancy_end",
        happens_on=today + timedelta(days=60),
        alert_days_before=14,
        where_living="Harbour Hostel",
        who_meets="Sam",
    )
    home = signed_in(alice).get("/").content.decode()
    assert "Key dates coming up" in home
    assert "release from prison" in home and "tenancy" not in home
    assert "Not planned yet: where they will live or who will meet them" in home
    assert "Key dates coming up" not in signed_in(charlie).get("/").content.decode()


def test_adding_a_key_date_through_the_form(signed_in, alice, person):
    day = timezone.localdate() + timedelta(days=30)
    response = signed_in(alice).post(
        reverse("plans:transition-new", args=[person.pk]),
        {
            "kind": "hospital_discharge",
            "happens_on_0": day.day,
            "happens_on_1": day.month,
            "happens_on_2": day.year,
            "description": "",
            "alert_days_before": 7,
            "where_living": "",
            "who_meets": "",
        },
    )
    assert response.status_code == 302
    assert Transition.objects.get().happens_on == day


def test_the_person_page_alerts_to_a_key_date_the_plan_does_not_cover(signed_in, alice, person):
    Transition.objects.create(
        person=person,
        kind="hospital_discharge",
        happens_on=timezone.localdate() + timedelta(days=3),
        who_meets="Sam",
    )
    page = signed_in(alice).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Discharge from hospital on" in page
    assert "The plan does not yet say where they will live." in page
