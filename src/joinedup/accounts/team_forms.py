"""Forms administrators use to look after their organisations' accounts."""

from crispy_forms_gds.layout import Field
from django import forms

from joinedup.accounts.models import User
from joinedup.accounts.roles import Role
from joinedup.forms_page import gds_helper


class RoleForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label="Organisation", empty_label=None)
    role = forms.ChoiceField(choices=Role.choices, label="Role")

    def __init__(self, *args, organisations, submit="Add role", **kwargs):
        super().__init__(*args, **kwargs)
        # Only organisations this administrator looks after can be chosen.
        self.fields["organisation"].queryset = organisations
        self.helper = gds_helper(Field.select("organisation"), Field.select("role"), submit=submit)


class InviteForm(RoleForm):
    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Work email address")
    job_title = forms.CharField(label="Job title", max_length=200, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, organisations=organisations, submit="Create account", **kwargs)
        self.order_fields(["full_name", "email", "job_title", "organisation", "role"])
        self.helper = gds_helper(
            Field.text("full_name"),
            Field.text("email", field_width=20),
            Field.text("job_title"),
            Field.select("organisation"),
            Field.select("role"),
            submit="Create account",
        )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                "An account with this email address already exists: add a role to it instead"
            )
        return email
