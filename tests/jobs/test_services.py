"""Background jobs: queued with their task, one at a time per scope, progress stored by the
worker, failures saying why, and jobs whose worker died failed instead of running for ever."""

import socket
import subprocess
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from joinedup.directory.models import Organisation
from joinedup.jobs import services
from joinedup.jobs.models import Job
from joinedup.jobs.signals import job_failed
from tests.jobs.worker import run_queued

pytestmark = pytest.mark.django_db

SEEN: list[tuple[str, float, str]] = []


@task()
def halves(job_id: int) -> str:
    with services.running(job_id) as progress:
        progress.say(0.5, "half way")
        row = Job.objects.get(pk=job_id)
        SEEN.append((row.state, row.fraction, row.words))
    return "ok"


@task()
def breaks(job_id: int) -> None:
    with services.running(job_id) as progress:
        progress.say(0.2, "reading row 3")
        raise ValueError("row 3 has no date")


@task()
def stopped_at_once(job_id: int) -> None:
    with services.running(job_id):
        raise KeyboardInterrupt  # Ctrl+C twice: the worker stops without finishing


@task()
def loses_its_job(job_id: int) -> None:
    with services.running(job_id) as progress:
        services.fail(progress.job, "failed from outside")  # as if by a page, seeing it stale
        with transaction.atomic():
            Organisation.objects.create(name="Half-written", kind="charity", sector="social")
            progress.done()


def test_it_queues_the_job_with_its_task():
    job = services.start(halves, kind="Test", scope="test")
    assert job.state == Job.State.WAITING and job.fraction == 0
    queued = DBTaskResult.objects.get(pk=job.task_id)
    assert queued.args_kwargs["kwargs"] == {"job_id": job.pk}


def test_one_job_at_a_time_per_scope():
    first = services.start(halves, kind="Test", scope="test")
    with pytest.raises(services.AlreadyRunning) as refused:
        services.start(halves, kind="Test", scope="test")
    assert refused.value.job == first
    assert Job.objects.count() == 1 and DBTaskResult.objects.count() == 1, "nothing half-made"
    services.start(halves, kind="Other", scope="other")  # another scope is not held up
    run_queued()
    services.start(halves, kind="Test", scope="test")  # the first is done: a new one may start


def test_the_worker_stores_progress_and_then_done():
    SEEN.clear()
    job = services.start(halves, kind="Test")
    assert run_queued() == 1
    assert SEEN == [("running", 0.5, "half way")]
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.percent == 100 and job.finished_at
    assert job.worker == services.worker_id()
    assert DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"


def test_an_error_fails_the_job_saying_why_and_tells_the_owner():
    told = []
    job_failed.connect(lambda sender, job, **kw: told.append(job.pk), weak=False, dispatch_uid="t")
    try:
        job = services.start(breaks, kind="Test", scope="test")
        run_queued()
    finally:
        job_failed.disconnect(dispatch_uid="t")
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.message == "ValueError: row 3 has no date"
    assert told == [job.pk]
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"
    services.start(halves, kind="Test", scope="test")  # a failed job holds nothing up


def test_a_worker_stopped_at_once_fails_its_job_in_words():
    job = services.start(stopped_at_once, kind="Test")
    run_queued()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.message == services.STOPPED


def test_a_job_no_longer_held_saves_nothing():
    job = services.start(loses_its_job, kind="Test")
    run_queued()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.message == "failed from outside"
    assert not Organisation.objects.filter(name="Half-written").exists()


def running_job(worker, heartbeat, scope="test"):
    return Job.objects.create(
        kind="Test", scope=scope, state=Job.State.RUNNING, worker=worker, heartbeat_at=heartbeat
    )


def test_a_job_whose_worker_process_is_gone_is_failed_when_seen():
    gone = subprocess.Popen(["true"])
    gone.wait()
    job = running_job(f"{socket.gethostname()}:{gone.pid}", timezone.now())
    alive = running_job(services.worker_id(), timezone.now() - timedelta(seconds=1), "other")
    assert services.reap() == 1
    job.refresh_from_db()
    alive.refresh_from_db()
    assert job.state == Job.State.FAILED and job.message == services.DIED
    assert alive.state == Job.State.RUNNING
    services.start(halves, kind="Test", scope="test")  # the dead job no longer holds the scope


def test_a_job_elsewhere_is_failed_once_its_heartbeat_is_stale(settings):
    settings.JOBS_STALE_AFTER_SECONDS = 60
    fresh = running_job("another-machine:123", timezone.now() - timedelta(seconds=30))
    assert services.reap() == 0
    assert services.reap(now=timezone.now() + timedelta(seconds=31)) == 1
    fresh.refresh_from_db()
    assert fresh.state == Job.State.FAILED


def test_a_job_failed_before_a_worker_took_it_is_not_run():
    SEEN.clear()
    job = services.start(halves, kind="Test")
    services.fail(job, "cancelled")
    run_queued()
    job.refresh_from_db()
    assert SEEN == [] and job.state == Job.State.FAILED and job.message == "cancelled"
