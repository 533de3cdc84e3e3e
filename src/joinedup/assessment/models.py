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


# -- self-assessment --------------------------------------------------------------------------

LEVELS = [(0, "Not yet"), (1, "Basic"), (2, "Progressing"), (3, "Advanced")]


class Framework(models.Model):
    """A self-assessment framework: elements rated on four levels. A change is a new version."""

    key = models.SlugField(max_length=50)
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="one_framework_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class Element(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="elements")
    code = models.CharField(max_length=20)
    theme = models.CharField(max_length=100)
    title = models.CharField(max_length=200)
    statement = models.CharField(max_length=400, help_text="What 'advanced' looks like.")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="one_code_per_framework")
        ]

    def __str__(self) -> str:
        return self.title


class Round(models.Model):
    """One service assessing itself against a framework, with staff and service users."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="assessment_rounds"
    )
    service = models.CharField(max_length=200, help_text="Which of its services.")
    directory_service = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessment_rounds",
        help_text="The service in the directory, when listed.",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_on = models.DateField(default=timezone.localdate)
    closed = models.BooleanField(default=False)
    # The link service users open, without an account. Not guessable, and nothing else.
    public_token = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.service}: {self.framework.name}, {self.opened_on:%B %Y}"


class Response(models.Model):
    """One set of ratings: a member of staff, a scribe for a team, or a service user."""

    class Kind(models.TextChoices):
        STAFF = "staff", "Staff"
        SERVICE_USER = "service_user", "Service user"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Staff responses name their author; service users' responses hold nothing that identifies.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    for_team = models.BooleanField(default=False, help_text="Entered by one scribe for a team.")
    submitted_on = models.DateField(default=timezone.localdate)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} response to {self.round}"


class Rating(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="ratings")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="ratings")
    level = models.PositiveSmallIntegerField(choices=LEVELS)
    target = models.PositiveSmallIntegerField(choices=LEVELS, null=True, blank=True)
    evidence = models.TextField(blank=True)
    helps = models.TextField(blank=True)
    hinders = models.TextField(blank=True)
    hinders_within_control = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "element"], name="one_rating_per_element")
        ]

    def __str__(self) -> str:
        return f"{self.element}: {self.get_level_display()}"


class ActionPlanItem(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="action_plan")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=300)
    owner = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.action
