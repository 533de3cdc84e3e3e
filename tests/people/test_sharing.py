"""The sharing ledger: what goes to whom, on what basis; revocation and expiry bite at once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.people.models import Consent

pytestmark = pytest.mark.django_db


def share(client, person, organisation, **overrides):
    data = {
        "organisation": organisation.pk,
        "basis": "consent",
        "legal_gateway": "",
        "reason": "",
        "sections": ["team", "plan"],
        **overrides,
    }
    return client.post(reverse("people:sharing-add", args=[person.pk]), data)


def test_recorded_consent_opens_the_shared_sections_only(
    signed_in, client, alice, charlie, person, other_org
):
    signed_in(alice)
    assert share(client, person, other_org).status_code == 302
    consent = Consent.objects.get()
    assert consent.decided_by == alice and consent.sections == ["identity", "team", "plan"]
    signed_in(charlie)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Dana Example" in page and "Team around the person" in page
    assert "only what has been shared" in page and "Write a note" not in page
    assert client.get(reverse("plans:plan", args=[person.pk])).status_code == 200
    assert client.get(reverse("people:timeline", args=[person.pk])).status_code == 404


def test_revoking_removes_access_on_the_next_request(
    signed_in, client, alice, charlie, person, other_org
):
    consent = Consent.objects.create(person=person, organisation=other_org, basis="consent")
    assert signed_in(charlie).get(reverse("people:detail", args=[person.pk])).status_code == 200
    signed_in(alice).post(
        reverse("people:sharing-revoke", args=[person.pk, consent.pk]),
        {"reason": "Dana asked us to stop"},
    )
    consent.refresh_from_db()
    assert consent.revoked_by == alice and consent.revoke_reason == "Dana asked us to stop"
    assert signed_in(charlie).get(reverse("people:detail", args=[person.pk])).status_code == 404


def test_expiry_removes_access_at_its_date(signed_in, charlie, person, other_org):
    now = timezone.now()
    consent = Consent.objects.create(
        person=person,
        organisation=other_org,
        basis="consent",
        ends_at=now + timedelta(minutes=5),
    )
    url = reverse("people:detail", args=[person.pk])
    assert signed_in(charlie).get(url).status_code == 200
    consent.ends_at = now - timedelta(seconds=1)  # the clock passes the end date
    consent.save()
    assert signed_in(charlie).get(url).status_code == 404


def test_sharing_without_consent_names_the_law_and_the_reason(
    signed_in, client, alice, person, other_org
):
    signed_in(alice)
    response = share(client, person, other_org, basis="safeguarding")
    body = response.content.decode()
    assert "Name the law or duty that allows sharing" in body
    assert "Say why consent was not asked for or given" in body
    assert not Consent.objects.exists()
    share(
        client,
        person,
        other_org,
        basis="safeguarding",
        legal_gateway="Care Act 2014 s.42",
        reason="She is at immediate risk and could not be reached",
    )
    page = " ".join(
        client.get(reverse("people:sharing", args=[person.pk])).content.decode().split()
    )
    assert "without Dana's consent, under Care Act 2014 s.42" in page
    assert "as decided by Alice" in page


def test_the_ledger_reads_in_plain_english(signed_in, client, alice, person, other_org):
    signed_in(alice)
    share(client, person, other_org, ends_on_0="1", ends_on_1="3", ends_on_2="2030")
    page = " ".join(
        client.get(reverse("people:sharing", args=[person.pk])).content.decode().split()
    )
    assert "Dana agreed that Riverside Police may see who they are, the team around them" in page
    assert "until 1 March 2030" in page
