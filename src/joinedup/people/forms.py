from crispy_forms_gds.layout import Field, Size
from django import forms

from joinedup.directory.models import Organisation
from joinedup.forms_page import DateField, RecordsField, gds_helper
from joinedup.people.models import Consent, Involvement, Note, PersonalContact, Section


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=100)


class TimelineFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Show", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = choices


class InvolvementForm(forms.ModelForm):
    """An organisation and worker joining the team: on joinedup or not."""

    started_on = DateField(label="Working with them since")

    class Meta:
        model = Involvement
        fields = [
            "organisation",
            "professional_name",
            "role",
            "contact",
            "is_lead",
            "in_touch_with_coordinator",
        ]
        labels = {
            "organisation": "Organisation",
            "professional_name": "Worker's name",
            "role": "Their role",
            "contact": "Phone or email",
            "is_lead": "They are the lead worker for their organisation",
            "in_touch_with_coordinator": "They are in touch with the co-ordinator",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.all()
        self.helper = gds_helper(
            Field.select("organisation"),
            Field.text("professional_name"),
            Field.text("role"),
            Field.text("contact"),
            Field("started_on"),
            Field.checkbox("is_lead"),
            Field.checkbox("in_touch_with_coordinator"),
            submit="Add to the team",
        )


class PersonalContactForm(forms.ModelForm):
    class Meta:
        model = PersonalContact
        fields = [
            "name",
            "relationship",
            "described_as",
            "contact",
            "is_dependant",
            "is_carer",
            "in_touch_with_coordinator",
        ]
        labels = {
            "name": "Name",
            "relationship": "Who they are",
            "described_as": "How the person describes them",
            "contact": "Phone or email",
            "is_dependant": "They depend on the person's care (a child, for example)",
            "is_carer": "They care for the person",
            "in_touch_with_coordinator": "They are in touch with the co-ordinator",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("name"),
            Field.select("relationship"),
            Field.text("described_as"),
            Field.text("contact"),
            Field.checkbox("is_dependant"),
            Field.checkbox("is_carer"),
            Field.checkbox("in_touch_with_coordinator"),
            submit="Add to their people",
        )


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["text", "visibility", "named_readers"]
        labels = {"text": "Note", "visibility": "Who can read it", "named_readers": "Named readers"}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "visibility": forms.RadioSelect,
            "named_readers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, readers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["named_readers"].queryset = readers
        self.fields["named_readers"].required = False
        self.fields["named_readers"].help_text = "Only for notes that named people alone may read."
        self.helper = gds_helper(
            Field.textarea("text"),
            Field.radios("visibility", legend_size=Size.SMALL),
            Field.checkboxes("named_readers", legend_size=Size.SMALL, small=True),
            submit="Save note",
        )

    def clean(self):
        data = super().clean()
        if data.get("visibility") == Note.Visibility.RESTRICTED and not data.get("named_readers"):
            self.add_error("named_readers", "Name at least one person who may read this note")
        return data


class RestrictionForm(forms.Form):
    restricted = forms.BooleanField(
        label="Restrict this record to the people named below", required=False
    )
    named = RecordsField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Named users"
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["named"].queryset = users
        self.helper = gds_helper(
            Field.checkbox("restricted"),
            Field.checkboxes("named", legend_size=Size.SMALL, small=True),
            submit="Save",
        )


class ConsentForm(forms.ModelForm):
    """A new line in the sharing ledger."""

    starts_on = DateField(label="From", required=False, require_all_fields=False)
    ends_on = DateField(label="Until", required=False, require_all_fields=False)
    sections = forms.MultipleChoiceField(
        label="What may be shared",
        choices=[c for c in Section.choices if c[0] != Section.IDENTITY],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Who they are is always shared. Choose nothing else to share only that.",
    )

    class Meta:
        model = Consent
        fields = ["organisation", "basis", "legal_gateway", "reason"]
        labels = {
            "organisation": "Share with",
            "basis": "On what basis",
            "legal_gateway": "The law or duty relied on",
            "reason": "Why the person's consent was not asked for or given",
        }
        widgets = {"basis": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.all()
        self.fields["basis"].choices = Consent.CHOOSABLE  # no empty radio button
        self.helper = gds_helper(
            Field.select("organisation"),
            Field.radios("basis", legend_size=Size.SMALL),
            Field.text("legal_gateway"),
            Field.textarea("reason"),
            Field.checkboxes("sections", legend_size=Size.SMALL, small=True),
            Field("starts_on"),
            Field("ends_on"),
            submit="Record sharing",
        )

    def clean(self):
        data = super().clean()
        if data.get("basis") and data["basis"] != Consent.Basis.CONSENT:
            if not data.get("legal_gateway"):
                self.add_error("legal_gateway", "Name the law or duty that allows sharing")
            if not data.get("reason"):
                self.add_error("reason", "Say why consent was not asked for or given")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", "The end must be after the start")
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label="Why is sharing ending?", max_length=300)
