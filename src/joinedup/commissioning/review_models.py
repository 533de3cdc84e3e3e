"""Reviews that learn and decisions that remember people: learning reviews in the provider's
and the people's words, review decisions with the evidence they rested on, and joint funding
for one person across several budgets."""

from django.conf import settings
from django.db import models

Money = dict(max_digits=14, decimal_places=2)

__all__ = ["LearningReview", "ReviewDecision", "JointFundingRequest", "Approval"]


class LearningReview(models.Model):
    """A periodic review of what the work is learning: a learning partnership's accountability
    instead of targets, and part of every contract's monitoring."""

    contract = models.ForeignKey(
        "commissioning.Contract", on_delete=models.CASCADE, related_name="learning_reviews"
    )
    held_on = models.DateField()
    provider_words = models.TextField(help_text="What the provider has learnt, in its words.")
    people_words = models.TextField(
        blank=True, help_text="What the people it supports say, in their words."
    )
    system_issues = models.ManyToManyField(
        "assessment.SystemIssue", blank=True, related_name="learning_reviews"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Learning review on {self.held_on:%-d %B %Y}"


class ReviewDecision(models.Model):
    """Continue, vary, decommission or re-tender, with a snapshot of the evidence it rested on
    taken when it was made, so the decision can be read later as it was seen then."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Continue"
        VARY = "vary", "Vary the contract"
        DECOMMISSION = "decommission", "Decommission"
        RETENDER = "retender", "Re-tender"

    #: Decisions that end the service as it is: people need a transition plan.
    ENDING = {Decision.DECOMMISSION, Decision.RETENDER}

    contract = models.ForeignKey(
        "commissioning.Contract", on_delete=models.CASCADE, related_name="decisions"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reasons = models.TextField()
    transition_plan = models.TextField(
        blank=True, help_text="How the people the service supports will be looked after."
    )
    people_supported = models.PositiveIntegerField(
        help_text="How many people the service supported when the decision was made."
    )
    evidence = models.JSONField(default=dict)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision__in=["decommission", "retender"])
                | ~models.Q(transition_plan=""),
                name="ending_needs_a_transition_plan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} on {self.decided_on:%-d %B %Y}"


class JointFundingRequest(models.Model):
    """Help for one person that needs several budgets (residential rehab for a mother with her
    children: substance misuse, children's and adult social care). Budget holders see the case
    as the co-ordinator summarised it, never the person's record."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The organisation asking.",
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="The case for budget holders, with no name in it.")
    amount = models.DecimalField(**Money)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return self.title


class Approval(models.Model):
    """One budget holder's part of a joint-funding request, and how long it took them."""

    class Answer(models.TextChoices):
        WAITING = "waiting", "Waiting"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    request = models.ForeignKey(
        JointFundingRequest, on_delete=models.CASCADE, related_name="approvals"
    )
    budget_holder = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(**Money, help_text="Its share of the cost.")
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.WAITING)
    reason = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["budget_holder__name"]
        constraints = [
            models.UniqueConstraint(fields=["request", "budget_holder"], name="one_approval_each")
        ]

    def __str__(self) -> str:
        return f"{self.budget_holder}: {self.get_answer_display()}"
