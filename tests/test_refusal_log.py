"""A refused page (403) writes one line to the log, not a traceback: method, path, who, why."""

import logging

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_logs_a_refusal_as_one_line_naming_method_path_and_user(
    signed_in, alice, person, caplog
):
    caplog.set_level(logging.WARNING, logger="django.request")
    url = reverse("people:subject-access", args=[person.pk])
    response = signed_in(alice).get(url, {"reference": "SAR-9"})
    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None and record.exc_text is None
    assert caplog.text.count("\n") == 1, caplog.text
    line = record.getMessage()
    assert f"GET {url}" in line and f"user {alice.pk}" in line
    assert "Traceback" not in caplog.text and "\n" not in line
