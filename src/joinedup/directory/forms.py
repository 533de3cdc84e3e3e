"""Forms of the directory pages: finding services, filtering the map, editing a service."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from joinedup.directory import services
from joinedup.directory.models import Locality, Organisation, OrganisationLink, Service
from joinedup.forms_page import gds_helper
from joinedup.versioned import version_field


def need_choices():
    return [(t.code, t.name) for t in services.need_terms()]


class FindServicesForm(forms.Form):
    """GET filters: need, place and eligibility."""

    need = forms.ChoiceField(label="Need", required=False)
    locality = forms.ModelChoiceField(
        label="Ward",
        queryset=Locality.objects.order_by("name"),
        required=False,
        empty_label="Anywhere in the area",
    )
    eligibility = forms.CharField(
        label="Eligibility",
        required=False,
        max_length=100,
        help_text="Words to find in who the service is for, for example women or 18",
    )
    age = forms.IntegerField(
        label="Age",
        required=False,
        min_value=0,
        max_value=120,
        help_text="Services whose age limits include it",
    )
    text = forms.CharField(label="Name or description", required=False, max_length=100)
    assets_only = forms.BooleanField(label="Only community assets", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", "Any need"), *need_choices()]


class NetworkFilterForm(forms.Form):
    sector = forms.ChoiceField(
        label="Sector",
        required=False,
        choices=[("", "Every sector"), *Organisation.Sector.choices],
    )
    need = forms.ChoiceField(label="Need", required=False)
    period = forms.ChoiceField(label="Period", required=False)
    ties = forms.TypedChoiceField(
        label="Ties shown for each organisation",
        required=False,
        coerce=int,
        empty_value=2,
        choices=[
            (1, "Its strongest"),
            (2, "Its 2 strongest"),
            (3, "Its 3 strongest"),
            (0, "Every tie"),
        ],
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [("", "Any need"), *need_choices()]
        self.fields["period"].choices = [
            ("12m", "The last 12 months"),
            ("all", "All time"),
            *[(str(y), str(y)) for y in years],
        ]


class ServiceForm(forms.ModelForm):
    needs = forms.MultipleChoiceField(
        label="Needs it responds to", required=False, widget=forms.CheckboxSelectMultiple
    )
    url = forms.URLField(label="Web address", required=False, assume_scheme="https")
    asset = forms.ChoiceField(
        label="Is it a community asset?",
        required=False,
        choices=[("", "No, a service"), *services.ASSET_TERMS.items()],
        widget=forms.RadioSelect,
    )
    version = version_field()

    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "status",
            "locality",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "application_process",
            "fees_description",
            "url",
            "email",
        ]
        labels = {
            "locality": "Ward it serves",
            "eligibility_description": "Who it is for",
            "application_process": "How to get help from it",
            "fees_description": "What it costs the person",
            "url": "Web address",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = need_choices()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["needs"].initial = self.instance.domains
            asset = self.instance.attributes.filter(taxonomy_term__taxonomy__name=services.ASSETS)
            self.fields["asset"].initial = asset.values_list(
                "taxonomy_term__code", flat=True
            ).first()
        self.helper = gds_helper(
            Field.text("name"),
            Field.textarea("description", rows=3),
            Field.select("status"),
            Field.select("locality"),
            Field.checkboxes("needs", legend_size=Size.SMALL, small=True),
            Field.radios("asset", legend_size=Size.SMALL, small=True),
            Fieldset(
                Field.textarea("eligibility_description", rows=2),
                Field.text("minimum_age", field_width=3),
                Field.text("maximum_age", field_width=3),
                legend="Eligibility",
                legend_size=Size.SMALL,
            ),
            Field.textarea("application_process", rows=2),
            Field.textarea("fees_description", rows=2),
            Field.text("url"),
            Field.text("email"),
            Field("version"),
            submit="Save the service",
        )

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", "The maximum age must be at least the minimum age")
        return data


class OrganisationForm(forms.ModelForm):
    """What HSDS publishes about an organisation, as its own managers describe it."""

    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    version = version_field()

    class Meta:
        model = Organisation
        fields = [
            "description",
            "alternate_name",
            "email",
            "website",
            "legal_status",
            "year_incorporated",
            "locality",
        ]
        labels = {
            "description": "What it does",
            "alternate_name": "Other name people use",
            "locality": "Ward it is based in",
            "year_incorporated": "Year it was set up",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.helper = gds_helper(
            Field.textarea("description", rows=4),
            Field.text("alternate_name"),
            Field.text("email"),
            Field.text("website"),
            Field.text("legal_status", field_width=20),
            Field.text("year_incorporated", field_width=4),
            Field.select("locality"),
            Field("version"),
            submit="Save",
        )


class LinkForm(forms.ModelForm):
    """A tie with another organisation: a supply chain, a consortium or a partnership."""

    class Meta:
        model = OrganisationLink
        fields = ["organisation_b", "kind", "started", "ended", "note"]
        labels = {
            "organisation_b": "Which organisation",
            "kind": "What kind of tie",
            "started": "Since (YYYY-MM-DD)",
            "ended": "Ended (YYYY-MM-DD)",
            "note": "What it is",
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["organisation_b"].queryset = Organisation.objects.exclude(pk=organisation.pk)
        self.fields["kind"].widget = forms.RadioSelect()
        self.fields["kind"].choices = OrganisationLink.Kind.choices
        self.helper = gds_helper(
            Field.select("organisation_b"),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.text("started", field_width=10),
            Field.text("ended", field_width=10),
            Field.text("note"),
            submit="Record the tie",
        )

    def clean(self):
        data = super().clean()
        started, ended = data.get("started"), data.get("ended")
        if started and ended and ended <= started:
            self.add_error("ended", "The end must be after the start")
        return data
