"""The API fuzz: schemathesis sends every operation of /api/v1/ and /api/hsds/ generated
requests, signed in (with the second factor proven) and signed out, on a small test area.
No answer may be a server error, and every answer's status must be one the OpenAPI documents.

Bounded and repeatable: a few examples per operation, derandomised (the same requests every
run), so the file runs in well under a minute.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, Phase, settings

from joinedup.api import api
from joinedup.directory.hsds_openapi import openapi as hsds_openapi
from joinedup.people.models import Note
from tests.conftest import sign_in
from tests.directory.conftest import build_directory

EXAMPLES = 10
CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.status_code_conformance]

v1 = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
hsds = schemathesis.openapi.from_dict(hsds_openapi())
fuzz = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def app(db):
    """Django as a WSGI app, inside the test's transaction (as Django's test client keeps it:
    the request signals would otherwise close the connection mid-test)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def area(db, owner_org, alice, person):
    """A small test area: an organisation's worker, a person they work with and a note, and a
    directory with a service at a location."""
    Note.objects.create(person=person, author=alice, organisation=owner_org, text="Seen today")
    build_directory(n_services=1)
    return alice


@pytest.fixture(params=["signed in", "signed out"])
def visitor(request, area):
    """Cookies and headers: a session with the second factor proven and a CSRF token for
    writes, or nothing at all."""
    if request.param == "signed out":
        return {}
    client = sign_in(Client(), area)
    token = _get_new_csrf_string()
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
    }


def send(case, app, visitor):
    response = case.call(app=app, **visitor)
    case.validate_response(response, checks=CHECKS)


@v1.parametrize()
@fuzz
def test_the_api_never_fails_and_answers_as_documented(case, app, visitor):
    send(case, app, visitor)


@hsds.parametrize()
@fuzz
def test_the_hsds_api_never_fails_and_answers_as_documented(case, app, visitor):
    send(case, app, visitor)
