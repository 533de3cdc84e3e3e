"""Sign-in state: the acting membership and the second-factor device."""

from django_otp.plugins.otp_totp.models import TOTPDevice

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
