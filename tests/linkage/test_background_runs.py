"""A linkage run started from the page is background work: queued with its job, done by the
worker with its progress stored, one at a time for the area, and a run that fails leaves the
links from before it in force."""

import pytest
from django.urls import reverse

from joinedup.jobs.models import Job
from joinedup.linkage import engine, services, tasks
from joinedup.linkage.models import Link, Run
from tests.jobs.worker import run_queued
from tests.linkage.test_runs import load_all

pytestmark = pytest.mark.django_db


def current_links():
    return set(Link.objects.filter(ended_at=None).values_list("pk", "record_id", "person_id"))


def start(client, **thresholds):
    return client.post(reverse("linkage:run-new"), thresholds or {"match_threshold": "0.9",
                       "review_threshold": "0.5"})  # fmt: skip


def test_the_page_queues_a_run_and_the_worker_does_it_storing_progress(signed_in, analyst):
    load_all()
    client = signed_in(analyst)
    response = start(client)
    run = Run.objects.select_related("job").get()
    assert response["Location"] == reverse("linkage:run", args=[run.pk])
    assert run.status == Run.Status.WAITING and run.job.state == Job.State.WAITING
    assert Link.objects.count() == 0, "nothing is done in the request"
    polled = client.get(reverse("linkage:run-progress", args=[run.pk])).content.decode()
    assert "hx-get" in polled and "every 2s" in polled
    assert run_queued() == 1
    run.refresh_from_db()
    run.job.refresh_from_db()
    assert run.status == Run.Status.DONE and run.job.state == Job.State.DONE
    assert run.job.fraction == 1 and run.job.words.startswith("Done: 30 links changed")
    assert Link.objects.filter(ended_at=None, run=run).count() == 30


def test_progress_moves_on_through_the_stages(analyst, monkeypatch):
    load_all()
    seen = []
    say = tasks.jobs.Running.say

    def spy(self, fraction, words):
        seen.append((fraction, words))
        say(self, fraction, words)

    monkeypatch.setattr(tasks.jobs.Running, "say", spy)
    tasks.queue_run(analyst)
    run_queued()
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and 0 <= fractions[0] < 0.1 and fractions[-1] < 1
    words = [w for _, w in seen]
    for label in ("Training the model", "Scoring and clustering", "Linking records to people"):
        assert any(w.startswith(label) for w in words), (label, words)
    assert any("expectation maximisation" in w for w in words), "the engine's own steps"


def test_a_second_run_is_refused_while_one_is_under_way(signed_in, analyst):
    load_all()
    client = signed_in(analyst)
    first = start(client)
    second = client.get(start(client)["Location"])
    assert Run.objects.count() == 1 and Job.objects.count() == 1
    assert second.request["PATH_INFO"] == first["Location"]
    page = second.content.decode()
    assert "A linkage run is already under way: one run at a time" in page
    home = client.get(reverse("linkage:home")).content.decode()
    assert 'data-testid="current-run"' in home and "waiting for the background worker" in home
    run_queued()
    start(client)
    assert Run.objects.count() == 2, "a new run may start once the first has finished"


def test_a_run_that_fails_leaves_the_links_from_before_in_force(signed_in, analyst, monkeypatch):
    load_all()
    services.run_all(services.start_run())
    before = current_links()

    def broken(*args, **kwargs):
        raise MemoryError("out of memory while scoring")

    monkeypatch.setattr(engine, "link_frame", broken)
    run = tasks.queue_run(analyst)
    run_queued()
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED and run.job.state == Job.State.FAILED
    assert "MemoryError: out of memory while scoring" in run.message
    assert current_links() == before
    page = signed_in(analyst).get(reverse("linkage:run", args=[run.pk])).content.decode()
    assert "out of memory while scoring" in page and "still in force" in page


def test_a_run_failed_as_dead_before_it_commits_writes_no_links(analyst, monkeypatch):
    """The worker was presumed dead (stale) while it was still linking: its links roll back."""
    load_all()
    run = tasks.queue_run(analyst)
    link = services._link

    def found_dead_meanwhile(run, progress=None):
        tasks.jobs.fail(run.job, tasks.jobs.DIED)
        link(run, progress)

    monkeypatch.setattr(services, "_link", found_dead_meanwhile)
    run_queued()
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED and run.message == tasks.jobs.DIED
    assert Link.objects.count() == 0


def test_the_command_takes_the_same_one_run_lock(analyst):
    from django.core.management import CommandError, call_command

    load_all()
    tasks.queue_run(analyst)
    with pytest.raises(CommandError, match="already under way"):
        call_command("link_records")
