from crispy_forms_gds.layout import Field, Size
from django import forms

from joinedup.directory.models import Organisation
from joinedup.forms_page import DateField, gds_helper
from joinedup.plans.models import PlanStep, Transition


class StepForm(forms.ModelForm):
    due_on = DateField(label="Due by", required=False, require_all_fields=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PlanStep
        fields = ["title", "area", "owner", "status", "blocked_by", "waiting_on", "depends_on"]
        labels = {
            "title": "What needs to happen",
            "area": "Part of life",
            "owner": "Who does it",
            "blocked_by": "What is blocking it",
            "waiting_on": "Waiting on",
            "depends_on": "Only after",
        }
        widgets = {"depends_on": forms.CheckboxSelectMultiple}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        others = plan.steps.exclude(pk=self.instance.pk) if self.instance.pk else plan.steps.all()
        self.fields["depends_on"].queryset = others
        self.fields["depends_on"].help_text = "Steps that must be done first, if any."
        self.fields["owner"].queryset = Organisation.objects.all()
        self.fields["owner"].empty_label = "The person themselves"
        self.fields["waiting_on"].queryset = Organisation.objects.all()
        self.fields["waiting_on"].empty_label = "Nobody"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["due_on"].initial = self.instance.due_on
        self.helper = gds_helper(
            Field.text("title"),
            Field.select("area"),
            Field.select("owner"),
            Field.select("status"),
            Field.text("blocked_by"),
            Field.select("waiting_on"),
            Field.checkboxes("depends_on", small=True),
            Field("due_on"),
            Field("version"),
            submit="Save step",
        )

    def step_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("depends_on", "version")}
        return data


class WhatMattersForm(forms.Form):
    what_matters = forms.CharField(
        label="What matters to them now, in their own words",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["what_matters"].label = label
        self.helper = gds_helper(
            Field.textarea("what_matters", label_size=Size.SMALL), submit="Save"
        )


class TransitionForm(forms.ModelForm):
    happens_on = DateField(label="Date")

    class Meta:
        model = Transition
        fields = ["kind", "description", "alert_days_before", "where_living", "who_meets"]
        labels = {
            "kind": "What happens",
            "description": "Details",
            "alert_days_before": "Alert the team this many days before",
            "where_living": "Where they will live from that day",
            "who_meets": "Who will meet them",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.select("kind"),
            Field("happens_on"),
            Field.text("description"),
            Field.text("alert_days_before", field_width=3),
            Field.text("where_living"),
            Field.text("who_meets"),
            submit="Add date",
        )
