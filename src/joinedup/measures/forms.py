from crispy_forms_gds.layout import Field, Size
from django import forms

from joinedup.directory.models import Locality, Organisation
from joinedup.forms_page import gds_helper
from joinedup.measures import cohorts, queries
from joinedup.measures.models import Instrument


class CohortForm(forms.Form):
    """Choose an instrument and a cohort for distance travelled (a GET form)."""

    instrument = forms.ModelChoiceField(
        label="Instrument", queryset=Instrument.objects.none(), empty_label=None
    )
    cohort = forms.ChoiceField(label="Whose readings", widget=forms.RadioSelect)
    organisation = forms.ModelChoiceField(
        label="Service",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="Choose a service",
    )
    locality = forms.ModelChoiceField(
        label="Ward",
        queryset=Locality.objects.exclude(postcode_district="").order_by("name"),
        required=False,
        empty_label="Choose a ward",
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        ids = [i.pk for i in queries.instruments_with_direction()]
        self.fields["instrument"].queryset = Instrument.objects.filter(pk__in=ids).order_by("name")
        self.fields["cohort"].choices = cohorts.choices_for(membership)
        fields = [Field("instrument"), Field.radios("cohort", legend_size=Size.SMALL)]
        if membership.rules.sees_personal_data:
            del self.fields["organisation"]
        else:
            fields.append(Field("organisation"))
        fields.append(Field("locality"))
        self.helper = gds_helper(*fields, submit="Show distance travelled")
        self.helper.form_method = "get"

    def clean(self):
        data = super().clean()
        if data.get("cohort") == cohorts.LOCALITY and not data.get("locality"):
            self.add_error("locality", "Choose a ward")
        service = data.get("cohort") == cohorts.ORGANISATION and "organisation" in self.fields
        if service and not data.get("organisation"):
            self.add_error("organisation", "Choose a service")
        return data
