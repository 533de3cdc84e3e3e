"""The access log's search form: a GET form, so that every search is a link."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from joinedup.audit.models import AccessLog
from joinedup.audit.queries import Search
from joinedup.directory.models import Organisation
from joinedup.forms_page import DateField, gds_helper
from joinedup.limits import MAX_ID

OUTCOMES = [("", "Granted and refused"), ("refused", "Refused only"), ("granted", "Granted only")]


class SearchForm(forms.Form):
    person = forms.IntegerField(
        label="Record number",
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="The number on the person's record, as shown in the log.",
        error_messages={
            "invalid": "Record number must be a whole number, for example 1042",
            "min_value": "Record number must be 1 or more",
            "max_value": "Record number is too long to be a record number",
        },
    )
    user = forms.CharField(
        label="User", required=False, max_length=200, help_text="Part of their name or email."
    )
    organisation = forms.ModelChoiceField(
        label="Acting for",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="Any organisation",
    )
    action = forms.ChoiceField(
        label="What they did",
        required=False,
        choices=[("", "Anything")] + list(AccessLog.Action.choices),
    )
    purpose = forms.CharField(
        label="Purpose contains", required=False, max_length=200, help_text="For example panel."
    )
    since = DateField(label="From", required=False, require_all_fields=False)
    until = DateField(label="Until", required=False, require_all_fields=False)
    outcome = forms.ChoiceField(
        label="Granted or refused", required=False, choices=OUTCOMES, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["since"].help_text = "For example 27 3 2026"
        self.fields["until"].help_text = "For example 28 3 2026"
        self.helper = gds_helper(
            Field.text("person", field_width=10),
            Field.text("user", field_width=20),
            Field.select("organisation"),
            Field.select("action"),
            Field.text("purpose", field_width=20),
            Field("since"),
            Field("until"),
            Field.radios("outcome", legend_size=Size.SMALL, small=True, inline=True),
            submit="Search the log",
        )
        self.helper.form_method = "get"

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "Until must be the same as or after From")
        return data

    def search(self) -> Search:
        """The valid form as a search (an unbound form is the whole log)."""
        if not self.is_bound:
            return Search()
        data = self.cleaned_data
        organisation = data.get("organisation")
        return Search(
            person=data.get("person"),
            user=data.get("user", "").strip(),
            organisation=organisation.pk if organisation else None,
            action=data.get("action", ""),
            purpose=data.get("purpose", "").strip(),
            since=data.get("since"),
            until=data.get("until"),
            outcome=data.get("outcome", ""),
        )
