"""Service use: what each agency did for a person, when and how much.

Unit costs, baselines and savings by department build on these events.
"""

from django.db import models


class ServiceUseEvent(models.Model):
    """One kind of service used on one day: an arrest, three hostel nights, an ED attendance."""

    class Category(models.TextChoices):
        CRIMINAL_JUSTICE = "criminal_justice", "Criminal justice"
        HEALTH = "health", "Health"
        HOUSING = "housing", "Housing"
        SOCIAL_CARE = "social_care", "Social care"
        WELFARE = "welfare", "Welfare and employment"
        COMMUNITY = "community", "Community and voluntary"
        OTHER = "other", "Other"

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="service_use"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="service_use"
    )
    kind = models.CharField(max_length=60, help_text="For example arrest, hostel_night.")
    category = models.CharField(max_length=30, choices=Category.choices)
    occurred_on = models.DateField()
    quantity = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["occurred_on", "id"]
        indexes = [
            # Covers the cost analysis's read (`queries.windowed_use`: one person's use in their
            # windows, by kind), so the database answers it from the index alone.
            models.Index(
                fields=["person", "occurred_on", "kind", "quantity"],
                name="costs_use_person_window",
            ),
            models.Index(fields=["category", "occurred_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} x{self.quantity} on {self.occurred_on}"


class UploadedCohort(models.Model):
    """A list of people and start dates an analyst uploaded to analyse as a cohort.

    Only the uploading organisation's users may use it. Uploading the same file again gives
    back the same list (idempotent by the file's SHA-256 within the organisation).
    """

    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sha256"], name="one_upload_per_file")
        ]

    def __str__(self) -> str:
        return self.name


class UploadedCohortMember(models.Model):
    cohort = models.ForeignKey(UploadedCohort, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    start_date = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="once_per_uploaded_cohort")
        ]

    def __str__(self) -> str:
        return f"Person {self.person_id} from {self.start_date}"


# The unit cost register. Append-only: a change never updates or deletes a row, it writes a new
# `RegisterVersion` and the rows that version changed, so any earlier version can be rebuilt
# exactly (`joinedup.costs.register`). django-simple-history was not added: it keeps history
# per row, but an analysis needs one number for the whole register at a moment, and the
# choice of source per kind is part of that state; an append-only version table gives both.


class RegisterVersion(models.Model):
    """One change to the register: who, when, why. Numbered 1, 2, 3 ... with no gaps."""

    class Action(models.TextChoices):
        LOAD = "load", "Starter figures loaded"
        ADD = "add", "Source added"
        EDIT = "edit", "Entry edited"
        CHOOSE = "choose", "Source chosen"

    number = models.PositiveIntegerField(unique=True)
    made_at = models.DateTimeField(auto_now_add=True)
    made_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    kind = models.CharField(max_length=60, blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Register version {self.number}"


class UnitCostEntry(models.Model):
    """One source's unit cost for one kind, as written by one register version.

    `entry` numbers the entry across its edits; the row with the highest version at or below
    V is the entry as it stood at version V."""

    class Confidence(models.TextChoices):
        HIGH = "high", "High: read from the publisher's own table"
        MEDIUM = "medium", "Medium: a published figure, seen through a page quoting it"
        LOW = "low", "Low: a proxy for this item, or derived from a published figure"
        UNVERIFIED = "unverified", "Unverified: a placeholder; replace before relying on it"

    entry = models.PositiveIntegerField()
    version = models.ForeignKey(RegisterVersion, on_delete=models.PROTECT, related_name="rows")
    starter_key = models.CharField(max_length=80, blank=True)
    kind = models.CharField(max_length=60)
    unit = models.CharField(max_length=60, help_text="For example per arrest, per night.")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    price_year = models.PositiveSmallIntegerField(
        help_text="The financial year by its first year: 2023 means 2023-24."
    )
    department = models.CharField(max_length=30, choices=ServiceUseEvent.Category.choices)
    agency = models.CharField(max_length=120, blank=True)
    fiscal = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    economic = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    social = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    source = models.CharField(max_length=200)
    reference = models.TextField(help_text="Title, table and row.")
    url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=200)
    confidence = models.CharField(max_length=12, choices=Confidence.choices)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["entry", "version__number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="one_row_per_entry_version")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: £{self.value} {self.unit} ({self.source})"


class UnitCostChoice(models.Model):
    """The area's chosen entry for a kind, from `version` on (until a later choice)."""

    kind = models.CharField(max_length=60)
    entry = models.PositiveIntegerField()
    version = models.ForeignKey(RegisterVersion, on_delete=models.PROTECT, related_name="choices")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="one_choice_per_kind_version")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: entry {self.entry} from version {self.version_id}"
