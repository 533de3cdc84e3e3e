"""Gaps and barriers met in casework, grouped into system issues that commissioners own.

Self-assessment frameworks (PIE, the MEAM Approach, Housing First) come next, per service.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Category(models.TextChoices):
    THRESHOLDS = "thresholds", "Eligibility and thresholds"
    EXCLUSIONS = "exclusions", "Exclusions and bans"
    ONE_ISSUE = "one_issue", "One issue at a time"
    CAPACITY = "capacity", "Capacity and waiting times"
    ACCESS = "access", "Access (hours, place, phone, forms)"
    REFERRAL_FAILURE = "referral_failure", "Referrals lost or refused"
    TRANSITIONS = "transitions", "Transitions (prison, hospital discharge)"
    COMMISSIONING = "commissioning", "How services are commissioned"
    CULTURE = "culture", "Culture and stigma"
    LEGAL = "legal", "Legal gatekeeping"
    EQUALITY = "equality", "Equality"
    INFORMATION = "information", "Information sharing"
    OTHER = "other", "Something else"


class SystemIssue(models.Model):
    """A problem in the system, seen in several barriers, that a commissioner owns."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACTING = "acting", "Being acted on"
        RESOLVED = "resolved", "Resolved"

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class IssueAction(models.Model):
    issue = models.ForeignKey(SystemIssue, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=300, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.action


class Barrier(models.Model):
    """Something that stopped a person getting help, as a worker met it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RAISED = "raised", "Raised with the organisation"
        RESOLVED = "resolved", "Resolved"
        CLOSED = "closed", "Closed without change"

    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_by_organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="barriers_raised"
    )
    raised_on = models.DateField(default=timezone.localdate)
    # Optional links to casework: read only through the access layer (see queries.py).
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan_step = models.ForeignKey(
        "plans.PlanStep", null=True, blank=True, on_delete=models.SET_NULL, related_name="barriers"
    )
    responsible = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="barriers_held",
        help_text="The organisation whose rule or practice is the barrier.",
    )
    rule = models.CharField(max_length=300, help_text="The rule, threshold or practice.")
    category = models.CharField(max_length=30, choices=Category.choices)
    within_own_control = models.BooleanField(
        default=False, help_text="Whether the service that raised it could change it itself."
    )
    effect = models.TextField(help_text="What happened to the person because of it.")
    delay_days = models.PositiveIntegerField(
        default=0, help_text="How many days of help it cost, as far as known."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    system_issue = models.ForeignKey(
        SystemIssue, null=True, blank=True, on_delete=models.SET_NULL, related_name="barriers"
    )

    class Meta:
        ordering = ["-raised_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.rule}"
