"""Production settings pass Django's deployment check; every page carries security headers;
bad configuration stops the process at start with one line saying what to set."""

import os
import subprocess
import sys

import pytest

from tests.test_url_permissions import PATTERNS, url_for

pytestmark = pytest.mark.django_db


def run_python(code: str, **env):
    # A bare environment, as on a fresh server: only what the test names is set.
    clean = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "joinedup.settings",
    "SECRET_KEY": "p" * 20 + "Q9x!k2-mZ" * 6,
    "DATABASE_URL": "sqlite:////tmp/joinedup-check.sqlite3",
}


def test_production_settings_pass_the_deployment_check():
    result = run_python(
        "from django.core.management import execute_from_command_line as x;"
        "x(['joinedup', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_hashes_passwords_with_argon2_and_is_not_in_debug():
    result = run_python(
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.PASSWORD_HASHERS[0], s.DEBUG, s.JOINEDUP_DEMO)",
        **PRODUCTION,
    )
    assert result.stdout.split() == ["django.contrib.auth.hashers.Argon2PasswordHasher"] + [
        "False",
        "False",
    ]


@pytest.mark.parametrize(
    "env,expected",
    [
        (
            {"DATABASE_URL": "mongodb://localhost/x"},
            "DATABASE_URL scheme 'mongodb' is not supported",
        ),
        ({"SECRET_KEY": ""}, "SECRET_KEY is not set: set SECRET_KEY"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a yes/no value"),
    ],
)
def test_bad_configuration_fails_at_start_with_one_line(env, expected):
    result = run_python("import django; django.setup()", **{**PRODUCTION, **env})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("joinedup: ") and expected in lines[0]


GET_PATTERNS = [
    (n, p) for n, p in PATTERNS if n not in {"accounts:sign-out", "accounts:choose-role"}
]


@pytest.mark.parametrize("name,params", GET_PATTERNS, ids=[n for n, _ in GET_PATTERNS])
def test_every_page_carries_the_security_headers(signed_in, alice, person, owner_org, name, params):
    url = url_for(name, params, person=person, organisation=owner_org)
    response = signed_in(alice).get(url, secure=True)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_error_pages_carry_them_too(signed_in, charlie, person):
    response = signed_in(charlie).get(f"/people/{person.pk}/", secure=True)
    assert response.status_code == 404
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"
