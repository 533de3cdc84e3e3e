from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

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
        verified, _ = self.device.verify_is_allowed()
        if not verified:
            raise forms.ValidationError("Too many wrong codes. Wait a minute, then try again")
        if not self.device.verify_token(code):
            raise forms.ValidationError("The code is not right. Check your app and try again")
        return code


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
