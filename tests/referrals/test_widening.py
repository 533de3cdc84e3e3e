"""Nobody widens their own access (issue 13, findings 0 to 5): each test is a hostile user of a
member organisation trying a write path that used to open a record they may not see."""

import json
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.audit.models import AccessLog
from joinedup.people import access
from joinedup.people.models import Consent, Involvement, Person
from joinedup.plans.models import Transition
from joinedup.referrals import decisions, services
from joinedup.referrals.models import PanelMeeting, Referral
from tests.conftest import make_user
from tests.referrals.conftest import consent_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NHS = "9434765919"


@pytest.fixture
def known(person):
    """Dana, whom alice's organisation works with, with an NHS number and a date of birth."""
    person.nhs_number, person.date_of_birth = NHS, TODAY.replace(year=1980, month=6, day=1)
    person.save()
    return person


def partial_line(person, organisation, sections=("identity", "story")):
    return Consent.objects.create(
        person=person, organisation=organisation, basis="consent", sections=list(sections)
    )


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


# 0. Key dates on the home page ---------------------------------------------------------------


def test_key_dates_on_the_home_page_only_name_people_whose_plan_the_user_sees(
    known, alice, charlie, other_org, signed_in
):
    partial_line(known, other_org)  # charlie's organisation sees who Dana is, not her plan
    Transition.objects.create(
        person=known, kind="prison_release", happens_on=TODAY + timedelta(days=3)
    )
    page = signed_in(charlie).get("/").content.decode()
    assert 'data-testid="transition-alerts"' not in page  # she is listed, her key dates are not
    assert not AccessLog.objects.filter(
        user=charlie, person=known, purpose="transition alerts"
    ).exists()
    page = signed_in(alice).get("/").content.decode()
    alerts = page.split('data-testid="transition-alerts"')[1]
    assert "Dana Example" in alerts  # her own organisation works with Dana


# 1. A made-up referral carrying someone else's identity ---------------------------------------


@pytest.mark.parametrize(
    "identity",
    [
        {"first_name": "Anyone", "last_name": "Else", "nhs_number": NHS},
        {"first_name": "dana", "last_name": "EXAMPLE", "date_of_birth": "1980-06-01"},
    ],
)
def test_a_referral_carrying_a_known_identity_opens_nothing_of_their_record(
    known, charlie, other_org, panel, meeting, front_door, signed_in, identity
):
    panel.organisations.add(other_org)
    client = signed_in(charlie)
    body = {
        "person": identity,
        "what_is_happening": "Made up.",
        "sharing": {"organisations": [front_door.pk, other_org.pk], "basis": "consent"},
    }
    created = post_json(client, "/api/v1/referrals/", body)
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "held"
    assert created.json()["person_id"] != known.pk
    assert not Consent.objects.filter(person=known, organisation=other_org).exists()
    assert not known.referrals.exists()
    assert client.get(f"/api/v1/people/{known.pk}").status_code == 404
    assert client.get(reverse("people:timeline", args=[known.pk])).status_code == 404
    assert client.get(reverse("plans:plan", args=[known.pk])).status_code == 404


def test_the_front_door_joins_a_held_referral_and_its_recipients_get_only_what_it_carried(
    known, charlie, other_org, panel, meeting, front_door, owner_org, signed_in
):
    panel.organisations.add(other_org)
    held = services.refer(
        panel=panel,
        identity={"first_name": "Dana", "last_name": "Example", "nhs_number": NHS},
        what_is_happening="Came to the custody suite.",
        what_matters="",
        sharing=consent_for(front_door, other_org),
        by=charlie,
        organisation=other_org,
    )
    # The front door sees Dana (a line for its organisation) but does not work with her.
    partial_line(known, front_door, ("identity", "story", "assessments"))
    sam = make_user("sam.fd@example.org", front_door, Role.COORDINATOR)
    response = signed_in(sam).post(
        reverse("referrals:match", args=[held.pk]), {"same_person": "yes"}
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.person == known and held.status == Referral.Status.AWAITING_PANEL
    assert set(access.sections_for(charlie, known)) == {"identity", "story", "assessments"}
    # The record that held the referral is gone; the known record has the new story.
    assert Person.objects.filter(first_name="Dana").count() == 1
    assert known.profile_versions.first().what_is_happening == "Came to the custody suite."
    # The front door's own organisation got no new grant from its own check.
    assert Consent.objects.filter(person=known, organisation=front_door).count() == 1


def test_a_referrer_cannot_confirm_their_own_held_referral(
    known, charlie, other_org, panel, meeting, front_door, signed_in
):
    panel.organisations.add(other_org)
    held = services.refer(
        panel=panel,
        identity={"first_name": "Dana", "last_name": "Example", "nhs_number": NHS},
        what_is_happening="Made up.",
        what_matters="",
        sharing=consent_for(front_door, other_org),
        by=charlie,
        organisation=other_org,
    )
    client = signed_in(charlie)
    response = post_json(client, f"/api/v1/referrals/{held.pk}/match", {"same_person": True})
    assert response.status_code == 403
    assert not access.can_see(charlie, known.pk)


# 2 and 3. Sections on the sharing page --------------------------------------------------------


def test_a_partial_viewer_cannot_share_the_whole_record_with_their_own_organisation(
    known, charlie, other_org, signed_in
):
    partial_line(known, other_org)
    response = signed_in(charlie).post(
        reverse("people:sharing-add", args=[known.pk]),
        {"organisation": other_org.pk, "basis": "consent"},
    )
    assert response.status_code == 403
    assert set(access.sections_for(charlie, known)) == {"identity", "story"}
    assert AccessLog.objects.filter(user=charlie, action="change", granted=False).exists()


def test_ticking_no_section_shares_who_they_are_only(known, alice, charlie, other_org, signed_in):
    response = signed_in(alice).post(
        reverse("people:sharing-add", args=[known.pk]),
        {"organisation": other_org.pk, "basis": "consent"},
    )
    assert response.status_code == 302
    line = Consent.objects.get(person=known, organisation=other_org)
    assert line.sections == ["identity"]
    assert access.sections_for(charlie, known) == {"identity"}


def test_an_empty_section_list_means_who_they_are_only_in_the_access_layer(
    known, charlie, other_org
):
    Consent.objects.create(person=known, organisation=other_org, basis="consent", sections=[])
    assert access.sections_for(charlie, known) == {"identity"}
    assert not access.persons_visible_to(charlie, section="plan").exists()


# 4. Restrictions, team endings and revocations need the whole record --------------------------


@pytest.fixture
def partial_panel_member(known, other_org):
    partial_line(known, other_org)
    return make_user("pm@example.org", other_org, Role.PANEL_MEMBER)


def test_a_partial_viewer_cannot_restrict_a_record_to_themselves(
    known, partial_panel_member, alice, signed_in
):
    response = signed_in(partial_panel_member).post(
        reverse("people:restriction", args=[known.pk]), {"restricted": "on"}
    )
    assert response.status_code == 403
    known.refresh_from_db()
    assert not known.restricted and access.can_see(alice, known.pk)


def test_a_partial_viewer_cannot_end_another_organisations_involvement(
    known, partial_panel_member, signed_in
):
    involvement = known.involvements.get()
    response = signed_in(partial_panel_member).post(
        reverse("people:team-end", args=[known.pk]), {"kind": "involvement", "id": involvement.pk}
    )
    assert response.status_code == 403
    involvement.refresh_from_db()
    assert involvement.ended_on is None


def test_a_partial_viewer_cannot_revoke_another_organisations_line(
    known, partial_panel_member, owner_org, signed_in, front_door
):
    line = partial_line(known, front_door)
    response = signed_in(partial_panel_member).post(
        reverse("people:sharing-revoke", args=[known.pk, line.pk]), {"reason": "Because"}
    )
    assert response.status_code == 403
    line.refresh_from_db()
    assert line.revoked_at is None


def test_a_partial_viewer_cannot_add_their_organisation_to_the_team(
    known, charlie, other_org, signed_in
):
    partial_line(known, other_org, ("identity", "team"))
    response = signed_in(charlie).post(
        reverse("people:team-add", args=[known.pk]),
        {
            "organisation": other_org.pk,
            "role": "Officer",
            "started_on_0": TODAY.day,
            "started_on_1": TODAY.month,
            "started_on_2": TODAY.year,
        },
    )
    assert response.status_code == 403
    assert not Involvement.objects.filter(person=known, organisation=other_org).exists()


def test_the_pages_offer_changes_only_to_those_who_may_make_them(
    known, partial_panel_member, alice, signed_in
):
    page = signed_in(partial_panel_member).get(reverse("people:sharing", args=[known.pk]))
    assert "Share with an organisation" not in page.content.decode()
    page = signed_in(alice).get(reverse("people:sharing", args=[known.pk]))
    assert "Share with an organisation" in page.content.decode()


# 5. Panel grants end with the meeting ---------------------------------------------------------


def test_a_panel_seats_line_ends_with_the_meeting_and_the_minutes(
    refer, probation, helen, meeting, panel, settings, signed_in
):
    settings.PANEL_GRANT_DAYS = 3
    referral = refer()
    line = Consent.objects.get(person=referral.person, organisation=probation)
    ends = timezone.make_aware(datetime.combine(meeting.meets_on + timedelta(days=4), time.min))
    assert line.ends_at == ends
    # The front door and the referrer keep theirs.
    kept = Consent.objects.filter(person=referral.person, ends_at=None)
    assert {c.organisation_id for c in kept} == {panel.host_id, referral.referring_organisation_id}
    assert not Consent.objects.in_force(at=ends).filter(organisation=probation).exists()
    page = signed_in(helen).get(reverse("people:detail", args=[referral.person.pk]))
    assert f"until {(ends).astimezone():%-d %B %Y}" in page.content.decode()


def test_a_deferral_carries_the_panel_seats_line_to_the_next_meeting(
    refer, probation, helen, meeting, panel
):
    later = PanelMeeting.objects.create(panel=panel, meets_on=meeting.meets_on + timedelta(days=14))
    referral = refer()
    decisions.decide(
        referral, helen, outcome="defer", rationale="Wait for housing", review_on=later.meets_on
    )
    line = Consent.objects.get(person=referral.person, organisation=probation)
    assert line.ends_at.date() == later.meets_on + timedelta(days=8)


def test_the_front_doors_list_counts_and_filters_held_referrals(
    known, charlie, other_org, panel, meeting, front_door, signed_in
):
    panel.organisations.add(other_org)
    held = services.refer(
        panel=panel,
        identity={"first_name": "Dana", "last_name": "Example", "nhs_number": NHS},
        what_is_happening="Made up.",
        what_matters="",
        sharing=consent_for(front_door, other_org),
        by=charlie,
        organisation=other_org,
    )
    sam = make_user("sam.list@example.org", front_door, Role.COORDINATOR)
    page = signed_in(sam).get(reverse("referrals:list")).content.decode()
    assert "1 referral names someone already known" in page
    page = signed_in(sam).get(reverse("referrals:list") + "?status=held").content.decode()
    assert reverse("referrals:detail", args=[held.pk]) in page


def test_the_held_referral_page_logs_the_match_it_names_and_offers_no_join_to_its_referrer(
    known, panel, meeting, front_door, signed_in
):
    partial_line(known, front_door, ("identity", "story", "assessments"))
    sam = make_user("sam.own@example.org", front_door, Role.COORDINATOR)
    held = services.refer(
        panel=panel,
        identity={"first_name": "Dana", "last_name": "Example", "nhs_number": NHS},
        what_is_happening="Came in today.",
        what_matters="",
        sharing=consent_for(front_door),
        by=sam,
        organisation=front_door,
    )
    page = signed_in(sam).get(reverse("referrals:detail", args=[held.pk])).content.decode()
    assert "Yes: join this referral to their record" not in page  # its own organisation's
    assert AccessLog.objects.filter(user=sam, person=known, action="list").exists()
