"""Users and their memberships: one user may hold different roles in different organisations."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from joinedup.accounts.roles import Role, rules


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A professional who signs in. The email address is the sign-in name."""

    username = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = UserManager()

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def active_memberships(self):
        return self.memberships.filter(active=True).select_related("organisation")

    def needs_second_factor(self) -> bool:
        """Anyone who can see named people, or their own record, must prove a second factor."""
        if self.is_person:
            return True
        return any(rules(m.role).sees_personal_data for m in self.active_memberships())

    @property
    def is_person(self) -> bool:
        """A person we work with, signed in to see their own record (set up by `people`)."""
        return getattr(self, "person_record", None) is not None


class Membership(models.Model):
    """A user's role in one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="one_membership_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.organisation}"

    @property
    def rules(self):
        return rules(self.role)
