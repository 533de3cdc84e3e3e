"""The rest of the HSDS 3 objects: locations, service at location, addresses, contacts, phones,
schedules, programs, cost options, funding, taxonomies, terms and attributes; and the links
between organisations (supply chains, consortia, partnerships) that the ecosystem map draws.

Field names are the specification's, so that the API and the datapackage map one to one. Each
object has the UUID the specification asks for as its primary key; imports are idempotent by it.
Optional text is blank rather than null; the API leaves blank fields out.
"""

import uuid

from django.db import models


def _fk(model, related_name, **kwargs):
    return models.ForeignKey(
        model, null=True, blank=True, on_delete=models.CASCADE, related_name=related_name, **kwargs
    )


class Program(models.Model):
    """A collection of related services an organisation runs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(max_length=200)
    alternate_name = models.CharField(max_length=200, blank=True)
    description = models.TextField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A place (or a website, or a postal address) where services are delivered."""

    class Type(models.TextChoices):
        PHYSICAL = "physical", "Physical"
        POSTAL = "postal", "Postal"
        VIRTUAL = "virtual", "Virtual"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = _fk("directory.Organisation", "locations")
    location_type = models.CharField(max_length=10, choices=Type.choices, default=Type.PHYSICAL)
    url = models.URLField(blank=True)
    name = models.CharField(max_length=200, blank=True)
    alternate_name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    transportation = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=50, blank=True)
    #: Ours, not HSDS: the ward it is in, so coverage can be counted by place.
    locality = models.ForeignKey(
        "directory.Locality",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or str(self.id)


class Address(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField(max_length=200)
    address_2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100)
    postal_code = models.CharField(max_length=10)
    country = models.CharField(max_length=2, default="GB")
    address_type = models.CharField(
        max_length=10, choices=Location.Type.choices, default=Location.Type.PHYSICAL
    )

    class Meta:
        ordering = ["address_1"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return f"{self.address_1}, {self.postal_code}"


class ServiceAtLocation(models.Model):
    """Where a service is delivered: one row per service and place."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service__name", "location__name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="one_row_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Contact(models.Model):
    """A named contact (a role or a person at work) for an organisation, service or place."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = _fk("directory.Organisation", "contacts")
    service = _fk("directory.Service", "contacts")
    service_at_location = _fk(ServiceAtLocation, "contacts")
    location = _fk(Location, "contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name", "title"]

    def __str__(self) -> str:
        return self.name or self.title or str(self.id)


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = _fk(Location, "phones")
    service = _fk("directory.Service", "phones")
    organisation = _fk("directory.Organisation", "phones")
    contact = _fk(Contact, "phones")
    service_at_location = _fk(ServiceAtLocation, "phones")
    number = models.CharField(max_length=40)
    extension = models.PositiveIntegerField(null=True, blank=True)
    type = models.CharField(max_length=20, blank=True, help_text="voice, text, fax, cell ...")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """When a service or place is open, as an RFC 5545 recurrence rule (weekly or monthly)."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = _fk("directory.Service", "schedules")
    location = _fk(Location, "schedules")
    service_at_location = _fk(ServiceAtLocation, "schedules")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.FloatField(null=True, blank=True, help_text="Offset from UTC in hours.")
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True)
    freq = models.CharField(max_length=7, choices=Freq.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=40, blank=True, help_text="For example MO,WE or 2MO.")
    byweekno = models.CharField(max_length=40, blank=True)
    bymonthday = models.CharField(max_length=40, blank=True)
    byyearday = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.URLField(blank=True)
    attending_type = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["byday", "opens_at"]

    def __str__(self) -> str:
        return self.description or f"{self.freq} {self.byday}".strip()


class CostOption(models.Model):
    """What using a service costs the person; amounts in pounds as the UK profile expects."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="cost_options"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(max_length=200, blank=True)
    currency = models.CharField(max_length=3, default="GBP")
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["option"]

    def __str__(self) -> str:
        return f"{self.option} {self.amount} {self.currency}".strip()


class Funding(models.Model):
    """Where an organisation's or a service's money comes from. None recorded: unfunded."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = _fk("directory.Organisation", "funding")
    service = _fk("directory.Service", "funding")
    source = models.TextField()

    class Meta:
        ordering = ["source"]

    def __str__(self) -> str:
        return self.source


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(
        Taxonomy, null=True, blank=True, on_delete=models.CASCADE, related_name="terms"
    )
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    language = models.CharField(max_length=3, blank=True)
    term_uri = models.URLField(blank=True)

    class Meta:
        ordering = ["taxonomy__name", "name"]

    def __str__(self) -> str:
        return self.name


class Attribute(models.Model):
    """A taxonomy term applied to a service, an organisation or a location.

    HSDS links by `link_id` and `link_entity`; we keep a foreign key per entity instead, so
    reads prefetch in one query and a deleted service takes its attributes with it.
    """

    class Entity(models.TextChoices):
        SERVICE = "service", "Service"
        ORGANIZATION = "organization", "Organization"
        LOCATION = "location", "Location"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    link_entity = models.CharField(max_length=20, choices=Entity.choices)
    service = _fk("directory.Service", "attributes")
    organisation = _fk("directory.Organisation", "attributes")
    location = _fk(Location, "attributes")
    link_type = models.CharField(max_length=50, blank=True)
    value = models.CharField(max_length=200, blank=True)
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["taxonomy_term__name"]

    def __str__(self) -> str:
        return f"{self.link_entity}: {self.taxonomy_term}"

    @property
    def link_id(self):
        target = {"service": self.service, "organization": self.organisation}.get(
            self.link_entity, self.location
        )
        return target.hsds_id if hasattr(target, "hsds_id") else target.pk


class OrganisationLink(models.Model):
    """A tie between two organisations that no caseload shows: a contract chain, a consortium,
    a partnership. One of the ecosystem map's edge sources (see `directory.network`)."""

    class Kind(models.TextChoices):
        SUBCONTRACT = "subcontract", "Subcontract (supply chain)"
        CONSORTIUM = "consortium", "Consortium"
        PARTNERSHIP = "partnership", "Partnership"

    organisation_a = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="links_out"
    )
    organisation_b = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    started = models.DateField(null=True, blank=True)
    ended = models.DateField(null=True, blank=True, help_text="Blank while it lasts.")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["organisation_a__name", "organisation_b__name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(organisation_a=models.F("organisation_b")),
                name="link_between_two_organisations",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_a} and {self.organisation_b} ({self.get_kind_display()})"
