"""Instruments as data (the NDT assessment first) and the scores people are given over time."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Instrument(models.Model):
    key = models.SlugField(max_length=50)
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=200)
    copyright = models.TextField(blank=True)
    higher_is = models.CharField(max_length=50, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="one_instrument_version")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def maximum(self) -> int:
        return sum(max(item.scores) for item in self.items.all())


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
    """One completed instrument for one person, by one worker, on one day."""

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

    class Meta:
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.total} on {self.assessed_on}"


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_score_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.value}"


from joinedup.measures.framework_models import *  # noqa: E402, F403 (outcome frameworks)
