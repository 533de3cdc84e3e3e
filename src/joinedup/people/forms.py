from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from joinedup.directory.models import Organisation
from joinedup.people.models import Involvement, PersonalContact


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=100)


class TimelineFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Show", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = choices


def _helper(*fields, submit):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class InvolvementForm(forms.ModelForm):
    """An organisation and worker joining the team: on joinedup or not."""

    started_on = DateInputField(label="Working with them since")

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
        self.helper = _helper(
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
        self.helper = _helper(
            Field.text("name"),
            Field.select("relationship"),
            Field.text("described_as"),
            Field.text("contact"),
            Field.checkbox("is_dependant"),
            Field.checkbox("is_carer"),
            Field.checkbox("in_touch_with_coordinator"),
            submit="Add to their people",
        )
