"""Forms for the unit cost register (GOV.UK error summary names and links each field)."""

from crispy_forms_gds.layout import Field
from django import forms
from django.core.validators import MinValueValidator

from joinedup.costs import deflator
from joinedup.costs.models import UnitCostEntry
from joinedup.costs.services import FIELDS
from joinedup.forms_page import gds_helper


def _year_choices():
    return [(year, deflator.label(year)) for year in reversed(deflator.years())]


class EntryForm(forms.ModelForm):
    """A source's figure for one kind; saving it writes a new register version."""

    price_year = forms.TypedChoiceField(
        coerce=int,
        label="Price year (the financial year the figure is priced at)",
        error_messages={"invalid_choice": "Choose a price year the GDP deflator covers"},
    )
    reason = forms.CharField(
        label="Why is the register changing?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Say why the register is changing"},
    )
    opened_at = forms.IntegerField(widget=forms.HiddenInput, required=False)
    url = forms.URLField(
        assume_scheme="https",
        max_length=500,
        required=False,
        label="Web address of the source (optional)",
    )

    class Meta:
        model = UnitCostEntry
        fields = list(FIELDS)
        labels = {
            "unit": "Unit (for example per arrest, per night)",
            "value": "Cost in pounds, for one unit",
            "department": "Department that pays",
            "agency": "Agency that bears it (optional)",
            "fiscal": "Fiscal part, in pounds (optional)",
            "economic": "Economic part, in pounds (optional)",
            "social": "Social part, in pounds (optional)",
            "source": "Source",
            "reference": "Reference: title, table and row",
            "url": "Web address of the source (optional)",
            "licence": "Licence or terms of use",
            "confidence": "How far the figure was checked",
            "notes": "Notes (optional)",
        }
        widgets = {
            "reference": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, submit="Save a new register version", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price_year"].choices = _year_choices()
        self.fields["value"].error_messages["invalid"] = "Enter the cost in pounds, like 35.50"
        for name in ("fiscal", "economic", "social", "value"):
            self.fields[name].validators.append(
                MinValueValidator(0, "Enter an amount of 0 or more (a cost is never negative)")
            )
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                field.error_messages["required"] = "Choose one"
            else:
                field.error_messages["required"] = (
                    "Enter this: every figure says where it comes from"
                )
        self.fields["value"].error_messages["required"] = "Enter the cost in pounds, like 35.50"
        self.fields["reason"].error_messages["required"] = "Say why the register is changing"
        self.helper = gds_helper(
            Field.text("unit"),
            Field.text("value", field_width=10),
            Field.select("price_year"),
            Field.select("department"),
            Field.text("agency"),
            Field.text("fiscal", field_width=10),
            Field.text("economic", field_width=10),
            Field.text("social", field_width=10),
            Field.text("source"),
            Field.textarea("reference"),
            Field.text("url"),
            Field.text("licence"),
            Field.radios("confidence"),
            Field.textarea("notes"),
            Field.textarea("reason"),
            submit=submit,
        )

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in FIELDS}


class ChooseForm(forms.Form):
    """Which of a kind's sources the area uses."""

    entry = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        label="Which source does the area use?",
        error_messages={"required": "Choose a source", "invalid_choice": "Choose a source"},
    )
    reason = forms.CharField(
        label="Why this source?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Say why the area chooses this source"},
    )

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [
            (e.number, f"{e.row.source}: £{e.row.value} {e.row.unit} ({e.row.price_year} prices)")
            for e in entries
        ]
        self.helper = gds_helper(
            Field.radios("entry"), Field.textarea("reason"), submit="Choose this source"
        )
