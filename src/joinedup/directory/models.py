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
    locality = models.ForeignKey(
        "directory.Locality",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        help_text="Where it is based.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Locality(models.Model):
    """A ward or neighbourhood: where people live and services are, with its deprivation."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=100)
    population = models.PositiveIntegerField(help_text="Adults aged 18 to 64.")
    deprivation_decile = models.PositiveSmallIntegerField(
        help_text="1 is the most deprived tenth of areas in England, 10 the least."
    )
    postcode_district = models.CharField(
        max_length=8, blank=True, help_text="The outward code, for example RV1."
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """Something an organisation offers, where, and for which needs.

    The fields follow the Open Referral (HSDS) service where they overlap; the full directory
    builds on this.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "Running"
        INACTIVE = "inactive", "Not running"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    domains = models.JSONField(default=list, blank=True, help_text="Needs it responds to.")
    locality = models.ForeignKey(
        Locality, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return self.name
