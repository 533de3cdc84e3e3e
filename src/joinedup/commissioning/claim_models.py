"""Claims and payments: what a provider asks to be paid for, the evidence the platform holds
for it, the commissioner's decision, and the money that moved."""

from decimal import Decimal

from django.conf import settings
from django.db import models

Money = dict(max_digits=14, decimal_places=2)

__all__ = ["Claim", "ClaimLine", "Payment"]


class Claim(models.Model):
    """A provider's claim for the outcomes of one period, assembled from the evidence."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Being put together"
        SUBMITTED = "submitted", "Waiting for the commissioner"
        QUERIED = "queried", "Queried"
        ACCEPTED = "accepted", "Accepted, to be paid"
        REJECTED = "rejected", "Rejected"
        PAID = "paid", "Paid"

    contract = models.ForeignKey(
        "commissioning.Contract", on_delete=models.CASCADE, related_name="claims"
    )
    party = models.ForeignKey(
        "commissioning.Party",
        on_delete=models.PROTECT,
        related_name="claims",
        help_text="The provider making the claim.",
    )
    period_start = models.DateField()
    period_end = models.DateField(help_text="The day after the period: periods are half-open.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True, help_text="Why it was queried or rejected.")

    class Meta:
        ordering = ["-period_start", "-id"]

    def __str__(self) -> str:
        return f"Claim {self.pk} on {self.contract.reference}"

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), Decimal("0"))


class ClaimLine(models.Model):
    """One outcome for one person, with the records that show it was achieved."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    outcome = models.ForeignKey(
        "commissioning.RateCardOutcome", on_delete=models.PROTECT, related_name="claim_lines"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    achieved_on = models.DateField()
    amount = models.DecimalField(**Money)
    #: The records that show it: [{"kind": "reading", "id": 12, "on": "2026-05-01",
    #: "organisation": "...", "words": "..."}]. Found by `evidence.find`, never typed.
    evidence = models.JSONField(default=list)

    class Meta:
        ordering = ["claim", "achieved_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "outcome", "person", "achieved_on"], name="one_line_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.outcome.name} on {self.achieved_on:%-d %B %Y}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence)


class Payment(models.Model):
    """Money paid to a provider under a contract."""

    class Kind(models.TextChoices):
        UPFRONT = "upfront", "Up-front payment"
        INSTALMENT = "instalment", "Instalment"
        OUTCOMES = "outcomes", "Outcome payment"

    contract = models.ForeignKey(
        "commissioning.Contract", on_delete=models.CASCADE, related_name="payments"
    )
    party = models.ForeignKey(
        "commissioning.Party", on_delete=models.PROTECT, related_name="payments"
    )
    claim = models.OneToOneField(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    paid_on = models.DateField()
    amount = models.DecimalField(**Money)
    reference = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["paid_on", "id"]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.paid_on:%-d %B %Y}"
