"""Tenders: the published pipeline of coming work, bids that reuse a provider's profile, and
evaluation that weighs price, quality and social value with weights stated before anyone bids
(the Public Services (Social Value) Act 2012), each evaluator's scores and the moderated result
that counts, and open-book costs where the tender asks for them.

The scoring maths is in `tender_scoring`; the rules of who may do what in `tender_access`;
the steps (publish, bid, score, moderate, award) in `tenders`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

Money = dict(max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
Weight = dict(validators=[MaxValueValidator(100)])

#: The scale each evaluator scores an answer on (the usual one in UK public procurement).
SCORES = [
    (0, "0: no answer, or it does not meet the requirement"),
    (1, "1: poor, with serious gaps"),
    (2, "2: weak, with some gaps"),
    (3, "3: satisfactory, meets the requirement"),
    (4, "4: good, meets it with some added value"),
    (5, "5: excellent, meets it in full with real added value"),
]
TOP_SCORE = 5

__all__ = [
    "Tender",
    "Criterion",
    "TenderEvaluator",
    "Bid",
    "BidAnswer",
    "CostLine",
    "EvaluatorScore",
    "Moderation",
    "ModeratedScore",
]


class Tender(models.Model):
    """A piece of work a commissioner will buy, announced before it opens so that providers,
    small ones above all, have time to prepare or to form a consortium."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Coming"
        OPEN = "open", "Open for bids"
        EVALUATING = "evaluating", "Being evaluated"
        AWARDED = "awarded", "Awarded"
        CANCELLED = "cancelled", "Cancelled"

    title = models.CharField(max_length=200)
    commissioner = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="tenders"
    )
    exercise = models.ForeignKey(
        "commissioning.Exercise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tenders",
    )
    description = models.TextField(help_text="What is being bought, for whom, and why.")
    estimated_value = models.DecimalField(**Money, help_text="Over the whole contract term.")
    publish_on = models.DateField(help_text="When it opens for bids.")
    closes_on = models.DateField(help_text="The last day bids are taken.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    price_weight = models.PositiveSmallIntegerField(**Weight)
    quality_weight = models.PositiveSmallIntegerField(**Weight)
    social_value_weight = models.PositiveSmallIntegerField(**Weight)
    open_book = models.BooleanField(
        default=False, help_text="Bids must show the full cost of delivery, line by line."
    )
    open_book_reason = models.TextField(blank=True, help_text="Why the tender asks for it.")
    published_at = models.DateTimeField(null=True, blank=True)
    awarded_bid = models.OneToOneField(
        "commissioning.Bid", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True, help_text="Why it was awarded or cancelled.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["closes_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    price_weight=models.F("quality_weight") * -1
                    - models.F("social_value_weight")
                    + 100
                ),
                name="tender_weights_add_up_to_100",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("publish_on")),
                name="tender_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def weights(self) -> dict[str, int]:
        return {
            Criterion.Part.QUALITY: self.quality_weight,
            Criterion.Part.SOCIAL_VALUE: self.social_value_weight,
        }

    @property
    def is_coming(self) -> bool:
        return self.status in {self.Status.PLANNED, self.Status.OPEN}


class Criterion(models.Model):
    """A question bids answer, scored 0 to 5, with its weight within its part (quality or
    social value): the weights of each part's questions add up to 100."""

    class Part(models.TextChoices):
        QUALITY = "quality", "Quality"
        SOCIAL_VALUE = "social_value", "Social value"

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="criteria")
    part = models.CharField(max_length=20, choices=Part.choices, default=Part.QUALITY)
    question = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, help_text="What a good answer shows.")
    weight = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Its share of its part, out of 100.",
    )
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["tender", "part", "position", "id"]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return self.question


class TenderEvaluator(models.Model):
    """Someone the tender's commissioners asked to score the bids. They never score a bid from
    an organisation they belong to."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="evaluators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tender_evaluations"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tender", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "user"], name="one_appointment_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.tender}"


class Bid(models.Model):
    """One provider's bid. Its profile is copied in when it is submitted, so a later edit of
    the profile does not change what was bid; nothing of it changes after the closing date."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="bids")
    provider = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="bids"
    )
    price = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="The whole price over the contract term.",
    )
    profile = models.ForeignKey(
        "commissioning.ProviderProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bids",
    )
    #: The profile as it was when the bid was last submitted (see `tenders.snapshot`).
    profile_snapshot = models.JSONField(default=dict)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["tender", "provider__name"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "provider"], name="one_bid_each"),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="bid_price_above_0"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} for {self.tender}"

    @property
    def full_cost(self) -> Decimal | None:
        """The open-book cost of delivery, if the bid gave one."""
        lines = list(self.cost_lines.all())
        return sum((line.amount for line in lines), Decimal("0")) if lines else None


class BidAnswer(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField()

    class Meta:
        ordering = ["bid", "criterion__part", "criterion__position", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["bid", "criterion"], name="one_answer_each")]

    def __str__(self) -> str:
        return f"Answer to {self.criterion}"


class CostLine(models.Model):
    """Open book: one line of what delivering the contract costs the provider in full, so the
    cost of serving the most marginalised people is discussed in the open."""

    class Category(models.TextChoices):
        FRONT_LINE = "front_line", "Front-line staff"
        SUPERVISION = "supervision", "Management, supervision and clinical support"
        VOLUNTEERS = "volunteers", "Volunteers and peer mentors"
        PREMISES = "premises", "Premises"
        DIRECT = "direct", "Direct costs for people (travel, personal budgets, deposits)"
        OVERHEADS = "overheads", "Central costs and overheads"
        OTHER = "other", "Other costs"

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="cost_lines")
    category = models.CharField(max_length=20, choices=Category.choices)
    amount = models.DecimalField(**Money)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["bid", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "category"], name="one_cost_line_each")
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: £{self.amount}"


class EvaluatorScore(models.Model):
    """One evaluator's score for one bid's answer to one question, with why."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tender_scores"
    )
    score = models.PositiveSmallIntegerField(choices=SCORES)
    comment = models.TextField()
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["bid", "criterion__part", "criterion__position", "evaluator__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "criterion", "evaluator"], name="one_score_each"
            ),
            models.CheckConstraint(condition=models.Q(score__lte=5), name="score_0_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator}: {self.score} for {self.criterion}"


class Moderation(models.Model):
    """The evaluators' scores for one bid agreed into the result that counts, with reasons."""

    bid = models.OneToOneField(Bid, on_delete=models.CASCADE, related_name="moderation")
    reasons = models.TextField()
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Moderated result for {self.bid}"


class ModeratedScore(models.Model):
    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="moderated_scores"
    )
    score = models.PositiveSmallIntegerField(choices=SCORES)

    class Meta:
        ordering = ["moderation", "criterion__part", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["moderation", "criterion"], name="one_moderated_score_each"
            ),
            models.CheckConstraint(condition=models.Q(score__lte=5), name="moderated_score_0_to_5"),
        ]

    def __str__(self) -> str:
        return f"Moderated: {self.score} for {self.criterion}"
