"""Commissioning: who pays for what, on which terms, and what it bought.

Budgets and contracts are the area's business records, not personal data; a claim's lines name
people and are read through the access layer (see `claim_models`). Money is `Decimal` in
pounds to the penny everywhere; shares are fractions (0.25 is a quarter).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from joinedup.commissioning import terms

Money = dict(max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
Share = dict(
    max_digits=5,
    decimal_places=4,
    validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
)


class ProviderProfile(models.Model):
    """What a provider says about itself once and reuses across bids: its size decides how
    much risk it can carry."""

    organisation = models.OneToOneField(
        "directory.Organisation", on_delete=models.CASCADE, related_name="provider_profile"
    )
    annual_income = models.DecimalField(**Money, help_text="Total income in its last accounts.")
    accounts_year = models.PositiveSmallIntegerField(help_text="The year those accounts end.")
    staff = models.PositiveIntegerField(null=True, blank=True)
    summary = models.TextField(blank=True, help_text="What it does and for whom, in its words.")
    social_value = models.TextField(blank=True, help_text="What it adds beyond the contract.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.organisation} ({self.size})"

    @property
    def size(self) -> str:
        return terms.size_band(self.annual_income)

    @property
    def is_small(self) -> bool:
        return terms.is_small(self.annual_income)


class PooledBudget(models.Model):
    """Several commissioners' money behind one purpose, decided by one body (South Tyneside:
    housing, children's services and adult social care behind one consortium)."""

    name = models.CharField(max_length=200, unique=True)
    purpose = models.TextField(help_text="What the pool pays for.")
    governance = models.TextField(help_text="Who decides how it is spent, and how.")
    host = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="hosted_pools",
        help_text="The commissioner that holds the money.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contribution(models.Model):
    """One commissioner's money into a pool for one financial year (April to March)."""

    budget = models.ForeignKey(PooledBudget, on_delete=models.CASCADE, related_name="contributions")
    commissioner = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="contributions"
    )
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")
    amount = models.DecimalField(**Money)

    class Meta:
        ordering = ["year", "commissioner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "commissioner", "year"], name="one_contribution_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commissioner}: £{self.amount} in {terms.year_label(self.year)}"


class Exercise(models.Model):
    """One turn of the commissioning cycle: analyse, plan, do, review."""

    name = models.CharField(max_length=200, unique=True)
    commissioner = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="exercises"
    )
    budget = models.ForeignKey(
        PooledBudget, null=True, blank=True, on_delete=models.SET_NULL, related_name="exercises"
    )
    needs = models.TextField(
        blank=True, help_text="Analyse: what the needs evidence says, and where it is from."
    )
    needs_period = models.CharField(max_length=100, blank=True)
    framework = models.ForeignKey(
        "measures.FrameworkVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exercises",
        help_text="Plan: the outcome framework version the contracts will answer to.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contract(models.Model):
    """What a commissioner buys from a provider or a consortium, and how it pays."""

    Mechanism = terms.Mechanism

    class Status(models.TextChoices):
        DRAFT = "draft", "Being drawn up"
        LIVE = "live", "Running"
        ENDED = "ended", "Ended"
        DECOMMISSIONED = "decommissioned", "Decommissioned"

    class Delivery(models.TextChoices):
        SINGLE = "single", "One provider"
        PRIME = "prime", "A prime provider with sub-contractors"
        CONSORTIUM = "consortium", "A consortium with a lead member"

    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    commissioner = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="contracts_let"
    )
    budget = models.ForeignKey(
        PooledBudget, null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    exercise = models.ForeignKey(
        Exercise, null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts"
    )
    service = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
        help_text="The service in the directory it pays for; its caseload is the cohort.",
    )
    mechanism = models.CharField(max_length=20, choices=Mechanism.choices)
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.SINGLE)
    agreement = models.TextField(
        blank=True, help_text="A consortium's agreement: who leads, who does what."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The last day of the term.")
    value = models.DecimalField(**Money, help_text="Most it can pay over the whole term.")
    upfront = models.DecimalField(**Money, default=Decimal("0"), help_text="Paid at the start.")
    payment_lag_months = models.PositiveSmallIntegerField(
        default=1, help_text="Months from an outcome to its payment, as agreed."
    )
    outcome_cap = models.DecimalField(
        **Money, null=True, blank=True, help_text="Most the rate card can pay in all."
    )
    monthly_cost = models.DecimalField(
        **Money,
        null=True,
        blank=True,
        help_text="Open book: what delivering it costs the provider each month, in full.",
    )
    max_share_at_risk = models.DecimalField(
        **Share,
        null=True,
        blank=True,
        help_text="Most of any provider's income from it that may ride on outcomes. "
        "Empty: the area's setting.",
    )
    investor = models.CharField(max_length=200, blank=True, help_text="Social impact bond.")
    outcome_payer = models.CharField(max_length=200, blank=True, help_text="Social impact bond.")
    purposes = models.TextField(
        blank=True, help_text="Learning partnership: the purposes agreed instead of targets."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def months(self) -> int:
        return terms.months_between(self.starts_on, self.ends_on)

    @property
    def risk_cap(self) -> Decimal:
        return terms.risk_cap(self.max_share_at_risk)


class Party(models.Model):
    """A provider in a contract's supply chain, with its share of the value and of the risk."""

    class Tier(models.TextChoices):
        PRIME = "prime", "Prime or lead provider"
        SUB = "sub", "Sub-contractor"
        MEMBER = "member", "Consortium member"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="contract_parts"
    )
    tier = models.CharField(max_length=10, choices=Tier.choices)
    value = models.DecimalField(**Money, help_text="Its share of the contract's value.")
    at_risk = models.DecimalField(
        **Money, default=Decimal("0"), help_text="How much of that is paid only on outcomes."
    )
    work = models.TextField(blank=True, help_text="What it does in the contract.")

    class Meta:
        ordering = ["contract", "tier", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "organisation"], name="one_part_each"),
            models.CheckConstraint(
                condition=models.Q(at_risk__lte=models.F("value")), name="risk_within_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_tier_display()})"

    @property
    def share_at_risk(self) -> Decimal:
        return terms.share(self.at_risk, self.value)


class BreakClause(models.Model):
    """A date the contract may be ended early, with the notice it needs and a reminder."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="breaks")
    on = models.DateField()
    notice_days = models.PositiveSmallIntegerField(default=90)
    remind_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days before the notice must be given to remind the commissioner."
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["on"]

    def __str__(self) -> str:
        return f"Break on {self.on:%-d %B %Y}"

    @property
    def notice_by(self):
        return terms.notice_by(self.on, self.notice_days)

    @property
    def remind_from(self):
        return terms.remind_from(self.on, self.notice_days, self.remind_days)


class RateCardOutcome(models.Model):
    """An outcome the contract pays for, defined on an indicator of an outcome framework
    version, so its evidence is found in the platform's own records."""

    class Stage(models.TextChoices):
        INTERIM = "interim", "Interim"
        FINAL = "final", "Final"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="rate_card")
    name = models.CharField(max_length=200)
    indicator = models.ForeignKey(
        "measures.Indicator", on_delete=models.PROTECT, related_name="rate_card_outcomes"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.FINAL)
    price = models.DecimalField(**Money)
    per_person = models.PositiveSmallIntegerField(
        default=1, help_text="How many times it may be paid for one person."
    )
    expected = models.PositiveIntegerField(
        default=0, help_text="How many the contract expects over its term (for cash flow)."
    )
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["contract", "position", "id"]

    def __str__(self) -> str:
        return f"{self.name} (£{self.price})"


from joinedup.commissioning.claim_models import *  # noqa: E402,F403
from joinedup.commissioning.review_models import *  # noqa: E402,F403
from joinedup.commissioning.tender_models import *  # noqa: E402,F403
