"""Two panel members recording the decision on one referral at once (both at the meeting, each
with the form open): the second never silently overturns the first. The form carries the latest
decision it showed; a decision recorded since is named, and nothing is saved until the member
has seen it. On PostgreSQL the two saves also race in two real connections."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.referrals import decisions
from joinedup.referrals.models import Decision, Referral
from tests.concurrency import ON_POSTGRESQL, race
from tests.conftest import make_user, sign_in
from tests.referrals.test_forms import summary
from tests.referrals.test_panel import score


@pytest.fixture
def colin(front_door):
    """A second panel member, from the front door's organisation."""
    return make_user("colin@example.org", front_door, Role.PANEL_MEMBER)


def accept(**extra):
    review = timezone.localdate() + timedelta(days=90)
    return {
        "outcome": "accept", "priority": "1", "rationale": "Several agencies, nobody leading",
        "review_on_0": review.day, "review_on_1": review.month, "review_on_2": review.year,
        **extra,
    }  # fmt: skip


def decline(**extra):
    return {
        "outcome": "decline", "decline_reason": "Below threshold",
        "rationale": "Others are further from help", "override_reason": "", **extra,
    }  # fmt: skip


@pytest.mark.django_db
def test_a_decision_recorded_since_the_form_opened_is_shown_and_not_overturned(
    client, refer, helen, colin
):
    referral = refer()
    score(referral.person, 40)
    url = reverse("referrals:decide", args=[referral.pk])
    page = sign_in(client, colin).get(url).content.decode()
    assert 'name="last_seen" value="0"' in page
    assert sign_in(client, helen).post(url, accept(last_seen=0)).status_code == 302
    first = Decision.objects.get()

    refused = sign_in(client, colin).post(url, decline(last_seen=0))
    text = refused.content.decode()
    assert refused.status_code == 200
    assert "Helen recorded the panel&#x27;s decision at" in text
    assert "“Accept”" in text and "Nothing has been saved" in text
    assert f'name="last_seen" value="{first.pk}"' in text
    assert Decision.objects.count() == 1
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.ACCEPTED

    # Having seen it, Colin may still record the panel's changed mind.
    again = client.post(url, decline(last_seen=first.pk, override_reason="The panel agreed"))
    assert again.status_code == 302, summary(again)
    assert Decision.objects.count() == 2
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.DECLINED


@pytest.mark.django_db
def test_a_decision_form_that_does_not_say_what_it_showed_saves_nothing(client, refer, colin):
    referral = refer()
    url = reverse("referrals:decide", args=[referral.pk])
    response = sign_in(client, colin).post(url, decline())
    assert "The form did not say which decisions it showed" in response.content.decode()
    assert not Decision.objects.exists()


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_two_members_deciding_at_once_in_two_connections_record_one_decision(refer, helen, colin):
    referral = refer()
    score(referral.person, 40)
    review = timezone.localdate() + timedelta(days=90)
    first, second = race(
        lambda: decisions.decide(
            Referral.objects.get(pk=referral.pk), helen, outcome="accept", priority=1,
            rationale="Several agencies", review_on=review, last_seen=0,
        ),
        lambda: decisions.decide(
            Referral.objects.get(pk=referral.pk), colin, outcome="decline",
            decline_reason="Below threshold", rationale="Others first", last_seen=0,
            override_reason="The panel's view",
        ),
    )  # fmt: skip
    assert isinstance(first, Decision) and isinstance(second, decisions.DecidedSince)
    assert second.latest == first
    assert list(Decision.objects.values_list("outcome", flat=True)) == ["accept"]
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.ACCEPTED
