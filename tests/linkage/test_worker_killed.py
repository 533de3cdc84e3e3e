"""A real worker process (the database backend, `joinedup worker`) does a run, and one killed
half-way (SIGKILL, with the new links written but not committed) leaves the earlier links in
force; its run is failed once seen (the page) or when a new worker starts."""

import time

import pytest
from django.db import connection
from django.urls import reverse

from joinedup.jobs.models import Job
from joinedup.jobs.services import DIED
from joinedup.linkage import services, tasks
from joinedup.linkage.models import Link, Run
from joinedup.people.models import Person
from tests.jobs.worker import kill, start_worker, wait_for, worker_process
from tests.linkage.test_runs import load_all

pytestmark = pytest.mark.django_db(transaction=True)

EXTRA = b"source,source_id,first_name,last_name,date_of_birth\nmind,M1,Zed,Quill,1970-01-02\n"


def current_links():
    return set(Link.objects.filter(ended_at=None).values_list("pk", "record_id", "person_id"))


def people():
    return Person.objects.count()


def linked_then_more_to_link():
    """Links in force from a first run, and a new record that a second run would link."""
    load_all()
    services.run_all(services.start_run())
    batch = services.start_import("mind.csv", EXTRA)
    while not batch.finished:
        services.import_step(batch)
    return current_links(), people()


def kill_while_linking(run):
    """A worker that pauses just before committing its links, killed there."""
    worker = start_worker(LINKAGE_TEST_PAUSE_SECONDS="60")
    try:
        wait_for(
            lambda: Job.objects.get(pk=run.job_id).words.startswith("Linking records"),
            what="the run to reach its linking stage",
        )
        time.sleep(3)  # it writes the links within a second here, then waits to commit them
        assert Run.objects.get(pk=run.pk).status == Run.Status.RUNNING
    except BaseException:
        kill(worker)
        print(worker.stdout.read())  # what the worker said, beside the failure
        raise
    kill(worker)


def test_a_worker_process_does_a_queued_run(analyst):
    load_all()
    run = tasks.queue_run(analyst)
    with worker_process():
        wait_for(lambda: Run.objects.get(pk=run.pk).finished, what="the run to finish")
    run.refresh_from_db()
    assert run.status == Run.Status.DONE, run.message
    assert run.job.state == Job.State.DONE and run.job.worker != ""
    assert Link.objects.filter(ended_at=None, run=run).count() == 30


def test_a_killed_worker_leaves_the_earlier_links_and_its_run_fails_when_seen(signed_in, analyst):
    before, known = linked_then_more_to_link()
    run = tasks.queue_run(analyst)
    kill_while_linking(run)
    assert current_links() == before, "the earlier links are still in force"
    assert not Link.objects.filter(run=run).exists() and people() == known
    page = signed_in(analyst).get(reverse("linkage:run", args=[run.pk])).content.decode()
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED and run.message == DIED
    assert "The background worker stopped while this was running" in page
    assert "still in force" in page


def test_a_new_worker_fails_the_dead_run_and_a_new_run_can_then_be_done(analyst):
    before, _ = linked_then_more_to_link()
    run = tasks.queue_run(analyst)
    kill_while_linking(run)
    with worker_process("--batch") as worker:
        assert worker.wait(timeout=60) == 0, worker.stdout.read()
        assert "Marked 1 job(s) failed" in worker.stdout.read()
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED and run.job.state == Job.State.FAILED
    assert current_links() == before
    again = tasks.queue_run(analyst)  # the dead run holds nothing up
    with worker_process("--batch") as worker:
        worker.wait(timeout=180)
    again.refresh_from_db()
    assert again.status == Run.Status.DONE
    assert Link.objects.filter(record__source="mind", ended_at=None).count() == 1


def test_a_run_whose_connection_is_dropped_leaves_the_earlier_links_and_fails(analyst):
    """PostgreSQL drops the worker's connection (pg_terminate_backend, as a failover or a
    network cut would) with the new links written but not committed."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's; SQLite has no connection to drop")
    before, known = linked_then_more_to_link()
    run = tasks.queue_run(analyst)
    with worker_process(LINKAGE_TEST_PAUSE_SECONDS="8", PYTHONUNBUFFERED="1") as worker:
        for line in worker.stdout:
            if "paused at commit" in line:
                break
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                "current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in%%'"
            )
            assert cursor.fetchall() == [(True,)], "the run's connection, dropped"
        wait_for(lambda: Run.objects.get(pk=run.pk).finished, what="the run to be failed")
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED, run.message
    assert current_links() == before, "the earlier links are still in force"
    assert not Link.objects.filter(run=run).exists() and people() == known
