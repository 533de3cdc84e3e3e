"""The access log: who saw which person's record, when, acting as whom, and why."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from joinedup.accounts.roles import Role


class AccessLog(models.Model):
    """One read (or refused read) of personal data. Rows are never edited or deleted: the
    database refuses it (triggers, migration 0004), except detaching `person` when a record is
    deleted, since `person_ref` keeps the number. So who read and for which organisation are
    protected: a user or organisation with entries is kept (deactivated), never deleted."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed a record"
        LIST = "list", "Saw in a list"
        EXPORT = "export", "Exported"
        CHANGE = "change", "Changed"
        UNSCOPED = "unscoped", "Read outside the usual rules"
        OVERRIDE = "override", "Shared beyond consent, by override"

    # Set as the row is written (a default, not auto_now_add, so that a test can write an
    # entry as of a given time: rows cannot be edited afterwards).
    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_logs",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(max_length=30, blank=True)
    # The person is kept as a plain id too, so the log survives the record's deletion (a held
    # referral's record joining a known one): the one change the triggers let through.
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_logs",
    )
    person_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    granted = models.BooleanField(default=True)
    purpose = models.CharField(max_length=200)
    route = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["person_ref", "-at"]),
            # The search's orders and filters: refused first, newest first; by user, by
            # organisation, each within dates (benchmarks/audit.py times them on 1M rows).
            models.Index(fields=["granted", "-at", "-id"], name="audit_refused_first"),
            models.Index(fields=["user", "-at"], name="audit_user_at"),
            models.Index(fields=["organisation", "-at"], name="audit_organisation_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} person {self.person_ref}"

    @property
    def role_label(self) -> str:
        """The role in the reader's words ("Panel member", not its code)."""
        return Role(self.role).label if self.role in Role.values else self.role
