"""The multi-agency panel: who sits on it, its meetings and the people on each agenda.

The front door, NDT scoring and decisions build on these; for now they carry the one rule
the access layer needs: a panel member sees the people on their panel's agenda.
"""

from django.db import models


class Panel(models.Model):
    """A multi-agency operational group that validates and prioritises referrals."""

    name = models.CharField(max_length=200, unique=True)
    host = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="panels_hosted"
    )
    organisations = models.ManyToManyField(
        "directory.Organisation",
        related_name="panels",
        help_text="Organisations with a seat on the panel.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PanelMeeting(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="meetings")
    meets_on = models.DateField()

    class Meta:
        ordering = ["meets_on"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "meets_on"], name="one_meeting_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.panel} on {self.meets_on:%d %B %Y}"


class AgendaItem(models.Model):
    """A person to be discussed at a meeting."""

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="items")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="agenda_items"
    )
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["meeting__meets_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="once_per_agenda")
        ]

    def __str__(self) -> str:
        return f"Agenda item {self.pk} of {self.meeting}"
