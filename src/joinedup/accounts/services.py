"""Sign-in state (the acting membership, the second-factor device) and account administration."""

from axes.utils import reset as axes_reset
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import Membership, User
from joinedup.accounts.roles import Role

MEMBERSHIP_SESSION_KEY = "membership_id"


def acting_membership(request):
    """The membership the user acts under: the one chosen in this session, else the first."""
    memberships = list(request.user.active_memberships())
    chosen = request.session.get(MEMBERSHIP_SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    if memberships:
        request.session[MEMBERSHIP_SESSION_KEY] = memberships[0].pk
        return memberships[0]
    return None


def choose_membership(request, membership_id) -> bool:
    if request.user.active_memberships().filter(pk=membership_id).exists():
        request.session[MEMBERSHIP_SESSION_KEY] = int(membership_id)
        return True
    return False


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def start_enrolment(user) -> TOTPDevice:
    """An unconfirmed authenticator for the user, reused until they confirm it."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


# -- administration: onboarding and looking after accounts ------------------------------------


def administered_organisations(user):
    """Organisations in which the user is an active administrator."""
    from joinedup.directory.models import Organisation

    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.ADMINISTRATOR, memberships__active=True
    ).distinct()


def team_for(admin):
    """The accounts an administrator looks after: anyone with a role in their organisations."""
    return (
        User.objects.filter(memberships__organisation__in=administered_organisations(admin))
        .distinct()
        .prefetch_related("memberships__organisation")
    )


def set_password_path(user) -> str:
    """A one-off link for the user to choose their password (valid PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:set-password", args=[uid, token])


@transaction.atomic
def invite(*, email, full_name, job_title, organisation, role) -> User:
    """A new account with no usable password, until the user follows their link."""
    user = User.objects.create_user(email=email, full_name=full_name, job_title=job_title)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@transaction.atomic
def add_role(user, organisation, role) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if not membership.active:
        membership.active = True
        membership.save(update_fields=["active"])
    return membership


def end_role(membership) -> None:
    membership.active = False
    membership.save(update_fields=["active"])


def reset_second_factor(user) -> None:
    """Remove every authenticator: the user sets one up again at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()


def unlock(user) -> None:
    axes_reset(username=user.email)


def set_active(user, active: bool) -> None:
    user.is_active = active
    user.save(update_fields=["is_active"])
