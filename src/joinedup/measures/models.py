"""Instruments as data (the NDT, journey of change, wellbeing, satisfaction...) and the
readings people are given over time. The scoring rules live in `Instrument.definition` (the
validated data file) and are applied by `measures.scoring`: never code per instrument."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Instrument(models.Model):
    key = models.SlugField(max_length=50)
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=200)
    copyright = models.TextField(blank=True)
    higher_is = models.CharField(max_length=50, blank=True, help_text='"better" or "worse".')
    #: The reliable-change threshold of the headline score, where one is published.
    reliable_change = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    #: The whole data file, validated: items, scoring rules, sub-scales, conversion table.
    definition = models.JSONField(default=dict)
    #: The wording an area is licensed for (uploaded by an administrator), by item code.
    wording = models.JSONField(default=dict, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="one_instrument_version")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def maximum(self) -> int:
        return sum(max(item.scores) for item in self.items.all())

    @property
    def licensed(self) -> bool:
        return self.definition.get("wording") == "licensed"

    @property
    def higher_means(self) -> str:
        return self.definition.get("higher_means", self.higher_is)

    def title_of(self, item) -> str:
        """The item's title in the area's licensed wording where uploaded, else our own."""
        return self.wording.get("items", {}).get(item.code, {}).get("title") or item.title

    def pairs_of(self, item) -> list[tuple[int, str]]:
        anchors = self.wording.get("items", {}).get(item.code, {}).get("anchors") or item.anchors
        return list(zip(item.scores, anchors, strict=True))


class Item(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    scores = models.JSONField(help_text="The allowed scores, lowest first.")
    anchors = models.JSONField(help_text="What each score means, in plain words.")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="one_item_code")]

    def __str__(self) -> str:
        return self.title

    @property
    def pairs(self) -> list[tuple[int, str]]:
        return list(zip(self.scores, self.anchors, strict=True))


class Assessment(models.Model):
    """One reading of an instrument for one person, on one day: by the person, their worker,
    or both together. `total` is the raw weighted sum of the answered items; `score` is the
    headline after the file's missing-item rule, conversion table and rounding (None when the
    rule says it cannot be scored). Both use the agreed view (see `Score.View`)."""

    class CompletedBy(models.TextChoices):
        PERSON = "person", "The person"
        WORKER = "worker", "The worker"
        TOGETHER = "together", "The person and the worker together"

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="assessments"
    )
    assessed_on = models.DateField(default=timezone.localdate)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    total = models.PositiveIntegerField()
    score = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    #: Why there is no score, when the missing-item rule refused one.
    unscored_because = models.CharField(max_length=200, blank=True)
    #: Each sub-scale's score by code, as text ("12.50"), or null when it cannot be scored.
    subscale_scores = models.JSONField(default=dict, blank=True)
    completed_by = models.CharField(
        max_length=10, choices=CompletedBy.choices, default=CompletedBy.WORKER
    )

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.total} on {self.assessed_on}"


class Score(models.Model):
    """One item's answer. The agreed view is the reading itself (the worker's where the
    person and worker differ, or the person's own when they record alone); where the person
    sees an item differently, their view is kept beside it and shown side by side."""

    class View(models.TextChoices):
        AGREED = "agreed", "Agreed (or the worker's view)"
        PERSON = "person", "The person's own view"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField()
    view = models.CharField(max_length=10, choices=View.choices, default=View.AGREED)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item", "view"], name="one_score_per_item_view"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.value}"


class ExternalReading(models.Model):
    """A reading from a tool practitioners already use (an Outcomes Star, say), imported as
    the tool's name, the area's code, the date and the score: never the tool's wording."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="external_readings"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    tool = models.CharField(max_length=100)
    area_code = models.CharField(max_length=50)
    read_on = models.DateField()
    score = models.DecimalField(max_digits=9, decimal_places=2)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["tool", "area_code", "read_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "tool", "area_code", "read_on"],
                name="one_external_reading",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tool} {self.area_code} {self.score} on {self.read_on}"


from joinedup.measures.framework_models import *  # noqa: E402, F403 (outcome frameworks)
