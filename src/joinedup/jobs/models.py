"""Background work with its progress: one row per job, written by the worker, read by pages.

The work itself runs in the background worker (django-tasks, database backend: `joinedup
worker`); this row is what people see of it. It says how far the job has gone (a fraction and
words), whether it is waiting, running, done or failed (and why), and which worker holds it,
with a heartbeat, so that a job whose worker died is failed cleanly instead of running forever.
"""

from django.conf import settings
from django.db import models


class JobQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state__in=Job.ACTIVE)


class Job(models.Model):
    """One piece of background work: a linkage run, an import, a large report."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for the background worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    ACTIVE = [State.WAITING, State.RUNNING]

    kind = models.CharField(max_length=60, help_text="What the work is, in words.")
    # At most one job is waiting or running per scope (a database constraint, so two people
    # starting a run at the same moment cannot both succeed); blank means no such limit.
    scope = models.CharField(max_length=60, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    fraction = models.FloatField(default=0, help_text="How far it has gone, from 0 to 1.")
    words = models.CharField(max_length=200, blank=True, help_text="What it is doing now.")
    message = models.TextField(blank=True, help_text="Why it failed.")
    task_id = models.CharField(max_length=64, blank=True, help_text="The django-tasks result.")
    worker = models.CharField(max_length=120, blank=True, help_text="host:pid of its worker.")
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope"],
                condition=models.Q(state__in=["waiting", "running"]) & ~models.Q(scope=""),
                name="one_active_job_per_scope",
            )
        ]

    def __str__(self):
        return f"{self.kind} ({self.get_state_display().lower()})"

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return max(0, min(100, int(100 * self.fraction)))
