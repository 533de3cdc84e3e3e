"""`joinedup demo` serves the area with the background worker beside it, and stops it after."""

import signal
import sys

import pytest
from django.core.management import call_command

from joinedup.directory.models import Organisation
from joinedup.synthetic.management.commands import demo

pytestmark = pytest.mark.django_db


class FakeProcess:
    started: list = []

    def __init__(self, args):
        self.args, self.stopped = args, False
        FakeProcess.started.append(self)

    def terminate(self):
        self.stopped = True

    def wait(self, timeout=None):
        return 0


@pytest.fixture
def no_serving(monkeypatch):
    commands = []
    monkeypatch.setattr(demo, "call_command", lambda name, *a, **kw: commands.append(name))
    monkeypatch.setattr(demo.subprocess, "Popen", FakeProcess)
    FakeProcess.started = []
    Organisation.objects.create(name="Riverside Council", kind="council_department")
    handler = signal.getsignal(signal.SIGTERM)
    yield commands
    signal.signal(signal.SIGTERM, handler)


def test_the_demo_starts_the_worker_and_stops_it_when_serving_stops(no_serving):
    call_command("demo", "--port", "8099")
    assert no_serving == ["migrate", "serve"]
    (worker,) = FakeProcess.started
    assert worker.args == [sys.executable, "-m", "joinedup.cli", "worker", "--verbosity", "0"]
    assert worker.stopped


def test_the_demo_can_serve_without_the_worker(no_serving):
    call_command("demo", "--port", "8099", "--no-worker")
    assert FakeProcess.started == [] and no_serving == ["migrate", "serve"]
