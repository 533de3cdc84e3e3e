"""The support plan: steps across agencies in the order the person chooses, and the key dates
ahead (transitions) that the plan must be ready for.

Read and change plans through `services` and `queries`, which go through the access layer.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class SupportPlan(models.Model):
    """One plan per person, written with them."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="support_plan"
    )
    what_matters = models.TextField(
        blank=True, help_text="In the person's own words: what matters to them now."
    )
    # Optimistic locking, as for steps: the person and their team both write `what_matters`,
    # and an edit names the version it started from (see services.save_what_matters).
    what_matters_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Support plan for person {self.person_id}"


class PlanStep(models.Model):
    """Something that needs to happen, owned by an organisation (or by the person)."""

    class Area(models.TextChoices):
        HOUSING = "housing", "Somewhere to live"
        TREATMENT = "treatment", "Drug and alcohol treatment"
        HEALTH = "health", "Physical and mental health"
        MONEY = "money", "Money and benefits"
        JUSTICE = "justice", "Criminal justice"
        SAFETY = "safety", "Safety"
        WORK = "work", "Work, learning and things to do"
        RELATIONSHIPS = "relationships", "Family and relationships"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "Under way"
        WAITING = "waiting", "Waiting on someone"
        BLOCKED = "blocked", "Blocked"
        DONE = "done", "Done"
        DROPPED = "dropped", "No longer needed"

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(help_text="The person's order: 1 comes first.")
    area = models.CharField(max_length=20, choices=Area.choices)
    title = models.CharField(max_length=200, help_text="What needs to happen, in plain words.")
    owner = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_steps",
        help_text="The organisation that does it; empty when the person does it themselves.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    blocked_by = models.CharField(
        max_length=300, blank=True, help_text="What stops it: a rule, a threshold, a wait."
    )
    waiting_on = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who the step is waiting for.",
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="needed_by"
    )
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    # Optimistic locking: an edit names the version it started from (see services.update_step).
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def open_dependencies(self) -> list["PlanStep"]:
        return [
            s for s in self.depends_on.all() if s.status not in (s.Status.DONE, s.Status.DROPPED)
        ]

    @property
    def done_out_of_sequence(self) -> bool:
        """Done before a step it depends on: the order the person chose was not kept."""
        return self.status == self.Status.DONE and bool(self.open_dependencies)

    @property
    def waits_for(self) -> list[str]:
        """Plain-English reasons this step cannot move yet."""
        reasons = [f"“{s.title}” to be done first" for s in self.open_dependencies]
        if self.status == self.Status.BLOCKED and self.blocked_by:
            reasons.append(f"blocked: {self.blocked_by}")
        if self.waiting_on_id:
            reasons.append(str(self.waiting_on))
        return reasons

    @property
    def overdue(self) -> bool:
        return bool(
            self.due_on
            and self.due_on < timezone.localdate()
            and self.status not in (self.Status.DONE, self.Status.DROPPED)
        )


class Transition(models.Model):
    """A key date ahead that changes where or how the person lives."""

    class Kind(models.TextChoices):
        PRISON_RELEASE = "prison_release", "Release from prison"
        HOSPITAL_DISCHARGE = "hospital_discharge", "Discharge from hospital"
        TENANCY_END = "tenancy_end", "End of a tenancy"
        NOTICE_TO_QUIT = "notice_to_quit", "Notice to quit"
        TURNING_18 = "turning_18", "Turning 18"
        SERVICE_END = "service_end", "End of a time-limited service"
        OTHER = "other", "Something else"

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="transitions"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    happens_on = models.DateField()
    description = models.CharField(max_length=300, blank=True)
    alert_days_before = models.PositiveIntegerField(
        default=14, help_text="How many days before the date the team is alerted."
    )
    where_living = models.CharField(
        max_length=300, blank=True, help_text="Where the person will live from that day."
    )
    who_meets = models.CharField(
        max_length=300, blank=True, help_text="Who will meet them on the day."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happens_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happens_on:%d %B %Y}"

    @property
    def alert_from(self):
        return self.happens_on - timedelta(days=self.alert_days_before)

    @property
    def gaps(self) -> list[str]:
        """What the plan does not yet say about the day."""
        missing = []
        if not self.where_living:
            missing.append("where they will live")
        if not self.who_meets:
            missing.append("who will meet them")
        return missing


class Completed(models.TextChoices):
    """Who gave a view: the person's own is the one that counts most, and is kept apart."""

    PERSON = "person", "The person"
    WORKER = "worker", "Their worker"
    TOGETHER = "together", "Together"


class PersonalOutcome(models.Model):
    """Something that matters to the person, in their own words, that the plan works towards.

    The person is the expert on whether it is getting closer: ratings are theirs where they can
    give one, and a worker's rating is shown as the worker's."""

    class Status(models.TextChoices):
        WORKING = "working", "Working towards it"
        ACHIEVED = "achieved", "Got there"
        LET_GO = "let_go", "No longer matters"

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="outcomes")
    words = models.CharField(
        max_length=300, help_text="In the person's own words: 'I want to see my kids again'."
    )
    position = models.PositiveIntegerField(default=1)
    steps = models.ManyToManyField(PlanStep, blank=True, related_name="outcomes")
    written_by = models.CharField(max_length=10, choices=Completed.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WORKING)
    # Optimistic locking, as for steps: the worker and the person may change it at once.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.words

    def latest(self, ratings=None) -> "OutcomeRating | None":
        ratings = list(self.ratings.all()) if ratings is None else ratings
        return max(ratings, key=lambda r: (r.rated_on, r.pk), default=None)


class OutcomeRating(models.Model):
    """How close the person is to an outcome on one day, from 1 (not started) to 10 (there)."""

    SCALE = range(1, 11)

    outcome = models.ForeignKey(PersonalOutcome, on_delete=models.CASCADE, related_name="ratings")
    rated_on = models.DateField(default=timezone.localdate)
    rating = models.PositiveSmallIntegerField()
    rated_by = models.CharField(max_length=10, choices=Completed.choices)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rated_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=10), name="rating_1_to_10"
            )
        ]
        indexes = [models.Index(fields=["outcome", "rated_on"])]

    def __str__(self) -> str:
        return f"{self.rating} of 10 on {self.rated_on}"
