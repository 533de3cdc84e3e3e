"""`joinedup demo` prints the address it will really serve on."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_it_prints_the_port_it_was_given():
    out = io.StringIO()
    call_command("demo", people=30, port=8123, no_serve=True, stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/" in text and ":8000" not in text
