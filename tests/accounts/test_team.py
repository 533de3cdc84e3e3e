"""Administrators look after their own organisations' accounts, and nobody else's."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import Membership, User
from joinedup.accounts.roles import Role
from joinedup.accounts.services import set_password_path
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(owner_org):
    return make_user("admin@example.org", owner_org, Role.ADMINISTRATOR)


def invite(client, organisation, **overrides):
    data = {
        "full_name": "Jo New",
        "email": "jo.new@example.org",
        "job_title": "Recovery worker",
        "organisation": organisation.pk,
        "role": Role.PRACTITIONER,
        **overrides,
    }
    return client.post(reverse("accounts:team-invite"), data)


def test_only_administrators_open_the_accounts_pages(signed_in, alice):
    client = signed_in(alice)
    assert client.get(reverse("accounts:team")).status_code == 403
    assert client.get(reverse("accounts:team-invite")).status_code == 403


def test_an_invited_user_chooses_a_password_from_their_link_then_signs_in(
    client, signed_in, admin, owner_org
):
    response = invite(signed_in(admin), owner_org)
    user = User.objects.get(email="jo.new@example.org")
    assert response["Location"] == reverse("accounts:team-member", args=[user.pk])
    assert not user.has_usable_password()
    page = client.get(response["Location"])
    link = page.context["link"]
    assert "/account/set-password/" in link
    client.post(reverse("accounts:sign-out"))

    form = client.get(link, follow=True)  # Django swaps the token for a session marker
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long river morning", "new_password2": "a long river morning"},
    )
    assert response["Location"] == reverse("accounts:sign-in")
    user.refresh_from_db()
    assert user.check_password("a long river morning")
    assert client.get(link, follow=True).context["validlink"] is False, "links work once"
    client.post(
        reverse("accounts:sign-in"),
        {"username": user.email, "password": "a long river morning"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert client.get("/")["Location"] == reverse("accounts:two-factor-setup")


def test_a_weak_password_is_refused_with_the_reason(client, admin):
    user = User.objects.create_user(email="w@example.org", full_name="W")
    form = client.get(set_password_path(user), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()


def test_an_existing_email_address_is_refused(signed_in, admin, owner_org, alice):
    response = invite(signed_in(admin), owner_org, email=alice.email)
    assert "already exists" in response.content.decode()


def test_an_administrator_cannot_create_accounts_in_another_organisation(
    signed_in, admin, other_org
):
    response = invite(signed_in(admin), other_org)
    assert response.status_code == 200
    assert not User.objects.filter(email="jo.new@example.org").exists()


def test_accounts_of_other_organisations_are_not_found(signed_in, admin, charlie):
    client = signed_in(admin)
    assert client.get(reverse("accounts:team-member", args=[charlie.pk])).status_code == 404
    response = client.post(
        reverse("accounts:team-member-action", args=[charlie.pk]), {"action": "deactivate"}
    )
    assert response.status_code == 404
    charlie.refresh_from_db()
    assert charlie.is_active


def test_actions_reset_the_authenticator_deactivate_and_end_a_role(signed_in, admin, alice):
    client = signed_in(admin)
    url = reverse("accounts:team-member-action", args=[alice.pk])
    client.post(url, {"action": "reset-second-factor"})
    assert not TOTPDevice.objects.filter(user=alice).exists()
    client.post(url, {"action": "deactivate"})
    alice.refresh_from_db()
    assert not alice.is_active
    membership = alice.memberships.get()
    client.post(url, {"action": "end-role", "membership": membership.pk})
    membership.refresh_from_db()
    assert not membership.active


def test_an_administrator_adds_a_role_in_their_organisation(signed_in, admin, owner_org, alice):
    signed_in(admin).post(
        reverse("accounts:team-member", args=[alice.pk]),
        {"organisation": owner_org.pk, "role": Role.PANEL_MEMBER},
    )
    assert Membership.objects.filter(user=alice, role=Role.PANEL_MEMBER, active=True).exists()


def test_unlock_clears_a_lockout(client, signed_in, admin, alice):
    for _ in range(5):
        client.post(
            reverse("accounts:sign-in"),
            {"username": alice.email, "password": "wrong wrong wrong"},
            REMOTE_ADDR="10.0.0.2",
        )
    assert AccessAttempt.objects.exists()
    signed_in(admin).post(
        reverse("accounts:team-member-action", args=[alice.pk]), {"action": "unlock"}
    )
    assert not AccessAttempt.objects.exists()
