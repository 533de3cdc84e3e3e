import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import PasswordResetConfirmView
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from joinedup.accounts import services
from joinedup.accounts.decorators import before_second_factor, for_the_person, public
from joinedup.accounts.forms import ChoosePasswordForm, CodeForm, SignInForm, next_unused_code


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@public
@never_cache
@sensitive_post_parameters("password")
def sign_in(request):
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return redirect(_next_url(request))
    return render(request, "accounts/sign_in.html", {"form": form, "next": _next_url(request, "")})


@before_second_factor
@never_cache
def sign_in_code(request):
    device = services.confirmed_device(request.user)
    if device is None:
        return redirect("accounts:two-factor-setup")
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request, ""), "demo_code": _demo_code(device)}
    return render(request, "accounts/sign_in_code.html", context)


@before_second_factor
@never_cache
def two_factor_setup(request):
    if services.confirmed_device(request.user) is not None:
        return redirect("accounts:sign-in-code")
    device = services.start_enrolment(request.user)
    form = CodeForm(request.POST or None, device=device, submit="Set up and continue")
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, "Your authenticator app is set up.")
        return redirect("home")
    qr = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    context = {
        "form": form,
        "qr_svg": mark_safe(qr.to_string(encoding="unicode")),  # built by us from our own URL
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@before_second_factor
@require_POST
def sign_out(request):
    logout(request)
    messages.info(request, "You have signed out.")
    return redirect("accounts:sign-in")


@require_POST
def choose_role(request):
    if services.choose_membership(request, request.POST.get("membership")):
        return redirect("home")
    messages.error(request, "Choose one of your own roles.")
    return redirect("accounts:account")


@for_the_person
def account(request):
    memberships = request.user.active_memberships()
    return render(request, "accounts/account.html", {"memberships": memberships})


class _ChoosePassword(PasswordResetConfirmView):
    form_class = ChoosePasswordForm
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:sign-in")
    reset_url_token = "choose"

    def form_valid(self, form):
        messages.success(self.request, "Your password is saved. Sign in with it now.")
        return super().form_valid(form)


set_password = public(_ChoosePassword.as_view())


def _demo_code(device) -> dict | None:
    """The code to enter now, shown on screen only by the demo's settings (never in
    production). Once a code has signed in, it is the next one: the current one would be
    refused as used."""
    if not settings.JOINEDUP_DEMO:
        return None
    code, is_next = next_unused_code(device)
    return {"code": code, "is_next": is_next}
