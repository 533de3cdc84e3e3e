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
            models.Index(fields=["person", "occurred_on"]),
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
