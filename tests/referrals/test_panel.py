"""Panel decisions, allocation and caseloads, the by-name list and fairness."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.measures import instruments
from joinedup.referrals import by_name_list, decisions, queries, services
from joinedup.referrals.models import Allocation, ListStatus, PanelMeeting, Referral, StatusChange
from tests.conftest import make_user
from tests.referrals.conftest import IDENTITY, works_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("threshold_five")]  # worked for 5
THRESHOLD = 30


@pytest.fixture(autouse=True)
def threshold(settings):
    settings.NDT_ELIGIBILITY_THRESHOLD = THRESHOLD
    settings.CASELOAD_CAP = 3


def score(person, total):
    """An NDT assessment adding up to `total`, filling items in order."""
    ndt = instruments.get("ndt")
    values, left = {}, total
    for item in ndt.items.all():
        value = max((s for s in item.scores if s <= left), default=0)
        values[item.code] = value
        left -= value
    assert left == 0
    return instruments.record(ndt, person, values)


def accept(referral, by, **extra):
    return decisions.decide(
        referral,
        by,
        outcome="accept",
        priority=1,
        rationale="Several agencies, nobody leading",
        review_on=timezone.localdate() + timedelta(days=90),
        **extra,
    )


def test_only_a_member_of_the_panel_records_a_decision(refer, alice, helen):
    referral = refer()
    score(referral.person, 36)
    with pytest.raises(PermissionDenied):
        accept(referral, alice)  # a practitioner, not a panel member
    decision = accept(referral, helen)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert (decision.ndt_total, decision.threshold, decision.override_reason) == (36, 30, "")


def test_accepting_below_the_threshold_needs_the_reason_for_departing(refer, helen):
    referral = refer()
    score(referral.person, 22)
    with pytest.raises(services.ReferralError) as refused:
        accept(referral, helen)
    assert "departs from the score-based order" in str(refused.value)
    assert not referral.decisions.exists()
    decision = accept(referral, helen, override_reason="Pregnant and sleeping out")
    assert decision.override_reason == "Pregnant and sleeping out"


def test_declining_at_the_threshold_needs_the_reason_too(refer, helen):
    referral = refer()
    score(referral.person, 30)
    with pytest.raises(services.ReferralError) as refused:
        decisions.decide(
            referral, helen, outcome="decline", rationale="x", decline_reason="Out of area"
        )
    assert "override_reason" in refused.value.message_dict


def test_every_decision_stays_in_the_history(refer, helen):
    referral = refer()
    score(referral.person, 40)
    decisions.decide(
        referral,
        helen,
        outcome="defer",
        rationale="Needs the mental health view",
        dissent="Probation would accept now",
        review_on=timezone.localdate() + timedelta(days=14),
    )
    accept(referral, helen)
    outcomes = list(referral.decisions.order_by("recorded_at").values_list("outcome", "dissent"))
    assert outcomes == [("defer", "Probation would accept now"), ("accept", "")]


def test_a_decision_names_what_is_missing(refer, helen):
    referral = refer()
    with pytest.raises(services.ReferralError) as refused:
        decisions.decide(referral, helen, outcome="decline", rationale="")
    assert set(refused.value.message_dict) == {"rationale", "decline_reason"}


def test_the_papers_list_earlier_declines_and_put_the_highest_score_first(refer, helen, meeting):
    first = refer()
    score(first.person, 10)
    decisions.decide(first, helen, outcome="decline", rationale="x", decline_reason="Too soon")
    works_with(first.person, first.referring_organisation)
    again = refer()
    other = refer(identity={**IDENTITY, "first_name": "Ravi", "last_name": "Shah"})
    score(other.person, 44)
    rows = queries.papers(meeting, helen)
    assert [r["person"] for r in rows] == [other.person, again.person]
    assert [d.decline_reason for d in rows[1]["declined"]] == ["Too soon"]
    assert rows[0]["at_threshold"] and not rows[1]["at_threshold"]


def test_allocation_shows_on_the_caseload_and_reassignment_keeps_history(
    refer, helen, sam, front_door, signed_in
):
    referral = refer()
    score(referral.person, 35)
    accept(referral, helen)
    services.allocate(referral.person, sam, helen, referral=referral)
    page = signed_in(sam).get(reverse("referrals:caseload", args=[sam.pk]))
    assert "Jo Marsh" in page.content.decode()
    kim = make_user("kim@example.org", front_door, Role.COORDINATOR)
    services.allocate(referral.person, kim, sam, reason="Sam moves team")
    history = list(Allocation.objects.order_by("id").values_list("coordinator__email", "ended_on"))
    assert history == [("sam@example.org", timezone.localdate()), ("kim@example.org", None)]
    page = signed_in(sam).get(reverse("referrals:caseload", args=[sam.pk]))
    assert "Jo Marsh" not in page.content.decode()


def test_only_coordinators_are_allocated_and_only_once_accepted(refer, helen, alice, sam):
    referral = refer()
    with pytest.raises(services.ReferralError, match="accepted"):
        services.allocate(referral.person, sam, helen)
    score(referral.person, 40)
    accept(referral, helen)
    with pytest.raises(services.ReferralError, match="not a co-ordinator"):
        services.allocate(referral.person, alice, helen)


def test_a_caseload_over_the_cap_warns(refer, sam, signed_in, helen):
    names = ["Ann", "Bea", "Cal", "Dev"]
    for name in names:
        referral = refer(identity={**IDENTITY, "first_name": name})
        score(referral.person, 40)
        accept(referral, helen)
        services.allocate(referral.person, sam, helen)
    client = signed_in(sam)
    page = client.get(reverse("referrals:caseload", args=[sam.pk])).content.decode()
    assert "more than the cap of 3" in page
    overview = client.get(reverse("referrals:caseloads")).content.decode()
    assert "Over the cap" in overview
    Allocation.objects.filter(person__first_name="Dev").update(ended_on=timezone.localdate())
    page = client.get(reverse("referrals:caseload", args=[sam.pk])).content.decode()
    assert "more than the cap" not in page


def test_by_name_list_counts_match_the_events_that_made_them(refer, helen, sam):
    day = date(2026, 3, 10)
    a = refer(identity={**IDENTITY, "first_name": "Ann"}).person
    b = refer(identity={**IDENTITY, "first_name": "Bea"}).person
    c = refer(identity={**IDENTITY, "first_name": "Cal"}).person
    StatusChange.objects.update(on=day)  # all three joined in March
    by_name_list.set_status(a, ListStatus.ACTIVE, on=date(2026, 4, 2))
    by_name_list.set_status(a, ListStatus.ON_HOLD, on=date(2026, 4, 9), waiting_for="A safe flat")
    by_name_list.set_status(b, ListStatus.MOVED_ON, on=date(2026, 5, 1))
    by_name_list.set_status(c, ListStatus.DIED, on=date(2026, 5, 20), died_on=date(2026, 5, 18))
    by_name_list.set_status(b, ListStatus.AWAITING_PANEL, on=date(2026, 6, 3))  # back again
    flow = {r["month"]: (r["in"], r["out"]) for r in queries.flow_by_month(6, date(2026, 6, 30))}
    assert flow[date(2026, 3, 1)] == (3, 0)
    assert flow[date(2026, 4, 1)] == (0, 0)  # on hold is not leaving
    assert flow[date(2026, 5, 1)] == (0, 2)
    assert flow[date(2026, 6, 1)] == (1, 0)
    counts = {c["status"]: c["count"] for c in queries.status_counts()}
    assert counts["on_hold"] == 1 and counts["died"] == 1 and counts["awaiting_panel"] == 1


def test_on_hold_needs_what_they_wait_for_and_died_needs_a_date(refer):
    person = refer().person
    with pytest.raises(services.ReferralError):
        by_name_list.set_status(person, ListStatus.ON_HOLD)
    with pytest.raises(services.ReferralError):
        by_name_list.set_status(person, ListStatus.DIED)


def test_active_people_who_go_quiet_become_inactive_but_on_hold_do_not(refer, helen, sam, settings):
    settings.INACTIVE_AFTER_DAYS = 90
    quiet = refer(identity={**IDENTITY, "first_name": "Ann"})
    held = refer(identity={**IDENTITY, "first_name": "Bea"})
    for referral in (quiet, held):
        score(referral.person, 40)
        accept(referral, helen)
    quiet, held = quiet.person, held.person
    long_ago = timezone.localdate() - timedelta(days=200)
    StatusChange.objects.update(on=long_ago - timedelta(days=10))  # referred before that
    for person in (quiet, held):
        services.allocate(person, sam, helen, on=long_ago)
    quiet.involvements.update(last_contact_on=long_ago)
    held.involvements.update(last_contact_on=long_ago)
    by_name_list.set_status(held, ListStatus.ON_HOLD, on=long_ago, waiting_for="A bed in detox")
    assert by_name_list.mark_inactive() == 1
    assert quiet.list_statuses.first().status == ListStatus.INACTIVE
    assert held.list_statuses.first().status == ListStatus.ON_HOLD
    assert by_name_list.mark_inactive() == 0  # nothing changes twice


def test_fairness_breaks_decisions_down_and_suppresses_small_groups(refer, helen):
    for n in range(6):
        referral = refer(identity={**IDENTITY, "first_name": f"P{n}", "sex": "M"})
        score(referral.person, 34)
        accept(referral, helen)
    for n in range(7):
        referral = refer(identity={**IDENTITY, "first_name": f"R{n}", "sex": "F"})
        score(referral.person, 30)
        accept(referral, helen)
    for n in range(2):
        referral = refer(identity={**IDENTITY, "first_name": f"Q{n}", "ethnicity": "black"})
        score(referral.person, 12)
        decisions.decide(referral, helen, outcome="decline", rationale="x", decline_reason="y")
    figures = queries.fairness()
    sex = {r["group"]: r for r in figures["breakdowns"][0]["rows"]}
    assert sex["Female"]["count"] == 9 and sex["Female"]["accepted"] == 78
    ethnicity = {r["group"]: r for r in figures["breakdowns"][2]["rows"]}
    assert ethnicity["Black, Black British, Caribbean or African"]["count"] == "fewer than 5"
    assert ethnicity["Black, Black British, Caribbean or African"]["accepted"] is None
    assert ethnicity["White"]["count"] == "5 or more"  # else the black group could be worked out
    assert figures["overall"]["count"] == 15 and figures["overall"]["accepted"] == 87
    assert sex["Male"]["mean_ndt"] == 34


def test_fairness_is_for_commissioners_and_panel_chairs(signed_in, alice, helen, panel, owner_org):
    assert signed_in(alice).get(reverse("referrals:fairness")).status_code == 403
    commissioner = make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)
    assert signed_in(commissioner).get(reverse("referrals:fairness")).status_code == 200
    panel.chair = helen
    panel.save()
    assert signed_in(helen).get(reverse("referrals:fairness")).status_code == 200


def test_commissioners_see_counts_but_no_names_on_the_by_name_list(refer, signed_in, owner_org):
    refer()
    commissioner = make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)
    page = signed_in(commissioner).get(reverse("referrals:by-name-list")).content.decode()
    assert "Marsh" not in page and "Deaths, by the year first referred" in page


def test_the_daily_command_reports_what_it_marked(refer, helen, sam):
    from io import StringIO

    from django.core.management import call_command

    referral = refer()
    score(referral.person, 40)
    accept(referral, helen)
    person = referral.person
    long_ago = timezone.localdate() - timedelta(days=400)
    StatusChange.objects.update(on=long_ago)
    services.allocate(person, sam, helen, on=long_ago)
    person.involvements.update(last_contact_on=long_ago)
    out = StringIO()
    call_command("mark_inactive", stdout=out)
    assert out.getvalue().startswith("1 person(s) with no contact for 90 days marked inactive")


def test_a_stuck_case_goes_on_the_agenda_and_into_the_barrier_log(refer, sam, helen, meeting):
    from joinedup.assessment.models import Barrier

    person = refer().person
    case = decisions.bring_stuck_case(
        person,
        sam,
        agency=helen.memberships.get().organisation,
        rule="No appointments without a fixed address",
        asked="See them at the drop-in",
        meeting=meeting,
    )
    item = meeting.items.get(person=person)
    assert item.stuck_case == case and item.referral is not None  # already there for referral
    barrier = Barrier.objects.get()
    assert barrier.responsible.name == "Probation" and barrier.status == Barrier.Status.RAISED
    decisions.answer_stuck_case(
        case, exception="made", answer="Agreed for three months", version=case.version
    )
    barrier.refresh_from_db()
    assert barrier.status == Barrier.Status.RESOLVED


def test_a_deferred_referral_goes_to_the_next_meeting(refer, helen, panel, meeting):
    later = PanelMeeting.objects.create(panel=panel, meets_on=meeting.meets_on + timedelta(days=14))
    referral = refer()
    decisions.decide(
        referral, helen, outcome="defer", rationale="Wait for housing", review_on=later.meets_on
    )
    assert later.items.get().referral == referral
    # A second referral meanwhile joins the deferred one, which cannot itself be joined twice.
    works_with(referral.person, referral.referring_organisation)
    second = refer()
    assert second.joins == referral
    with pytest.raises(services.ReferralError, match="joined an earlier one"):
        accept(second, helen)


def test_a_new_referral_for_someone_already_supported_joins_without_going_back(refer, helen, sam):
    first = refer()
    score(first.person, 40)
    accept(first, helen)
    services.allocate(first.person, sam, helen)
    works_with(first.person, first.referring_organisation)
    again = refer(story="Back on the streets after the hostel closed.")
    assert again.joins == first
    assert first.person.list_statuses.first().status == ListStatus.ACTIVE


def test_a_status_date_cannot_be_in_the_future_or_before_the_last_change(refer):
    person = refer().person
    today = timezone.localdate()
    with pytest.raises(services.ReferralError, match="future"):
        by_name_list.set_status(person, ListStatus.IN_CUSTODY, on=today + timedelta(days=1))
    with pytest.raises(services.ReferralError, match="on or after the last change"):
        by_name_list.set_status(person, ListStatus.IN_CUSTODY, on=today - timedelta(days=10))


def test_the_monthly_flow_has_exactly_the_months_asked_for():
    rows = queries.flow_by_month(12, date(2026, 11, 24))
    assert len(rows) == 12
    assert rows[0]["month"] == date(2025, 12, 1) and rows[-1]["month"] == date(2026, 11, 1)
    assert len(queries.flow_by_month(3, date(2026, 1, 31))) == 3


def test_putting_a_lower_score_ahead_at_the_same_meeting_needs_a_reason(refer, helen):
    high = refer(identity={**IDENTITY, "first_name": "Ann"})
    low = refer(identity={**IDENTITY, "first_name": "Bea"})
    score(high.person, 44)
    score(low.person, 34)
    decisions.decide(
        high, helen, outcome="accept", priority=2, rationale="x", review_on=date(2027, 1, 1)
    )
    with pytest.raises(services.ReferralError, match="higher priority than someone scoring 44"):
        accept(low, helen)  # priority 1, ahead of the 44
    assert accept(low, helen, override_reason="Leaving prison on Friday").override_reason


def test_only_the_agency_or_the_panel_answers_a_stuck_case(refer, signed_in, alice, sam, helen):
    person = refer().person
    case = decisions.bring_stuck_case(
        person, sam, agency=helen.memberships.get().organisation, rule="r", asked="a"
    )
    url = reverse("referrals:stuck-answer", args=[case.pk])
    assert signed_in(alice).get(url).status_code == 403
    assert signed_in(helen).get(url).status_code == 200
    new_case = reverse("referrals:stuck-new", args=[person.pk])
    assert signed_in(alice).get(new_case).status_code == 403  # co-ordinators bring them


def test_fairness_suppresses_a_second_group_when_one_could_be_worked_out(refer, helen):
    for n in range(7):
        referral = refer(identity={**IDENTITY, "first_name": f"M{n}", "sex": "M"})
        score(referral.person, 34)
        accept(referral, helen)
    for n in range(6):
        referral = refer(identity={**IDENTITY, "first_name": f"F{n}", "sex": "F"})
        score(referral.person, 34)
        accept(referral, helen)
    referral = refer(identity={**IDENTITY, "first_name": "X0", "sex": "X"})
    score(referral.person, 34)
    accept(referral, helen)
    sex = {r["group"]: r for r in queries.fairness()["breakdowns"][0]["rows"]}
    assert sex["Other or not stated"]["suppressed"]
    # With 14 overall and two groups shown exactly, the third could be worked out: so the
    # smallest shown group is hidden too.
    assert sex["Female"]["suppressed"] and not sex["Male"]["suppressed"]


def test_commissioners_see_small_status_counts_suppressed(refer, signed_in, owner_org):
    refer()
    commissioner = make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)
    page = signed_in(commissioner).get(reverse("referrals:by-name-list")).content.decode()
    assert "fewer than 5" in page
    counts = {c["status"]: c["count"] for c in queries.status_counts(suppressed=True)}
    assert counts["awaiting_panel"] == "fewer than 5" and counts["closed"] == 0


def test_accepted_referrals_tie_the_referrer_to_the_front_door_on_the_map(
    refer, helen, owner_org, front_door
):
    from joinedup.directory.network import Period
    from joinedup.referrals.network import referral_ties

    first = refer()
    score(first.person, 40)
    accept(first, helen)
    refer(identity={**IDENTITY, "first_name": "Bea"})  # awaiting the panel: no tie yet
    ties = list(referral_ties(Period()))
    assert ties == [(*sorted((owner_org.pk, front_door.pk)), 1)]
    assert list(referral_ties(Period(end=date(2000, 1, 1)))) == []


def test_a_worker_puts_someone_on_hold_from_their_page(refer, signed_in, alice, owner_org):
    from joinedup.people.models import Involvement

    person = refer().person
    # A consent for the story alone does not let a referrer change the list: working with them does.
    url = reverse("referrals:status", args=[person.pk])
    assert signed_in(alice).post(url, {"status": "closed"}).status_code == 404
    Involvement.objects.create(
        person=person, organisation=owner_org, role="Key worker", started_on=date(2026, 1, 1)
    )
    response = signed_in(alice).post(
        reverse("referrals:status", args=[person.pk]),
        {"status": "on_hold", "waiting_for": "A safe place to live"},
    )
    assert response.status_code == 302
    latest = person.list_statuses.first()
    assert (latest.status, latest.waiting_for) == ("on_hold", "A safe place to live")


def test_two_answers_to_one_stuck_case_never_overwrite_each_other(refer, signed_in, sam, helen):
    """The agency and the panel both open the answer form; the second save is refused."""
    person = refer().person
    case = decisions.bring_stuck_case(
        person, sam, agency=helen.memberships.get().organisation, rule="No fixed abode", asked="a"
    )
    url = reverse("referrals:stuck-answer", args=[case.pk])
    client = signed_in(helen)
    opened = case.version
    first = client.post(url, {"exception": "made", "answer": "Agreed", "version": opened})
    assert first.status_code == 302
    second = client.post(url, {"exception": "refused", "answer": "No", "version": opened})
    assert second.status_code == 200
    assert "Someone else changed this since you opened it" in second.content.decode()
    case.refresh_from_db()
    assert (case.exception, case.answer) == ("made", "Agreed")
    missing = client.post(url, {"exception": "refused", "answer": "No"})
    assert missing.status_code == 200  # a form with no version overwrites nothing either
    case.refresh_from_db()
    assert case.answer == "Agreed"
