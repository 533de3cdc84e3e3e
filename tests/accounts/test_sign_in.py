"""Signing in: password, then a second factor for roles that see people; lockout; idle expiry."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def code_for(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def post_password(client, email, password=PASSWORD, next_url=""):
    data = {"username": email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:sign-in"), data, REMOTE_ADDR="10.0.0.1")


def test_it_asks_a_practitioner_for_a_code_after_the_password(client, alice):
    response = post_password(client, alice.email)
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith(reverse("accounts:sign-in-code"))


def test_a_right_code_signs_in_and_lands_on_the_role_home(client, alice, person):
    post_password(client, alice.email, next_url="/people/")
    device = TOTPDevice.objects.get(user=alice)
    response = client.post(
        reverse("accounts:sign-in-code"), {"code": code_for(device), "next": "/people/"}
    )
    assert response.status_code == 302 and response["Location"] == "/people/"
    page = client.get("/people/")
    assert page.status_code == 200 and "Dana Example" in page.content.decode()


def test_a_wrong_code_is_refused_with_a_clear_message(client, alice):
    post_password(client, alice.email)
    device = TOTPDevice.objects.get(user=alice)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:sign-in-code"), {"code": wrong})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert client.get("/").status_code == 302


def test_the_demo_code_is_never_shown_outside_the_demo(client, alice):
    post_password(client, alice.email)
    response = client.get(reverse("accounts:sign-in-code"))
    assert 'data-testid="demo-code"' not in response.content.decode()


def test_a_commissioner_signs_in_with_a_password_alone(client, owner_org):
    commissioner = make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)
    post_password(client, commissioner.email)
    response = client.get("/")
    assert response.status_code == 200
    assert "Every department: your area" in response.content.decode()


def test_a_practitioner_without_an_authenticator_must_set_one_up(client, owner_org):
    user = make_user("new@example.org", owner_org, Role.PRACTITIONER, device=False)
    post_password(client, user.email)
    response = client.get("/people/")
    assert response["Location"] == reverse("accounts:two-factor-setup")
    page = client.get(reverse("accounts:two-factor-setup"))
    assert "<svg" in page.content.decode(), "the QR code is drawn"
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:two-factor-setup"), {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/people/").status_code == 200


def test_a_wrong_password_is_refused(client, alice):
    response = post_password(client, alice.email, password="nope nope nope")
    assert response.status_code == 200
    assert (
        "correct email address and password" in response.content.decode().replace("\n", " ")
        or "Please enter a correct" in response.content.decode()
    )
    assert client.get("/")["Location"].startswith(reverse("accounts:sign-in"))


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, alice):
    for _ in range(5):
        post_password(client, alice.email, password="wrong password 123")
    response = post_password(client, alice.email)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert client.get("/")["Location"].startswith(reverse("accounts:sign-in"))


def test_an_idle_session_expires(client, signed_in, alice, settings):
    signed_in(alice)
    assert client.get("/").status_code == 200
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_COOKIE_AGE == 30 * 60
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_each_request_pushes_the_expiry_back(client, signed_in, alice):
    signed_in(alice)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get("/")
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=29)


def test_sign_out_ends_the_session(client, signed_in, alice):
    signed_in(alice)
    client.post(reverse("accounts:sign-out"))
    assert client.get("/")["Location"].startswith(reverse("accounts:sign-in"))


def test_an_unsafe_next_address_is_ignored(client, owner_org):
    user = make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)
    response = post_password(client, user.email, next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_it_says_the_code_page_is_throttled_and_when_to_try_again(client, alice):
    post_password(client, alice.email)
    device = TOTPDevice.objects.get(user=alice)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    device.throttling_failure_count = 6  # six wrong codes already: a 32-second pause
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    page = client.post(reverse("accounts:sign-in-code"), {"code": code_for(device)})
    text = page.content.decode()
    assert "The code is not right" not in text
    assert "Too many wrong codes, so codes are not being checked for now" in text
    assert re.search(r"Try again in (2[5-9]|3[0-2]) seconds \(at \d\d:\d\d:\d\d\)", text)
    assert client.get("/").status_code == 302, "the right code was not taken while paused"
    # After the pause a wrong code says so, and when the next may be tried.
    device.throttling_failure_timestamp = timezone.now() - timedelta(seconds=40)
    device.save()
    text = client.post(reverse("accounts:sign-in-code"), {"code": wrong}).content.decode()
    assert re.search(
        r"The code is not right. Check your app and try again in (5\d|6[0-4]) seconds", text
    )
    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - timedelta(seconds=200)
    device.save()
    response = client.post(reverse("accounts:sign-in-code"), {"code": code_for(device)})
    assert response.status_code == 302 and client.get("/").status_code == 200
