"""The access layer decides who sees whom; every read leaves a row in the access log."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.audit.models import AccessLog
from joinedup.people import access
from joinedup.people.models import Consent, Involvement, Person
from joinedup.referrals.models import AgendaItem, Panel, PanelMeeting
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def visible(user):
    return set(access.persons_visible_to(user).values_list("pk", flat=True))


def test_it_shows_people_the_users_organisation_is_involved_with(alice, bob, person):
    assert visible(alice) == {person.pk}
    assert visible(bob) == {person.pk}, "a colleague in the same organisation sees them too"


def test_it_hides_people_from_another_organisation(charlie, person):
    assert visible(charlie) == set()


def test_an_ended_involvement_no_longer_grants_access(alice, person):
    person.involvements.update(ended_on=timezone.localdate())
    assert visible(alice) == set()


def test_an_involvement_starting_tomorrow_does_not_grant_access_yet(charlie, other_org, person):
    Involvement.objects.create(
        person=person,
        organisation=other_org,
        role="Officer",
        started_on=timezone.localdate() + timedelta(days=1),
    )
    assert visible(charlie) == set()


def test_consent_in_force_grants_access_and_revocation_takes_it_away(charlie, other_org, person):
    consent = Consent.objects.create(
        person=person, organisation=other_org, basis=Consent.Basis.CONSENT
    )
    assert visible(charlie) == {person.pk}
    consent.revoked_at = timezone.now()
    consent.save()
    assert visible(charlie) == set()


def test_expired_or_future_consent_grants_nothing(charlie, other_org, person):
    now = timezone.now()
    Consent.objects.create(
        person=person,
        organisation=other_org,
        basis=Consent.Basis.CONSENT,
        starts_at=now - timedelta(days=10),
        ends_at=now - timedelta(seconds=1),
    )
    Consent.objects.create(
        person=person,
        organisation=other_org,
        basis=Consent.Basis.PUBLIC_TASK,
        legal_gateway="Crime and Disorder Act 1998 s.115",
        starts_at=now + timedelta(days=1),
    )
    assert visible(charlie) == set()


def test_roles_without_personal_data_see_nobody_even_in_the_involved_organisation(
    owner_org, person
):
    commissioner = make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)
    analyst = make_user("a@example.org", owner_org, Role.ANALYST, device=False)
    assert visible(commissioner) == set()
    assert visible(analyst) == set()


def test_a_panel_seat_alone_opens_no_record(other_org, owner_org, person):
    """The panel sees the people on its agenda only through the sharing ledger: the person's
    consent (or a recorded basis) names the panel's organisations, one by one."""
    member = make_user("p@example.org", other_org, Role.PANEL_MEMBER)
    panel = Panel.objects.create(name="Panel", host=owner_org)
    panel.organisations.add(other_org)
    meeting = PanelMeeting.objects.create(
        panel=panel, meets_on=timezone.localdate() + timedelta(days=7)
    )
    AgendaItem.objects.create(meeting=meeting, person=person)
    assert visible(member) == set()
    Consent.objects.create(person=person, organisation=other_org, basis="consent")
    assert visible(member) == {person.pk}


def test_an_inactive_user_or_membership_sees_nobody(alice, person):
    alice.memberships.update(active=False)
    assert visible(alice) == set()


def test_superusers_get_no_bypass(charlie, person):
    charlie.is_superuser = True
    charlie.is_staff = True
    charlie.save()
    assert visible(charlie) == set()


def test_get_person_for_logs_the_read(alice, person):
    found = access.get_person_for(alice, person.pk, purpose="check")
    assert found == person
    entry = AccessLog.objects.get()
    assert (entry.user, entry.person, entry.granted, entry.purpose) == (
        alice,
        person,
        True,
        "check",
    )


def test_get_person_for_refuses_with_404_and_logs_the_attempt(charlie, person):
    with pytest.raises(Http404):
        access.get_person_for(charlie, person.pk, purpose="check")
    entry = AccessLog.objects.get()
    assert entry.granted is False and entry.person is None and entry.person_ref == person.pk


def test_a_missing_person_looks_the_same_as_a_hidden_one(charlie):
    with pytest.raises(Http404):
        access.get_person_for(charlie, 999999, purpose="probe")
    assert AccessLog.objects.get().person_ref == 999999


def test_record_list_writes_one_row_per_person_shown(alice, person, owner_org):
    other = Person.objects.create(first_name="Eli", last_name="Example")
    Involvement.objects.create(
        person=other, organisation=owner_org, role="Worker", started_on=timezone.localdate()
    )
    shown = access.record_list(alice, access.persons_visible_to(alice), purpose="list")
    assert len(shown) == 2
    assert AccessLog.objects.filter(action=AccessLog.Action.LIST).count() == 2


def test_unscoped_reads_are_logged_with_their_reason(alice, person):
    assert list(access.unscoped(alice, reason="linkage run 7")) == [person]
    entry = AccessLog.objects.get()
    assert entry.action == AccessLog.Action.UNSCOPED and entry.purpose == "linkage run 7"


def test_visibility_does_not_duplicate_people_reached_by_several_routes(alice, owner_org, person):
    Consent.objects.create(person=person, organisation=owner_org, basis=Consent.Basis.CONSENT)
    Involvement.objects.create(
        person=person, organisation=owner_org, role="Second", started_on=timezone.localdate()
    )
    assert access.persons_visible_to(alice).count() == 1
