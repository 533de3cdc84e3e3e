"""Signing in twice within one code's 30 seconds: the used code is named as used, and the demo's
code page shows the next code, which then signs in."""

import re
import time

import django_otp.oath
import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.test_sign_in import code_for, post_password

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_time_step(monkeypatch):
    """Every code in these tests is made and checked within one 30-second step."""
    now = (time.time() // 30) * 30 + 10
    monkeypatch.setattr(time, "time", lambda: now)
    monkeypatch.setattr(django_otp.oath, "time", lambda: now)


def signed_in_once(alice):
    first = Client()
    post_password(first, alice.email)
    device = TOTPDevice.objects.get(user=alice)
    code = code_for(device)
    assert first.post(reverse("accounts:sign-in-code"), {"code": code}).status_code == 302
    return code


def test_a_used_code_is_refused_as_used_not_as_wrong(client, alice):
    code = signed_in_once(alice)
    post_password(client, alice.email)
    response = client.post(reverse("accounts:sign-in-code"), {"code": code})
    page = response.content.decode()
    assert "That code has already been used to sign in" in page
    assert "The code is not right" not in page
    assert client.get("/").status_code == 302


def test_the_demo_shows_the_next_code_once_the_current_one_is_used(client, alice, settings):
    settings.JOINEDUP_DEMO = True
    code = signed_in_once(alice)
    post_password(client, alice.email)
    page = client.get(reverse("accounts:sign-in-code")).content.decode()
    assert "the current code has already been used" in page
    shown = re.search(r'data-testid="demo-code">.*?<strong>(\d{6})</strong>', page, re.S).group(1)
    assert shown != code
    response = client.post(reverse("accounts:sign-in-code"), {"code": shown})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_the_demo_shows_the_current_code_before_it_is_used(client, alice, settings):
    settings.JOINEDUP_DEMO = True
    post_password(client, alice.email)
    page = client.get(reverse("accounts:sign-in-code")).content.decode()
    device = TOTPDevice.objects.get(user=alice)
    assert f"<strong>{code_for(device)}</strong>" in page
    assert "already been used" not in page
