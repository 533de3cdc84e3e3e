"""Linkage runs as background work: queued from the page, done by `joinedup worker`.

The run's progress is stored on its job (joinedup.jobs) as it goes, so the page shows it to
whoever opens it, whenever. A run's new links are written in one transaction at its end,
together with marking the job done, so a run that fails (or whose worker is killed) leaves the
previous links in force.
"""

from django.db import transaction
from django_tasks import task

from joinedup.jobs import services as jobs
from joinedup.jobs.models import Job
from joinedup.linkage import services
from joinedup.linkage.models import Run

#: One linkage run at a time for the area (a joinedup database is one area).
RUN_SCOPE = "linkage-run"


@task()
def link_records(job_id: int, run_id: int) -> dict:
    with jobs.running(job_id) as progress:
        if progress is None:  # failed or cancelled before a worker took it
            return {}
        run = Run.objects.get(pk=run_id)
        run_in_background(run, progress)
        return run.stats


def queue_run(user=None, **options) -> Run:
    """A run for the background worker, started from the page.

    One run at a time for the area: raises jobs.AlreadyRunning (with the job in hand) while
    another run is waiting or running. The run, its job and its task commit together.
    """
    with transaction.atomic():
        run = services.start_run(user, **options)
        run.job = jobs.start(
            link_records, kind="Linkage run", scope=RUN_SCOPE, user=user, run_id=run.pk
        )
        run.save(update_fields=["job"])
    return run


def run_here(say=lambda run: None, **options) -> Run:
    """A run done in this process (`joinedup link_records`), holding the area's one-run lock
    and storing its progress like a background run; raises jobs.AlreadyRunning likewise."""
    with transaction.atomic():
        run = services.start_run(**options)
        run.job = jobs.start(None, kind="Linkage run", scope=RUN_SCOPE)
        run.save(update_fields=["job"])
    with jobs.running(run.job_id) as progress:
        run.job = progress.job
        Run.objects.filter(pk=run.pk).update(status=Run.Status.RUNNING)
        while not run.finished:
            services.run_step(run, progress)
            say(run)
    return run


def current_run() -> Run | None:
    """The run waiting or running now, if any (a run whose worker died is failed first)."""
    jobs.reap()
    return Run.objects.filter(job__state__in=Job.ACTIVE).select_related("job").first()


def run_in_background(run: Run, progress) -> Run:
    """The whole run, as the background worker does it, storing its progress as it goes."""
    Run.objects.filter(pk=run.pk).update(status=Run.Status.RUNNING)
    run.status, run.job = Run.Status.RUNNING, progress.job
    while not run.finished:
        services.run_step(run, progress)
    return run


def run_failed(sender, job, **kwargs):
    """A run's job failed (its worker died, say): the run is failed too, saying why."""
    Run.objects.filter(job=job).exclude(status__in=[Run.Status.DONE, Run.Status.FAILED]).update(
        status=Run.Status.FAILED, message=job.message, finished_at=job.finished_at, clusters={}
    )
