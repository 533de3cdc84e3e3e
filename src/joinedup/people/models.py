"""The shared person record and the relations that decide who may see it.

Read people only through `joinedup.people.access`; it checks and audits every read.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Person(models.Model):
    """Someone the local system works with. Minimal identity only; the rest hangs off it."""

    class Sex(models.TextChoices):
        FEMALE = "F", "Female"
        MALE = "M", "Male"
        OTHER = "X", "Other or not stated"

    class Ethnicity(models.TextChoices):
        """The broad groups of the 2021 census in England and Wales."""

        WHITE = "white", "White"
        MIXED = "mixed", "Mixed or multiple ethnic groups"
        ASIAN = "asian", "Asian or Asian British"
        BLACK = "black", "Black, Black British, Caribbean or African"
        OTHER = "other", "Other ethnic group"
        NOT_SAID = "not_said", "Prefer not to say"

    class Disability(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_SAID = "not_said", "Prefer not to say"

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    # Asked so the panel's fairness can be checked; "prefer not to say" is always an answer.
    ethnicity = models.CharField(max_length=20, choices=Ethnicity.choices, blank=True)
    disability = models.CharField(max_length=10, choices=Disability.choices, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    # A restricted record (a person at risk, for example from domestic abuse) is seen only by
    # the users named here, on top of the usual rules, and never appears to anyone else.
    restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_people"
    )
    closed_on = models.DateField(
        null=True,
        blank=True,
        help_text="When work with the person ended; retention counts from here.",
    )
    anonymised_on = models.DateField(null=True, blank=True)
    # The person's own sign-in, if they have one: it opens their own view (/me/) and nothing else.
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person_record",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()  # a self-referral may give one name

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    def age_on(self, day) -> int | None:
        if not self.date_of_birth:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class InvolvementQuerySet(models.QuerySet):
    def current(self, day=None):
        """Involvements running on `day`: started on or before it, not yet ended (half-open)."""
        day = day or timezone.localdate()
        return self.filter(started_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day)
        )


class Involvement(models.Model):
    """An organisation, and usually a named professional, working with a person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="involvements")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="involvements"
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvements",
        help_text="The worker, if they use joinedup.",
    )
    professional_name = models.CharField(
        max_length=200, blank=True, help_text="The worker's name when they are not on joinedup."
    )
    role = models.CharField(max_length=100, help_text="For example key worker, probation officer.")
    is_lead = models.BooleanField(default=False, help_text="Lead worker for this organisation.")
    contact = models.CharField(max_length=200, blank=True, help_text="Phone or email.")
    last_contact_on = models.DateField(null=True, blank=True)
    in_touch_with_coordinator = models.BooleanField(default=False)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="involvement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"

    @property
    def worker(self) -> str:
        return str(self.professional) if self.professional else self.professional_name


class PersonalContact(models.Model):
    """Someone from the person's own life: family, friends, peers, mentors, volunteers.

    Dependants and carers are marked, so that support for a parent and their children, or a
    carer and the person they look after, can be planned together.
    """

    class Relationship(models.TextChoices):
        FAMILY = "family", "Family"
        PARTNER = "partner", "Partner or ex-partner"
        CHILD = "child", "Child"
        FRIEND = "friend", "Friend"
        PEER = "peer", "Peer"
        MENTOR = "mentor", "Mentor"
        VOLUNTEER = "volunteer", "Volunteer"
        OTHER = "other", "Someone else"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="network")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    described_as = models.CharField(
        max_length=100, blank=True, help_text="In the person's words: 'my sister', 'my sponsor'."
    )
    contact = models.CharField(max_length=200, blank=True)
    is_dependant = models.BooleanField(default=False, help_text="Depends on the person's care.")
    is_carer = models.BooleanField(default=False, help_text="Cares for the person.")
    in_touch_with_coordinator = models.BooleanField(default=False)
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    last_contact_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["relationship", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.described_as or self.get_relationship_display()})"

    @property
    def current(self) -> bool:
        return self.until is None or self.until > timezone.localdate()


class ConsentQuerySet(models.QuerySet):
    def in_force(self, at=None):
        at = at or timezone.now()
        return self.filter(starts_at__lte=at, revoked_at__isnull=True).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=at)
        )


class Section(models.TextChoices):
    """The parts of a record that can be shared separately."""

    IDENTITY = "identity", "Who they are"
    TEAM = "team", "The team around them"
    STORY = "story", "Their story, in their words"
    ASSESSMENTS = "assessments", "Assessments and scores"
    PLAN = "plan", "Their support plan and key dates"
    NOTES = "notes", "Case notes"
    TIMELINE = "timeline", "Their history with services"


ALL_SECTIONS = list(Section.values)

#: The same sections as the person reads them on their own pages ("your story", not "their").
SECTIONS_FOR_THE_PERSON = {
    Section.IDENTITY: "who you are",
    Section.TEAM: "the team around you",
    Section.STORY: "your story, in your words",
    Section.ASSESSMENTS: "your assessments and scores",
    Section.PLAN: "your support plan and key dates",
    Section.NOTES: "the case notes about you",
    Section.TIMELINE: "your history with services",
}


class Consent(models.Model):
    """One line of the sharing ledger: what may be shared with which organisation, on what basis,
    from when until when. Revocation and expiry take effect at once through the access layer."""

    class Basis(models.TextChoices):
        CONSENT = "consent", "The person's consent"
        VITAL_INTERESTS = "vital_interests", "Vital interests (risk to life)"
        PUBLIC_TASK = "public_task", "Public task under a named legal gateway"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation"
        SAFEGUARDING = "safeguarding", "Safeguarding duty"
        # Only from the front door's override, by a permitted role, with the reason recorded.
        OVERRIDE = "override", "Override by a permitted role (reason recorded)"

    #: The bases a worker may choose on a form (an override has its own route).
    CHOOSABLE = [c for c in Basis.choices if c[0] != "override"]

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="consents_received"
    )
    basis = models.CharField(max_length=30, choices=Basis.choices)
    # Always explicit: an empty list shares who they are only; every section is listed in full.
    sections = models.JSONField(
        default=list, help_text="Which sections; 'who they are' is always among them."
    )
    legal_gateway = models.CharField(
        max_length=200, blank=True, help_text="The statute or duty relied on, when not consent."
    )
    reason = models.TextField(blank=True, help_text="Why, when the person could not consent.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.get_basis_display()} for {self.organisation}"

    @property
    def shared_sections(self) -> list[str]:
        """What this line opens. Who they are always; nothing else unless it is named."""
        return [Section.IDENTITY, *(s for s in self.sections if s != Section.IDENTITY)]

    def section_labels(self) -> list[str]:
        labels = dict(Section.choices)
        return [labels[s] for s in self.shared_sections if s in labels]

    @property
    def section_labels_for_the_person(self) -> list[str]:
        """The shared sections in the person's own words, for their own view."""
        return [SECTIONS_FOR_THE_PERSON[s] for s in self.shared_sections if s in Section.values]

    def state(self, at=None) -> str:
        at = at or timezone.now()
        if self.revoked_at:
            return "revoked"
        if self.starts_at > at:
            return "future"
        if self.ends_at and self.ends_at <= at:
            return "expired"
        return "in force"


class Note(models.Model):
    """A case note, with who may read it."""

    class Visibility(models.TextChoices):
        EVERYONE = "everyone", "Everyone who can see this record"
        TEAM = "team", "My organisation only"
        RESTRICTED = "restricted", "Only the people I name"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()
    visibility = models.CharField(
        max_length=20, choices=Visibility.choices, default=Visibility.EVERYONE
    )
    named_readers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-written_at", "-id"]

    def __str__(self) -> str:
        return f"Note {self.pk} about person {self.person_id}"
