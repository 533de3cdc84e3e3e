"""Organisations of the local system: who works with people, who commissions, who is unfunded."""

from django.db import models


class Organisation(models.Model):
    """A body in the local system: public, private or social, funded or not."""

    class Kind(models.TextChoices):
        COUNCIL_DEPARTMENT = "council_department", "Council department"
        NHS_TRUST = "nhs_trust", "NHS trust"
        GP_PRACTICE = "gp_practice", "GP practice"
        POLICE = "police", "Police"
        PROBATION = "probation", "Probation"
        DRUG_ALCOHOL_SERVICE = "drug_alcohol_service", "Drug and alcohol service"
        HOUSING_PROVIDER = "housing_provider", "Housing provider"
        CHARITY = "charity", "Charity"
        COMMUNITY_GROUP = "community_group", "Community group"
        JOBCENTRE = "jobcentre", "Jobcentre"
        OTHER = "other", "Other"

    class Sector(models.TextChoices):
        PUBLIC = "public", "Public"
        PRIVATE = "private", "Private"
        SOCIAL = "social", "Social (voluntary and community)"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    commissions = models.BooleanField(
        default=False, help_text="Whether this organisation commissions services."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
