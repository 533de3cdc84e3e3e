from datetime import timedelta
from math import ceil

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django_otp.oath import TOTP, hotp

from joinedup.forms_page import gds_helper


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.helper = gds_helper(
            Field.text("username", label_size=Size.SMALL),
            Field.text("password", label_size=Size.SMALL),
            submit="Sign in",
        )


class CodeForm(forms.Form):
    """A six-digit code from the user's authenticator app, checked against `device`."""

    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app.",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, device=None, submit="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device
        self.helper = gds_helper(
            Field.text("code", field_width=5, label_size=Size.SMALL), submit=submit
        )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError("Enter the code as 6 digits, for example 123456")
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                "Too many wrong codes, so codes are not being checked for now. "
                f"Try again {_when(self.device)}"
            )
        if not self.device.verify_token(code):
            if code_already_used(self.device, code):
                raise forms.ValidationError(
                    "That code has already been used to sign in, and each code works once. "
                    "Wait for your app to show a new code, then enter that"
                )
            wait = _seconds_to_wait(self.device)
            later = f" {_when(self.device)}" if wait > 1 else ""
            raise forms.ValidationError(
                f"The code is not right. Check your app and try again{later}"
            )
        return code


def code_already_used(device, code: str) -> bool:
    """Whether the code is one django-otp has already accepted for this device: a code from a
    time step at or before the last one used (django-otp refuses those, to stop replays)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = totp.t()
    earliest = now - device.tolerance
    return any(
        hotp(device.bin_key, t, digits=device.digits) == int(code)
        for t in range(earliest, min(now + device.tolerance, device.last_t) + 1)
    )


def next_unused_code(device) -> tuple[str, bool]:
    """(the code to enter now, whether it is the next one because the current one is used).
    For the demo's code page only."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = totp.t()
    step = now if now > device.last_t else device.last_t + 1
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}", step != now


def _seconds_to_wait(device) -> int:
    """Seconds until django-otp checks a code again: 1, 2, 4, 8 ... after each wrong code."""
    allowed, _ = device.verify_is_allowed()
    if allowed or device.throttling_failure_timestamp is None:
        return 0
    delay = device.get_throttle_factor() * 2 ** (device.throttling_failure_count - 1)
    until = device.throttling_failure_timestamp + timedelta(seconds=delay)
    return max(1, ceil((until - timezone.now()).total_seconds()))


def _when(device) -> str:
    """'in 8 seconds (at 14:03:21)', or in minutes for longer pauses."""
    wait = _seconds_to_wait(device)
    at = timezone.localtime() + timedelta(seconds=wait)
    if wait < 120:
        return f"in {wait} second{pluralize(wait)} (at {at:%H:%M:%S})"
    minutes = ceil(wait / 60)
    return f"in {minutes} minutes (at {at:%H:%M})"


class ChoosePasswordForm(SetPasswordForm):
    """The password a new user chooses from their one-off link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"
        self.fields["new_password1"].help_text = (
            "At least 12 characters. Not a common password, not all numbers, "
            "and not like your name or email address."
        )
        self.helper = gds_helper(
            Field.text("new_password1", label_size=Size.SMALL),
            Field.text("new_password2", label_size=Size.SMALL),
            submit="Save password",
        )
