"""Reading a filled-in instrument from a form: one radio group per item (and, optionally, a
second for the person's own view), who completed it and when. Errors name the field."""

from dataclasses import dataclass, field
from datetime import date

from crispy_forms_gds.layout import Field, Size
from django import forms

from joinedup.directory.models import Locality, Organisation
from joinedup.forms_page import gds_helper
from joinedup.measures import cohorts, queries
from joinedup.measures.models import Assessment, Instrument


@dataclass
class Reading:
    values: dict[str, int | None] = field(default_factory=dict)
    person_view: dict[str, int] = field(default_factory=dict)
    completed_by: str = Assessment.CompletedBy.WORKER
    on: date | None = None
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message


def _int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def read(post, instrument, *, today: date, own: bool = False) -> Reading:
    """The agreed answers (`<code>`), the person's differing ones (`person-<code>`), who
    completed it (fixed to the person on their own page) and the date (not in the future)."""
    reading = Reading()
    for item in instrument.items.all():
        raw = post.get(item.code, "")
        value = _int(raw)
        if raw and value not in item.scores:
            reading.errors[item.code] = f"Choose one of the answers for {instrument.title_of(item)}"
        reading.values[item.code] = value if value in item.scores else None
        theirs = _int(post.get(f"person-{item.code}", ""))
        if theirs in item.scores and theirs != reading.values[item.code]:
            reading.person_view[item.code] = theirs
    if not any(v is not None for v in reading.values.values()):
        first = instrument.items.first()
        reading.errors.setdefault(first.code, "Answer at least one question")
    if own:
        reading.completed_by = Assessment.CompletedBy.PERSON
        reading.person_view = {}
    else:
        who = post.get("completed_by", "")
        if who not in Assessment.CompletedBy.values:
            reading.errors["completed_by"] = "Say who completed it"
        reading.completed_by = who
    field_ = forms.DateField(required=False)
    try:
        reading.on = field_.clean(post.get("assessed_on", "")) or today
    except forms.ValidationError:
        reading.errors["assessed_on"] = "Enter the date as, for example, 2025-03-27"
    else:
        if reading.on > today:
            reading.errors["assessed_on"] = "The date cannot be in the future"
    return reading


class UploadForm(forms.Form):
    file = forms.FileField(label="The instrument's data file (JSON)")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Readings (CSV)",
        help_text="Columns: person reference, tool, area code, date, score.",
    )


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
