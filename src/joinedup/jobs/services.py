"""Starting background work, reporting its progress, and failing work whose worker died.

A job is created and its task enqueued in one transaction (django-tasks' database backend
writes the task row beside ours), so there is never a job without a task or a task without a
job. The worker claims the job (`running`), reports progress through the handle it is given,
and marks it done in the same transaction as its result, but only while it still holds the
job: if the job was failed meanwhile (its heartbeat went stale), the result is rolled back.
"""

import logging
import os
import socket
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from joinedup.jobs.models import Job
from joinedup.jobs.signals import job_failed

logger = logging.getLogger(__name__)

DIED = (
    "The background worker stopped while this was running (it was restarted or killed). "
    "Nothing from this run was saved: start it again."
)

STOPPED = (
    "The background worker was stopped while this was running. Nothing from this run was "
    "saved: start it again."
)


class AlreadyRunning(Exception):
    """Another job of the same scope is waiting or running."""

    def __init__(self, job: Job | None):
        self.job = job
        super().__init__(f"{job} is not finished yet" if job else "another job is running")


class Abandoned(Exception):
    """This worker no longer holds the job (it was failed as stale): stop, save nothing."""


def heartbeat_seconds() -> float:
    return float(getattr(settings, "JOBS_HEARTBEAT_SECONDS", 10))


def stale_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "JOBS_STALE_AFTER_SECONDS", 120)))


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def start(task, *, kind: str, scope: str = "", user=None, **kwargs) -> Job:
    """A new job, with its task queued for the worker (called with `job_id` and `kwargs`);
    with `task=None`, for this process to do at once (`with running(job.pk)`: a command).

    Call it inside the transaction that creates the work's own record, so all of it commits
    together. Raises AlreadyRunning when `scope` already has a job waiting or running.
    """
    reap()  # a job whose worker died must not block a new one
    try:
        with transaction.atomic():
            job = Job.objects.create(kind=kind, scope=scope, started_by=user)
            if task is not None:
                result = task.enqueue(job_id=job.pk, **kwargs)
                job.task_id = str(result.id)
                job.save(update_fields=["task_id"])
    except IntegrityError:
        raise AlreadyRunning(Job.objects.active().filter(scope=scope).first()) from None
    return job


class Running:
    """The worker's handle on a job it holds: progress, heartbeat, and done."""

    def __init__(self, job: Job, worker: str):
        self.job = job
        self.worker = worker

    def _mine(self):
        return Job.objects.filter(pk=self.job.pk, state=Job.State.RUNNING, worker=self.worker)

    def say(self, fraction: float, words: str) -> None:
        """Store how far the work has gone; raises Abandoned if the job is no longer ours."""
        fraction = max(0.0, min(1.0, float(fraction)))
        now = timezone.now()
        if not self._mine().update(fraction=fraction, words=words[:200], heartbeat_at=now):
            raise Abandoned(f"job {self.job.pk} is no longer held by {self.worker}")
        self.job.fraction, self.job.words, self.job.heartbeat_at = fraction, words[:200], now

    def done(self, words: str = "Done") -> None:
        """Mark the job done: call it inside the transaction that saves the result, so the
        result and 'done' commit together, or neither does when the job is no longer ours."""
        now = timezone.now()
        updated = self._mine().update(
            state=Job.State.DONE, fraction=1.0, words=words[:200], finished_at=now
        )
        if not updated:
            raise Abandoned(f"job {self.job.pk} is no longer held by {self.worker}")
        self.job.state, self.job.fraction, self.job.finished_at = Job.State.DONE, 1.0, now


@contextmanager
def running(job_id: int):
    """Claim a waiting job for this worker and hold it while the block runs.

    Yields a Running handle, or None when the job is no longer waiting (it was failed or
    cancelled before a worker took it). An exception in the block fails the job, saying why,
    and is raised again so that django-tasks records it too.
    """
    worker = worker_id()
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.WAITING).update(
        state=Job.State.RUNNING, worker=worker, started_at=now, heartbeat_at=now
    )
    if not claimed:
        logger.warning("job %s is no longer waiting: not run", job_id)
        yield None
        return
    handle = Running(Job.objects.get(pk=job_id), worker)
    beat = _Heartbeat(job_id, worker)
    # A heartbeat on its own connection sees only committed rows: none inside a test's
    # transaction, where the work runs in the test's own thread.
    if not connection.in_atomic_block:
        beat.start()
    try:
        yield handle
    except BaseException as exc:
        stopped = isinstance(exc, SystemExit | KeyboardInterrupt)  # the worker told to stop now
        message = STOPPED if stopped else f"{type(exc).__name__}: {exc}"
        _fail(Job.objects.filter(pk=job_id, worker=worker), message)
        raise
    finally:
        beat.stop()
    if handle.job.state != Job.State.DONE:
        with transaction.atomic():
            handle.done()


class _Heartbeat:
    """Touches the job every few seconds while the work runs, even through a long step in
    which the work itself reports nothing (training a model, say)."""

    def __init__(self, job_id: int, worker: str):
        self.job_id, self.worker = job_id, worker
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True, name=f"job-{job_id}")

    def start(self):
        self.thread.start()

    def stop(self):
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(timeout=5)

    def _beat(self):
        try:
            while not self.stopped.wait(heartbeat_seconds()):
                try:
                    Job.objects.filter(
                        pk=self.job_id, state=Job.State.RUNNING, worker=self.worker
                    ).update(heartbeat_at=timezone.now())
                except DatabaseError as exc:  # SQLite busy with the work's own write: next time
                    logger.info("heartbeat of job %s skipped: %s", self.job_id, exc)
        finally:
            connection.close()


def fail(job: Job, message: str) -> bool:
    """Fail a job that is waiting or running; whether it was."""
    return _fail(Job.objects.filter(pk=job.pk), message)


def _fail(jobs, message: str) -> bool:
    now = timezone.now()
    failed = False
    for job in jobs.filter(state__in=Job.ACTIVE):
        updated = Job.objects.filter(pk=job.pk, state__in=Job.ACTIVE).update(
            state=Job.State.FAILED, message=message, finished_at=now, words="Failed"
        )
        if updated:
            failed = True
            job.refresh_from_db()
            _fail_task(job)
            job_failed.send(sender=Job, job=job)
    return failed


def _fail_task(job: Job) -> None:
    """The django-tasks row of a job whose worker died stays 'running' for ever: end it too."""
    if not job.task_id:
        return
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=job.task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )


def _alive(worker: str) -> bool | None:
    """Whether the worker process is alive, when it ran on this machine; None if elsewhere."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap(now=None) -> int:
    """Fail running jobs whose worker died: its process is gone (on this machine), or its
    heartbeat is older than JOBS_STALE_AFTER_SECONDS. How many were failed."""
    now = now or timezone.now()
    dead = 0
    for job in Job.objects.filter(state=Job.State.RUNNING).only("pk", "worker", "heartbeat_at"):
        gone = _alive(job.worker) is False
        stale = job.heartbeat_at is None or job.heartbeat_at < now - stale_after()
        if (gone or stale) and _fail(Job.objects.filter(pk=job.pk, worker=job.worker), DIED):
            dead += 1
    return dead
