"""Pre-worked figures: raw counts the background worker works out ahead of the pages.

This is the insight app's only table, and it holds no personal data: counts of people by group
and quarter, never a person. Every figure in it is raw and passes through
`joinedup.disclosure` as a page shows it, so a change of the area's threshold applies at once.
"""

from django.db import models


class Figures(models.Model):
    """One set of figures (for example the needs analysis over five years for one ward)."""

    key = models.CharField(max_length=100, unique=True)
    #: What the figures were worked out from (the day and the state of the records, see
    #: `insight.figures.basis`): when it no longer matches, the figures are out of date.
    basis = models.CharField(max_length=200)
    worked_at = models.DateTimeField()
    seconds = models.FloatField(help_text="How long they took to work out.")
    data = models.JSONField()

    class Meta:
        verbose_name_plural = "figures"

    def __str__(self) -> str:
        return f"{self.key} ({self.worked_at:%Y-%m-%d %H:%M})"
