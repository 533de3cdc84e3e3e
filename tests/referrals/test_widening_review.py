"""Holes a hostile review of the widening rule found; each test failed before its fix."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.audit.models import AccessLog
from joinedup.people import access
from joinedup.people.models import Consent, Involvement, Person
from joinedup.referrals import decisions, matching, services
from joinedup.referrals.models import AgendaItem, Referral
from tests.conftest import make_user
from tests.referrals.conftest import consent_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NHS = "9434765919"


@pytest.fixture
def known(person):
    person.nhs_number, person.date_of_birth = NHS, TODAY.replace(year=1980, month=6, day=1)
    person.save()
    return person


def line(person, organisation, sections=()):
    return Consent.objects.create(
        person=person, organisation=organisation, basis="consent", sections=list(sections)
    )


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def accept(referral, by):
    return decisions.decide(
        referral,
        by,
        outcome="accept",
        priority=1,
        rationale="r",
        review_on=TODAY + timedelta(days=90),
        override_reason="no score",
    )


# A. Allocation is a write that adds an involvement, with no widening rule ----------------------


def test_A_a_front_door_coordinator_with_identity_only_sight_allocates_themselves_and_sees_all(
    known, alice, owner_org, panel, meeting, front_door, helen, signed_in
):
    # Dana was referred by her own worker years ago and accepted; her record has moved on since.
    old = services.refer(
        panel=panel,
        identity={},
        person=known,
        what_is_happening="Old story",
        what_matters="",
        sharing=consent_for(front_door, owner_org),
        by=alice,
        organisation=owner_org,
    )
    accept(old, helen)
    # The front door's line is ended; today it sees only who Dana is.
    Consent.objects.filter(person=known, organisation=front_door).update(revoked_at=timezone.now())
    line(known, front_door, ())
    sam = make_user("sam.fd@example.org", front_door, Role.COORDINATOR)
    assert access.sections_for(sam, known) == {"identity"}
    assert not access.may_change_who_sees(sam, known)

    response = signed_in(sam).post(
        reverse("referrals:allocate", args=[known.pk]), {"coordinator": sam.pk}
    )
    assert access.sections_for(sam, known) == {"identity"}, (
        f"{response.status_code}: sam now sees {sorted(access.sections_for(sam, known))}"
    )


def test_A2_a_panel_member_with_a_timed_panel_line_gives_the_host_a_permanent_involvement(
    known, alice, owner_org, panel, meeting, front_door, probation, helen, signed_in
):
    """helen (probation) sees Dana's story and score until the minutes. Carrying out the
    panel's acceptance, she may allocate the first co-ordinator; nothing more after that."""
    referral = services.refer(
        panel=panel,
        identity={},
        person=known,
        what_is_happening="x",
        what_matters="",
        sharing=consent_for(front_door, owner_org, probation),
        by=alice,
        organisation=owner_org,
    )
    accept(referral, helen)
    sam = make_user("sam.fd@example.org", front_door, Role.COORDINATOR)
    assert not access.may_change_who_sees(helen, known)
    client = signed_in(helen)
    client.post(reverse("referrals:allocate", args=[known.pk]), {"coordinator": sam.pk})
    assert Involvement.objects.filter(person=known, organisation=front_door).exists()
    kim = make_user("kim.fd@example.org", front_door, Role.COORDINATOR)
    response = client.post(reverse("referrals:allocate", args=[known.pk]), {"coordinator": kim.pk})
    assert response.status_code == 403  # reallocating is for those who work with her
    assert not Involvement.objects.filter(person=known, professional=kim).exists()


# B. A refused widening inside an atomic service is never logged ------------------------------


def test_B_a_refused_check_of_a_held_referral_leaves_no_line_in_the_access_log(
    known, charlie, other_org, panel, meeting, front_door, signed_in
):
    panel.organisations.add(other_org)
    client = signed_in(charlie)
    body = {
        "person": {"first_name": "Any", "last_name": "One", "nhs_number": NHS},
        "what_is_happening": "Probe.",
        "sharing": {"organisations": [front_door.pk], "basis": "consent"},
    }
    created = post_json(client, "/api/v1/referrals/", body).json()
    assert created["status"] == "held"  # already tells charlie the NHS number is someone known
    refused = post_json(client, f"/api/v1/referrals/{created['id']}/match", {"same_person": True})
    assert refused.status_code == 403
    assert AccessLog.objects.filter(user=charlie, action="change", granted=False).exists()


# C. The front door's check: the referrer may be the checker, and may see only who they are -----


def test_C_a_front_door_user_who_sees_who_they_are_only_sends_story_and_score_to_another_org(
    known, other_org, panel, meeting, front_door, signed_in
):
    sam = make_user("sam.fd@example.org", front_door, Role.PRACTITIONER)
    line(known, front_door, ())  # sam sees who Dana is, nothing of her story or score
    held = services.refer(
        panel=panel,
        identity={"first_name": "X", "last_name": "Y", "nhs_number": NHS},
        what_is_happening="Made up by sam.",
        what_matters="",
        sharing=consent_for(front_door, other_org),
        by=sam,
        organisation=front_door,
    )
    assert held.status == Referral.Status.HELD
    signed_in(sam).post(reverse("referrals:match", args=[held.pk]), {"same_person": "yes"})
    held.refresh_from_db()
    assert held.person_id != known.pk, "sam confirmed sam's own referral"
    assert not Consent.objects.in_force().filter(person=known, organisation=other_org).exists()


# D. A stub that took in a second held referral can never be joined (ProtectedError, 500) ----


def test_D_joining_a_stub_that_holds_a_second_referral_is_refused_not_a_crash(
    known, other_org, panel, meeting, front_door, probation
):
    sam = make_user("sam.fd@example.org", front_door, Role.COORDINATOR)
    line(known, front_door, ("story", "assessments"))
    first = services.refer(  # held on stub S, possible match Dana (same NHS number)
        panel=panel,
        identity={
            "first_name": "Zed",
            "last_name": "Example",
            "nhs_number": NHS,
            "date_of_birth": known.date_of_birth,
        },
        what_is_happening="a",
        what_matters="",
        sharing=consent_for(front_door, probation),
        by=sam,
        organisation=front_door,
    )
    stub = first.person
    second = services.refer(  # same surname, birthday and the stub's first name: held against S
        panel=panel,
        identity={
            "first_name": "Zed",
            "last_name": "Example",
            "date_of_birth": known.date_of_birth,
        },
        what_is_happening="b",
        what_matters="",
        sharing=consent_for(front_door, probation),
        by=sam,
        organisation=front_door,
    )
    assert second.status == Referral.Status.HELD and second.possible_match_id == stub.pk
    with pytest.raises((PermissionDenied, services.ReferralError)):
        matching.check_match(second, sam, same_person=True)  # sam's own organisation referred
    sam2 = make_user("sam2.fd@example.org", front_door, Role.COORDINATOR)
    line(stub, front_door, ("story", "assessments"))
    first.refresh_from_db()
    with pytest.raises((PermissionDenied, services.ReferralError)):
        matching.check_match(first, sam2, same_person=True)
    assert Person.objects.filter(pk=stub.pk).exists()


# E. Data integrity of the join --------------------------------------------------------------


def test_E1_a_stuck_case_on_the_stub_is_refused_at_the_join_not_a_crash(
    known, alice, owner_org, panel, meeting, front_door, other_org, signed_in
):
    services.refer(  # Dana is on the meeting's agenda
        panel=panel,
        identity={},
        person=known,
        what_is_happening="x",
        what_matters="",
        sharing=consent_for(front_door, owner_org),
        by=alice,
        organisation=owner_org,
    )
    assert AgendaItem.objects.filter(meeting=meeting, person=known).exists()
    panel.organisations.add(other_org)
    dave = make_user("dave@example.org", other_org, Role.COORDINATOR)
    held = services.refer(
        panel=panel,
        identity={"first_name": "X", "last_name": "Y", "nhs_number": NHS},
        what_is_happening="y",
        what_matters="",
        sharing=consent_for(front_door, other_org),
        by=dave,
        organisation=other_org,
    )
    # dave brings a "stuck case" for his own stub to the same meeting (no rule on this write)
    response = signed_in(dave).post(
        reverse("referrals:stuck-new", args=[held.person_id]),
        {
            "agency": front_door.pk,
            "rule": "r",
            "asked": "a",
            "category": "thresholds",
            "meeting": meeting.pk,
        },
    )
    assert response.status_code == 302
    line(known, front_door, ("story", "assessments"))
    sam = make_user("sam.fd@example.org", front_door, Role.COORDINATOR)
    with pytest.raises(services.ReferralError, match="more added to it"):
        matching.check_match(held, sam, same_person=True)
    held.refresh_from_db()
    assert held.status == Referral.Status.HELD and held.person_id != known.pk


def test_E2_a_join_that_would_drop_a_plan_or_a_match_is_refused(
    known, other_org, panel, meeting, front_door, probation, signed_in
):
    from joinedup.plans.models import SupportPlan

    panel.organisations.add(other_org)
    charlie2 = make_user("c2@example.org", other_org, Role.PRACTITIONER)
    held = services.refer(
        panel=panel,
        identity={
            "first_name": "Zed",
            "last_name": "Example",
            "nhs_number": NHS,
            "date_of_birth": known.date_of_birth,
        },
        what_is_happening="y",
        what_matters="",
        sharing=consent_for(front_door, other_org, sections=["plan"]),
        by=charlie2,
        organisation=other_org,
    )
    stub = held.person
    # A later referral matches the stub by name and birthday, and is held against the stub.
    later = services.refer(
        panel=panel,
        identity={
            "first_name": "Zed",
            "last_name": "Example",
            "date_of_birth": known.date_of_birth,
        },
        what_is_happening="z",
        what_matters="",
        sharing=consent_for(front_door, other_org),
        by=charlie2,
        organisation=other_org,
    )
    assert later.possible_match_id == stub.pk
    # The stub's plan (charlie2 has the plan section on it) with a step.
    signed_in(charlie2).get(reverse("plans:plan", args=[stub.pk]))
    assert SupportPlan.objects.filter(person=stub).exists()
    line(known, front_door, ("story", "assessments"))
    sam = make_user("sam.fd@example.org", front_door, Role.COORDINATOR)
    with pytest.raises(services.ReferralError, match="more added to it"):
        matching.check_match(held, sam, same_person=True)
    later.refresh_from_db()
    assert SupportPlan.objects.filter(person_id=stub.pk).exists(), "the stub's plan was kept"
    assert later.possible_match_id == stub.pk, "the later held referral kept its match"


# F. Lists that show part of a record without asking for the section ----------------------------


def test_F_the_panel_home_page_shows_the_score_of_someone_whose_assessments_it_may_not_see(
    known, panel, meeting, probation, helen, signed_in
):
    from joinedup.measures import instruments

    ndt = instruments.get("ndt")
    instruments.record(ndt, known, {i.code: max(i.scores) for i in ndt.items.all()})
    line(known, probation, ())  # helen sees who Dana is only
    AgendaItem.objects.create(meeting=meeting, person=known, reason="Stuck case")
    assert "assessments" not in access.sections_for(helen, known)
    page = signed_in(helen).get("/").content.decode()
    assert 'data-testid="ndt"><strong>' not in page
