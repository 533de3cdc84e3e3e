"""The single front door: referrals, the tell-it-once profile, the multi-agency panel and its
decisions, allocation to a co-ordinator, and the by-name list.

A panel member sees the people on their panel's agenda (registered with the access layer);
everyone else sees a referral only through the sharing ledger.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


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
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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
    referral = models.ForeignKey(
        "Referral", null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_items"
    )
    stuck_case = models.ForeignKey(
        "StuckCase", null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_items"
    )

    class Meta:
        ordering = ["meeting__meets_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="once_per_agenda")
        ]

    def __str__(self) -> str:
        return f"Agenda item {self.pk} of {self.meeting}"


class Need(models.TextChoices):
    """The domains of multiple disadvantage a referral names."""

    HOMELESSNESS = "homelessness", "Homelessness or housing"
    SUBSTANCE_MISUSE = "substance_misuse", "Drug or alcohol use"
    OFFENDING = "offending", "Offending"
    MENTAL_HEALTH = "mental_health", "Mental health"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"


class ProfileVersion(models.Model):
    """One version of the tell-it-once profile: the person's story, written with them.

    Every later referral reuses the current version instead of asking again; a change makes a
    new version, so each organisation can be shown exactly what it received.
    """

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="profile_versions"
    )
    number = models.PositiveIntegerField()
    what_is_happening = models.TextField()
    what_matters = models.TextField(help_text="In the person's own words.")
    written_with_person = models.BooleanField(default=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["person", "number"], name="one_profile_number")
        ]

    def __str__(self) -> str:
        return f"Profile version {self.number}"


#: The person's details a referral carries (the form's identity fields; a held record's).
IDENTITY_FIELDS = (
    "first_name",
    "last_name",
    "known_as",
    "date_of_birth",
    "sex",
    "ethnicity",
    "disability",
    "postcode",
    "nhs_number",
)


class Referral(models.Model):
    """A referral through the single front door, from a member organisation or the person."""

    class Status(models.TextChoices):
        AWAITING_PANEL = "awaiting_panel", "Awaiting panel"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        DEFERRED = "deferred", "Deferred"
        REFERRED_ELSEWHERE = "referred_elsewhere", "Referred elsewhere"
        JOINED = "joined", "Joined an earlier referral"
        # The details match someone already known whose record the referrer cannot see: the
        # front door checks the match before anything joins that record.
        HELD = "held", "Received: the front door is checking it"

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="referrals")
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="referrals")
    received_at = models.DateTimeField(default=timezone.now)
    self_referral = models.BooleanField(default=False)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referring_organisation = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_made",
    )
    profile = models.ForeignKey(ProfileVersion, on_delete=models.PROTECT, related_name="+")
    needs = models.JSONField(default=list, help_text="Domains of need the referrer names.")
    contact_by = models.CharField(
        max_length=200, blank=True, help_text="How the person would like to be contacted."
    )
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.AWAITING_PANEL)
    #: A second referral for someone already awaiting the panel joins the first.
    joins = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="joined_by"
    )
    possible_match = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The known person a held referral's details match, until the front door checks.",
    )
    match_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    match_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        return f"Referral {self.pk}"

    @property
    def need_labels(self) -> list[str]:
        labels = dict(Need.choices)
        return [labels.get(n, n) for n in self.needs]

    @property
    def source(self) -> str:
        if self.self_referral:
            return "Self-referral"
        return str(self.referring_organisation or "Unknown")


class ReferralShare(models.Model):
    """The referral went to an organisation, covered by a sharing-ledger line, or by override."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="referrals_received"
    )
    consent = models.ForeignKey(
        "people.Consent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    profile = models.ForeignKey(ProfileVersion, on_delete=models.PROTECT, related_name="receipts")
    shared_at = models.DateTimeField(default=timezone.now)
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["shared_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "organisation"], name="share_referral_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"Referral {self.referral_id} to {self.organisation}"

    @property
    def overridden(self) -> bool:
        return bool(self.override_reason)


class StuckCase(models.Model):
    """A person whose plan is blocked by an agency's rule or threshold, brought to the panel."""

    class Exception_(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        MADE = "made", "Exception made"
        REFUSED = "refused", "No exception"

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="stuck_cases"
    )
    brought_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="stuck_cases",
        help_text="The agency asked for a flexible response.",
    )
    rule = models.CharField(max_length=300, help_text="The rule or threshold in the way.")
    asked = models.TextField(help_text="The flexible response asked for.")
    exception = models.CharField(
        max_length=10, choices=Exception_.choices, default=Exception_.PENDING
    )
    answer = models.TextField(blank=True)
    # The agency and the panel may both record the answer: each save moves on from the version
    # it was opened at (joinedup.versioned), so neither silently undoes the other.
    version = models.PositiveIntegerField(default=1)
    raised_on = models.DateField(default=timezone.localdate)
    #: The same barrier in the area's log, so commissioners see stuck cases among the barriers.
    barrier = models.OneToOneField(
        "assessment.Barrier",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stuck_case",
    )

    class Meta:
        ordering = ["-raised_on", "-id"]

    def __str__(self) -> str:
        return f"Stuck on {self.agency}: {self.rule}"


class Decision(models.Model):
    """The panel's decision on a referral. Every decision is kept: the history stays visible."""

    class Outcome(models.TextChoices):
        ACCEPT = "accept", "Accept"
        DECLINE = "decline", "Decline"
        DEFER = "defer", "Defer to a later meeting"
        REFER_ELSEWHERE = "refer_elsewhere", "Refer elsewhere"

    class Priority(models.IntegerChoices):
        HIGH = 1, "High"
        MEDIUM = 2, "Medium"
        LOW = 3, "Low"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(
        PanelMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, null=True, blank=True)
    rationale = models.TextField()
    decline_reason = models.CharField(max_length=300, blank=True)
    refer_to = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dissent = models.TextField(blank=True, help_text="Any member who disagreed, and why.")
    review_on = models.DateField(null=True, blank=True)
    ndt_total = models.PositiveSmallIntegerField(null=True, blank=True)
    threshold = models.PositiveSmallIntegerField(null=True, blank=True)
    override_reason = models.TextField(
        blank=True, help_text="Why the decision departs from the score-based order."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on referral {self.referral_id}"


class Allocation(models.Model):
    """A co-ordinator follows the person wherever their journey goes; reassignment keeps history."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="allocations"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="allocations"
    )
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_coordinator",
            )
        ]

    def __str__(self) -> str:
        return f"{self.coordinator} from {self.started_on}"


class ListStatus(models.TextChoices):
    """Where each person on the by-name list stands."""

    REFERRED = "referred", "Referred"
    AWAITING_PANEL = "awaiting_panel", "Awaiting panel"
    ACCEPTED = "accepted", "Accepted"
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    IN_CUSTODY = "in_custody", "In custody"
    IN_HOSPITAL = "in_hospital", "In hospital"
    INACTIVE = "inactive", "Inactive"
    MOVED_ON = "moved_on", "Moved on"
    DIED = "died", "Died"
    CLOSED = "closed", "Closed"


#: Entering the list, and leaving it, for the monthly inflow and outflow counts.
INFLOW = {ListStatus.REFERRED}
OUTFLOW = {ListStatus.MOVED_ON, ListStatus.DIED, ListStatus.CLOSED, ListStatus.INACTIVE}


class StatusChange(models.Model):
    """One event on the by-name list; a person's status is their latest event."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="list_statuses"
    )
    status = models.CharField(max_length=20, choices=ListStatus.choices)
    previous = models.CharField(max_length=20, choices=ListStatus.choices, blank=True)
    on = models.DateField(default=timezone.localdate)
    waiting_for = models.CharField(
        max_length=200, blank=True, help_text="What an on-hold person is waiting for."
    )
    died_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["person", "-on", "-id"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.on}"
