"""Organisations of the local system: who works with people, who commissions, who is unfunded.

The directory follows the Open Referral Human Services Data Specification (HSDS) 3: the
Organisation and Service here are HSDS organizations and services (with an `hsds_id`, the UUID
the specification asks for); the other HSDS objects are in `hsds_models.py`. Community assets
(groups, volunteers, places) are services like any other, marked by a term of the community
assets taxonomy, funded or not.
"""

import uuid

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

    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    alternate_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    legal_status = models.CharField(max_length=100, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(null=True, blank=True)
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
    # Optimistic locking: an edit names the version it started from (joinedup.versioned).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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
    boundary = models.JSONField(
        null=True, blank=True, help_text="A GeoJSON Polygon (longitude, latitude), for maps."
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
        # The HSDS codes; the labels are ours.
        ACTIVE = "active", "Running"
        INACTIVE = "inactive", "Not running"
        DEFUNCT = "defunct", "Closed for good"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services"
    )
    program = models.ForeignKey(
        "directory.Program",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
    )
    name = models.CharField(max_length=200)
    alternate_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    domains = models.JSONField(
        default=list,
        blank=True,
        help_text="Needs it responds to: the codes of its terms in the needs taxonomy.",
    )
    locality = models.ForeignKey(
        Locality, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    interpretation_services = models.TextField(blank=True)
    application_process = models.TextField(blank=True)
    fees_description = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    eligibility_description = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    alert = models.TextField(blank=True)
    # Optimistic locking: an edit names the version it started from (joinedup.versioned).
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return self.name


from joinedup.directory.hsds_models import (  # noqa: E402  (registered with the app)
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Location,
    OrganisationLink,
    Phone,
    Program,
    Schedule,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

__all__ = [
    "Address",
    "Attribute",
    "Contact",
    "CostOption",
    "Funding",
    "Locality",
    "Location",
    "Organisation",
    "OrganisationLink",
    "Phone",
    "Program",
    "Schedule",
    "Service",
    "ServiceAtLocation",
    "Taxonomy",
    "TaxonomyTerm",
]
