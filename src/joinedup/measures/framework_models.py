"""Outcome frameworks co-produced with the people served, which report themselves.

A framework belongs to a commissioner and lives in versions. A draft version is edited; a
published version never changes (contracts pay on its indicators, so what it said must stay
what it says): `save()` and `delete()` refuse here, and `framework_services` refuses before
that with a plain message. Editing a published framework makes a new draft copied from it.

Imported at the end of `measures.models`, so Django finds these models in the app.
"""

from django.conf import settings
from django.db import models

__all__ = [
    "CoproductionRecord",
    "Domain",
    "FrameworkVersion",
    "Indicator",
    "Outcome",
    "OutcomeFramework",
    "PublishedVersionError",
    "ServiceQuality",
]


class PublishedVersionError(Exception):
    """A published version, or anything in it, was about to change."""

    def __init__(self, version_number=None):
        which = f"Version {version_number}" if version_number else "This version"
        super().__init__(
            f"{which} is published, so it cannot change: make a new draft to edit the framework."
        )


class OutcomeFramework(models.Model):
    """A commissioner's outcomes framework; its content is in its versions."""

    name = models.CharField(max_length=200)
    commissioner = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="outcome_frameworks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(models.Model):
    """One version of a framework: the population it reports on and everything in it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Cohort(models.TextChoices):
        ON_LIST = "on_list", "Everyone on the by-name list"
        ACCEPTED = "accepted", "People the panel accepted"
        LOCALITY = "locality", "People living in a locality"
        CASELOAD = "caseload", "A service's caseload (people allocated a co-ordinator there)"

    framework = models.ForeignKey(
        OutcomeFramework, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.TextField(blank=True, help_text="What the framework is for, in plain words.")
    population = models.TextField(help_text="Who the framework is about, in plain words.")
    cohort = models.CharField(max_length=20, choices=Cohort.choices, default=Cohort.ON_LIST)
    cohort_locality = models.ForeignKey(
        "directory.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cohort_organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="one_framework_number")
        ]

    def __str__(self) -> str:
        return f"{self.framework} version {self.number}"

    def save(self, *args, **kwargs):
        # Publishing is the last change a version takes: once stored as published, no more.
        if self.pk and _stored_published(self.pk):
            raise PublishedVersionError(self.number)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and _stored_published(self.pk):
            raise PublishedVersionError(self.number)
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def cohort_words(self) -> str:
        if self.cohort == self.Cohort.LOCALITY and self.cohort_locality_id:
            return f"People living in {self.cohort_locality}"
        if self.cohort == self.Cohort.CASELOAD and self.cohort_organisation_id:
            return f"People allocated a co-ordinator at {self.cohort_organisation}"
        return self.get_cohort_display()


def _stored_published(version_id) -> bool:
    """As the database holds it, not as the object in hand says (which may be stale)."""
    return FrameworkVersion.objects.filter(
        pk=version_id, status=FrameworkVersion.Status.PUBLISHED
    ).exists()


class _PartOfVersion(models.Model):
    """Anything inside a version: frozen with it once it is published."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if _stored_published(self.version_id_of()):
            raise PublishedVersionError()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if _stored_published(self.version_id_of()):
            raise PublishedVersionError()
        return super().delete(*args, **kwargs)

    def version_id_of(self) -> int:
        raise NotImplementedError


class Domain(_PartOfVersion):
    """A part of life the outcomes cluster in (Lambeth used NEF's dynamic model of
    well-being: external conditions, personal resources, functioning)."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="domains")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def version_id_of(self) -> int:
        return self.version_id


class Outcome(_PartOfVersion):
    """A change the people served said matters, in their words where possible."""

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="outcomes")
    statement = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.statement

    def version_id_of(self) -> int:
        return Domain.objects.filter(pk=self.domain_id).values_list("version_id", flat=True)[0]


class Indicator(_PartOfVersion):
    """How the platform's own data shows an outcome: a kind from `measures.indicators` with its
    parameters, which way is better, and the period it is counted over."""

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Period(models.IntegerChoices):
        MONTH = 1, "Month"
        QUARTER = 3, "Quarter"
        HALF_YEAR = 6, "Half year"
        YEAR = 12, "Year"

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    period_months = models.PositiveSmallIntegerField(choices=Period.choices, default=Period.QUARTER)
    position = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def version_id_of(self) -> int:
        return Outcome.objects.filter(pk=self.outcome_id).values_list(
            "domain__version_id", flat=True
        )[0]


class ServiceQuality(_PartOfVersion):
    """How services should work, as the people served put it ("I tell my story once")."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="service_qualities"
    )
    statement = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "service qualities"

    def __str__(self) -> str:
        return self.statement

    def version_id_of(self) -> int:
        return self.version_id


class CoproductionRecord(_PartOfVersion):
    """How the framework was made with the people it is for: who took part (counts by group,
    never names), how, when, what changed because of them, and the rung of the ladder reached.

    The ladder is Think Local Act Personal's ladder of co-production, itself after Arnstein's
    ladder of citizen participation (1969); its lowest rungs (coercion, educating) are doing
    *to* people and are not offered here.
    """

    class Level(models.TextChoices):
        INFORMING = "informing", "Informing: people were told what had been decided"
        CONSULTING = "consulting", "Consulting: people were asked, and decisions made elsewhere"
        ENGAGING = "engaging", "Engaging: people were involved throughout, with less power"
        CO_DESIGNING = "co_designing", "Co-designing: people designed it with us"
        CO_PRODUCING = "co_producing", "Co-producing: an equal partnership, from start to end"

    class Method(models.TextChoices):
        WORKSHOPS = "workshops", "Workshops"
        INTERVIEWS = "interviews", "Interviews"
        SURVEY = "survey", "Survey"
        FOCUS_GROUPS = "focus_groups", "Focus groups"
        PEER_RESEARCH = "peer_research", "Peer research by people with lived experience"
        PANEL = "panel", "A standing lived-experience panel"
        OTHER = "other", "Another way"

    version = models.OneToOneField(
        FrameworkVersion, on_delete=models.CASCADE, related_name="coproduction"
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    methods = models.JSONField(default=list, help_text="Method values, from Method.")
    participants = models.JSONField(
        default=list, help_text='Counts by group, never names: [{"group": ..., "count": n}].'
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    what_changed = models.TextField(help_text="What changed in the framework because of them.")

    def __str__(self) -> str:
        return f"Co-production of {self.version}"

    def version_id_of(self) -> int:
        return self.version_id

    @property
    def level_name(self) -> str:
        return self.get_level_display().split(":")[0]

    @property
    def method_names(self) -> list[str]:
        names = dict(self.Method.choices)
        return [names.get(m, m) for m in self.methods]

    @property
    def people_taking_part(self) -> int:
        return sum(int(p["count"]) for p in self.participants)
