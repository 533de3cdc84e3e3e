"""The front door: one referral form, matching, the tell-it-once profile and sharing rules."""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.audit.models import AccessLog
from joinedup.measures import instruments
from joinedup.people import access
from joinedup.people.models import ALL_SECTIONS, Consent, Involvement
from joinedup.referrals import decisions, services
from joinedup.referrals.models import AgendaItem, ProfileVersion, Referral, ReferralShare
from tests.conftest import make_user
from tests.referrals.conftest import IDENTITY, consent_for, works_with

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_a_referral_lands_on_the_next_meetings_agenda_and_in_the_ledger(refer, meeting):
    referral = refer()
    assert referral.status == Referral.Status.AWAITING_PANEL
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.referral == referral and item.person == referral.person
    ledger = Consent.objects.filter(person=referral.person)
    assert {c.organisation.name for c in ledger} == {
        "Riverside Multiple Needs Service",
        "Riverside Drug and Alcohol Service",
        "Probation",
    }
    assert all(c.basis == "consent" and "story" in c.shared_sections for c in ledger)


def test_a_second_referral_for_the_same_person_joins_the_first(refer, probation, helen):
    first = refer()
    # Probation works with her now, so its second referral joins her record at once.
    Involvement.objects.create(
        person=first.person, organisation=probation, role="Probation officer", started_on=TODAY
    )
    # A different spelling of the case and the name she goes by.
    second = refer(
        identity={**IDENTITY, "first_name": " JO ", "last_name": "marsh"},
        by=helen,
        organisation=probation,
        story="",
    )
    assert second.person == first.person
    assert second.joins == first and second.status == Referral.Status.JOINED
    assert AgendaItem.objects.filter(person=first.person).count() == 1
    # The story was not retyped: the second referral reuses version 1 of the profile.
    assert second.profile == first.profile and ProfileVersion.objects.count() == 1


def test_a_same_nhs_number_matches_even_with_a_different_name(refer):
    first = refer(identity={**IDENTITY, "nhs_number": "9434765919"})
    works_with(first.person, first.referring_organisation)
    second = refer(identity={**IDENTITY, "first_name": "Joanne", "nhs_number": "9434765919"})
    assert second.person == first.person


def test_a_different_date_of_birth_is_a_different_person(refer):
    first = refer()
    other = refer(identity={**IDENTITY, "date_of_birth": IDENTITY["date_of_birth"].replace(day=5)})
    assert other.person != first.person and other.joins is None


def test_a_changed_story_is_a_new_version_and_receipts_name_the_version(refer, probation, helen):
    first = refer()
    decisions.decide(
        first,
        helen,
        outcome="defer",
        rationale="Wait for the housing assessment",
        review_on=first.received_at.date(),
    )
    works_with(first.person, first.referring_organisation)
    second = refer(story="Now in the night shelter; the tent was taken.")
    assert second.profile.number == 2
    versions = ReferralShare.objects.filter(referral__person=first.person).values_list(
        "referral_id", "profile__number"
    )
    assert set(versions) == {(first.pk, 1), (second.pk, 2)}


def test_sharing_beyond_consent_is_refused(refer, other_org, alice):
    referral = refer()
    with pytest.raises(services.ReferralError) as refused:
        services.share(referral, other_org, alice)
    assert "Neither consent nor a recorded lawful basis" in str(refused.value)
    assert not referral.shares.filter(organisation=other_org).exists()


def test_only_a_permitted_role_may_override_and_the_override_is_logged(
    refer, other_org, alice, sam
):
    referral = refer()
    with pytest.raises(PermissionDenied):  # alice is a practitioner
        services.share(referral, other_org, alice, override_reason="Risk to life tonight")
    assert not referral.shares.filter(organisation=other_org).exists()
    share = services.share(referral, other_org, sam, override_reason="Risk to life tonight")
    assert share.overridden and share.overridden_by == sam
    logged = AccessLog.objects.get(action=AccessLog.Action.OVERRIDE)
    assert logged.user == sam and "Risk to life tonight" in logged.purpose
    line = Consent.objects.get(person=referral.person, organisation=other_org)
    assert line.reason == "Risk to life tonight" and line.decided_by == sam


def test_a_recorded_basis_covers_later_sharing(refer, other_org, alice):
    referral = refer()
    Consent.objects.create(
        person=referral.person, organisation=other_org, basis="consent", sections=ALL_SECTIONS
    )
    share = services.share(referral, other_org, alice)
    assert not share.overridden and share.consent.organisation == other_org


@pytest.mark.parametrize(
    "sharing,field",
    [
        (lambda fd, o: consent_for(o), "organisations"),  # not to the front door
        (lambda fd, o: services.Sharing([fd], basis=""), "basis"),
        (lambda fd, o: services.Sharing([fd], basis="safeguarding"), "legal_gateway"),
        (lambda fd, o: services.Sharing([], basis="consent"), "organisations"),
    ],
)
def test_missing_consent_or_basis_saves_nothing(refer, front_door, owner_org, sharing, field):
    with pytest.raises(services.ReferralError) as refused:
        refer(sharing=sharing(front_door, owner_org))
    assert field in refused.value.message_dict
    assert not Referral.objects.exists() and not ProfileVersion.objects.exists()
    assert not Consent.objects.exists()


def test_bad_identity_saves_nothing(refer):
    with pytest.raises(services.ReferralError) as refused:
        refer(identity={**IDENTITY, "nhs_number": "9434765918", "sex": "Q"})
    assert set(refused.value.message_dict) == {"nhs_number", "sex"}
    assert not Referral.objects.exists()


def test_the_form_names_bad_input_and_saves_nothing(signed_in, alice, panel, meeting, front_door):
    response = signed_in(alice).post(
        reverse("referrals:new"),
        {
            "first_name": "Jo",
            "last_name": "Marsh",
            "date_of_birth_0": "31",
            "date_of_birth_1": "2",
            "date_of_birth_2": "1985",
            "needs": ["homelessness"],
            "what_is_happening": "Sleeping out.",
            "what_matters": "A key.",
            "organisations": [front_door.pk],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Date of birth must be a real date" in page
    assert "Say whether the person consents, or the lawful basis" in page
    assert not Referral.objects.exists()


def test_the_form_refers_and_shows_the_referral(signed_in, alice, panel, meeting, front_door):
    response = signed_in(alice).post(
        reverse("referrals:new"),
        {
            "first_name": "Jo",
            "last_name": "Marsh",
            "date_of_birth_0": "4",
            "date_of_birth_1": "3",
            "date_of_birth_2": "1985",
            "needs": ["homelessness"],
            "what_is_happening": "Sleeping out.",
            "what_matters": "A key.",
            "organisations": [front_door.pk],
            "basis": "consent",
        },
        follow=True,
    )
    referral = Referral.objects.get()
    assert response.redirect_chain[-1][0] == reverse("referrals:detail", args=[referral.pk])
    assert "Sleeping out." in response.content.decode()


def test_an_outsider_cannot_open_the_referral(refer, signed_in, charlie):
    referral = refer()
    response = signed_in(charlie).get(reverse("referrals:detail", args=[referral.pk]))
    assert response.status_code == 404
    assert "Marsh" not in response.content.decode()
    assert AccessLog.objects.filter(user=charlie, granted=False).exists()


def test_a_self_referral_needs_no_account(client, panel, meeting, front_door):
    response = client.post(
        reverse("referrals:self-referral"),
        {
            "first_name": "Lee",
            "last_name": "Hart",
            "contact_by": "The Tuesday drop-in",
            "what_is_happening": "I keep getting turned away from the hostel.",
            "agree": "on",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.self_referral and referral.referred_by is None
    assert referral.contact_by == "The Tuesday drop-in"
    assert referral.shares.get().organisation == front_door


def test_a_self_referral_without_agreement_is_not_sent(client, panel, meeting):
    response = client.post(
        reverse("referrals:self-referral"),
        {"first_name": "Lee", "last_name": "Hart", "contact_by": "x", "what_is_happening": "y"},
    )
    assert response.status_code == 200 and "Tick the box" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_person_page_shows_the_profile_and_who_received_which_version(refer, signed_in, alice):
    referral = refer()
    page = signed_in(alice).get(reverse("people:detail", args=[referral.person.pk]))
    text = page.content.decode()
    assert "Sleeping in a tent by the river" in text
    assert "Who received which version" in text and "Riverside Multiple Needs Service" in text


def test_ndt_returns_to_the_panel_papers(refer, signed_in, helen, meeting):
    referral = refer()
    ndt = instruments.get("ndt")
    values = {i.code: i.scores[-1] for i in ndt.items.all()}
    back = reverse("referrals:meeting", args=[meeting.pk])
    url = reverse("ndt-new", args=[referral.person.pk]) + f"?next={back}"
    response = signed_in(helen).post(url, values)
    assert response.status_code == 302 and response["Location"] == back
    evil = reverse("ndt-new", args=[referral.person.pk]) + "?next=https://evil.example/"
    response = signed_in(helen).post(evil, values)
    assert response["Location"] == reverse("people:detail", args=[referral.person.pk])


# What the review of the first version found --------------------------------------------------


def test_a_referrer_who_cannot_see_the_match_is_held_and_sees_only_what_they_sent(
    panel, meeting, front_door, person, charlie, other_org
):
    """Typing a known person's name and date of birth must open nothing of their record."""
    person.date_of_birth = IDENTITY["date_of_birth"]
    person.save()
    panel.organisations.add(other_org)
    referral = services.refer(
        panel=panel,
        identity={
            "first_name": "dana",
            "last_name": "EXAMPLE",
            "date_of_birth": person.date_of_birth,
        },
        what_is_happening="Asked us for help at the custody suite.",
        what_matters="",
        sharing=consent_for(front_door, sections=["notes", "plan", "timeline"]),
        by=charlie,
        organisation=other_org,
    )
    assert referral.status == Referral.Status.HELD and referral.possible_match == person
    assert referral.person != person
    assert not Consent.objects.filter(person=person).exists()
    assert not person.referrals.exists() and not person.agenda_items.exists()
    assert not access.can_see(charlie, person.pk)
    assert access.can_see(charlie, referral.person.pk)  # what they sent, on its own record


def test_a_self_referral_never_joins_a_known_record(refer, client, panel):
    known = refer().person
    client.post(
        reverse("referrals:self-referral"),
        {
            "first_name": "Jo",
            "last_name": "Marsh",
            "date_of_birth_0": "4",
            "date_of_birth_1": "3",
            "date_of_birth_2": "1985",
            "contact_by": "07700 900123",
            "what_is_happening": "Someone else's words",
            "agree": "on",
        },
    )
    self_referral = Referral.objects.get(self_referral=True)
    assert self_referral.person != known
    assert known.profile_versions.get().what_is_happening.startswith("Sleeping in a tent")
    assert known.list_statuses.first().status == "awaiting_panel"


def test_a_restricted_record_is_never_joined(refer, person, alice):
    first = refer()
    first.person.restricted = True
    first.person.save()
    second = refer()
    assert second.person != first.person


def test_a_self_referral_with_a_date_of_birth_in_the_future_is_named(client, panel, meeting):
    response = client.post(
        reverse("referrals:self-referral"),
        {
            "first_name": "Lee",
            "last_name": "Hart",
            "date_of_birth_0": "1",
            "date_of_birth_1": "1",
            "date_of_birth_2": "2099",
            "contact_by": "x",
            "what_is_happening": "y",
            "agree": "on",
        },
    )
    assert response.status_code == 200
    assert "The date of birth must be in the past" in response.content.decode()
    assert not Referral.objects.exists()


def test_self_referrals_from_one_address_are_limited(client, panel, meeting, monkeypatch):
    from joinedup.referrals import views

    monkeypatch.setattr(views, "SELF_REFERRALS_PER_HOUR", 1)
    cache.clear()
    form = {"first_name": "Lee", "last_name": "Hart", "contact_by": "x", "what_is_happening": "y"}
    assert (
        client.post(reverse("referrals:self-referral"), {**form, "agree": "on"}).status_code == 302
    )
    again = client.post(reverse("referrals:self-referral"), {**form, "agree": "on"})
    assert again.status_code == 200 and "Too many forms" in again.content.decode()
    assert Referral.objects.count() == 1


def test_a_panel_seat_outside_the_consent_opens_nothing(
    refer, signed_in, panel, meeting, other_org, front_door, owner_org
):
    panel.organisations.add(other_org)
    outsider = make_user("p@example.org", other_org, Role.PANEL_MEMBER)
    referral = refer(sharing=consent_for(front_door, owner_org))
    client = signed_in(outsider)
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    papers = client.get(reverse("referrals:meeting", args=[meeting.pk])).content.decode()
    assert "Marsh" not in papers


def test_a_share_already_covered_is_not_marked_as_an_override(refer, other_org, sam):
    referral = refer()
    Consent.objects.create(
        person=referral.person,
        organisation=other_org,
        basis="public_task",
        sections=["identity", "story", "assessments"],
    )
    share = services.share(referral, other_org, sam, override_reason="Just in case")
    assert not share.overridden and share.overridden_by is None
    assert not AccessLog.objects.filter(action=AccessLog.Action.OVERRIDE).exists()
    assert services.share(referral, other_org, sam) == share  # a second submit changes nothing


def test_the_form_presumes_no_sex_or_disability(signed_in, alice, panel, meeting):
    page = " ".join(signed_in(alice).get(reverse("referrals:new")).content.decode().split())
    for name in ("sex", "disability"):
        inputs = re.findall(rf'<input type="radio" name="{name}"[^>]*>', page)
        assert len(inputs) == 3 and not any("checked" in i for i in inputs)


@pytest.mark.parametrize("field", ["what_is_happening", "what_matters"])
def test_a_self_referral_story_past_ten_thousand_characters_is_named(client, panel, meeting, field):
    form = {
        "first_name": "Lee",
        "last_name": "Hart",
        "contact_by": "The Tuesday drop-in",
        "what_is_happening": "I keep getting turned away from the hostel.",
        "agree": "on",
        field: "x" * 1_000_000,
    }
    response = client.post(reverse("referrals:self-referral"), form)
    assert response.status_code == 200
    text = response.content.decode()
    assert "10,000 characters or fewer" in text and "1,000,000" in text
    assert not Referral.objects.exists()


@pytest.mark.parametrize("organisation", [str(10**30), str(2**63)])
def test_the_form_names_an_organisation_id_past_the_database(
    signed_in, alice, panel, meeting, front_door, organisation
):
    client = signed_in(alice)
    client.raise_request_exception = False
    response = client.post(
        reverse("referrals:new"),
        {
            "first_name": "Jo",
            "last_name": "Marsh",
            "needs": ["homelessness"],
            "what_is_happening": "Sleeping out.",
            "what_matters": "A key.",
            "organisations": [front_door.pk, organisation],
            "basis": "consent",
        },
    )
    assert response.status_code == 200
    assert (
        "Choose one of the answers given to “Who may receive this referral”: "
        f"{organisation} is not one of them"
    ) in response.content.decode()
    assert not Referral.objects.exists()
