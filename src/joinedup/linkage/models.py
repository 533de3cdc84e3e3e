"""Agency records, linkage runs, links to people, and reviewers' decisions.

Records are linked to a person, never merged into one: each agency's record stays as it came,
and a `Link` says which person it belongs to. Links are never deleted: undoing or re-linking
ends one (with who, when and why) and starts another, so the history is the table itself.
"""

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    """One extract file brought in, with its progress and its report."""

    class Mode(models.TextChoices):
        REJECT = "reject", "Reject the whole file if any row has an error"
        SKIP = "skip", "Load the good rows and report the bad ones"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        REJECTED = "rejected", "Rejected"

    filename = models.CharField(max_length=255)
    content = models.BinaryField(help_text="The file as uploaded, read in steps.")
    mapping = models.JSONField(default=dict, blank=True, help_text="Their header -> ours.")
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.REJECT)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    # Who is loading the next chunk, and since when: a step claims it first (a compare-and-set,
    # see services.import_step), so two requests never load the same rows or miscount them.
    claimed_by = models.CharField(max_length=40, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.filename

    @property
    def percent(self) -> int:
        if self.status in {self.Status.DONE, self.Status.REJECTED}:
            return 100
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REJECTED}


class SourceRecord(models.Model):
    """One agency's record of one person, as the agency holds it."""

    source = models.CharField(max_length=100)
    source_id = models.CharField(max_length=100)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.CharField(max_length=10, blank=True, help_text="ISO, as validated.")
    sex = models.CharField(max_length=1, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    extra = models.JSONField(default=dict, blank=True, help_text="The agency's other columns.")
    batch = models.ForeignKey(ImportBatch, null=True, on_delete=models.SET_NULL)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source", "source_id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="one_record_per_source_id")
        ]

    def __str__(self):
        return f"{self.source} {self.source_id}"


class Run(models.Model):
    """One linkage run: its thresholds, its trained model and what it found."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    STAGES = ["train", "score", "link", "done"]
    STAGE_LABELS = {
        "train": "Training the model on the records",
        "score": "Scoring and clustering pairs",
        "link": "Linking records to people",
        "done": "Done",
    }

    backend = models.CharField(max_length=10, default="duckdb")
    match_threshold = models.FloatField(
        null=True, blank=True, help_text="Empty: chosen from the data (stats['threshold'])."
    )
    review_threshold = models.FloatField(default=0.5)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    stage = models.CharField(max_length=10, default="train")
    model = models.JSONField(default=dict, blank=True, help_text="The trained Splink model.")
    stats = models.JSONField(default=dict, blank=True)
    clusters = models.JSONField(default=dict, blank=True, help_text="Between stages only.")
    message = models.TextField(blank=True)
    # The background job doing the run (progress, heartbeat, worker); none for a run made
    # in-process (tests, `joinedup link --load`).
    job = models.OneToOneField(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="linkage_run"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Run {self.pk}"

    @property
    def percent(self) -> int:
        if self.status in {self.Status.DONE, self.Status.FAILED}:
            return 100
        if self.job_id is not None:
            return self.job.percent
        return round(100 * self.STAGES.index(self.stage) / (len(self.STAGES) - 1))

    @property
    def words(self) -> str:
        """What the run is doing now, in words."""
        if self.status == self.Status.WAITING:
            return "Waiting for the background worker to start the run"
        if self.finished:
            return self.get_status_display()
        if self.job_id is not None and self.job.words and not self.finished:
            return self.job.words
        return self.stage_label

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def stage_label(self) -> str:
        return self.STAGE_LABELS.get(self.stage, self.stage)


class Link(models.Model):
    """This record belongs to this person, from a run or a reviewer, until it is ended."""

    record = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="links")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(Run, null=True, blank=True, on_delete=models.SET_NULL)
    probability = models.FloatField(default=0)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    decision = models.ForeignKey(
        "Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="links"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record"], condition=models.Q(ended_at=None), name="one_current_link"
            )
        ]

    def __str__(self):
        return f"{self.record} -> person {self.person_id}"


class Decision(models.Model):
    """A reviewer's word on a pair of records, respected by every later run until undone."""

    class Verdict(models.TextChoices):
        SAME = "same", "Same person"
        DIFFERENT = "different", "Different people"

    record_a = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    record_b = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self):
        return f"{self.record_a} / {self.record_b}: {self.verdict}"


class ReviewPair(models.Model):
    """A pair a run was unsure of, waiting for a reviewer, with the evidence."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="review_pairs")
    record_a = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    record_b = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    evidence = models.JSONField(default=dict)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.SET_NULL)
    #: Why the run did not decide: near the threshold, or the cluster it would make conflicts.
    reason = models.CharField(max_length=200, blank=True)
    #: How much a decision would change (clustering.review_priority): the queue's order.
    priority = models.FloatField(default=0)

    class Meta:
        ordering = ["-priority", "-probability", "id"]

    def __str__(self):
        return f"{self.record_a} / {self.record_b} ({self.probability:.2f})"
