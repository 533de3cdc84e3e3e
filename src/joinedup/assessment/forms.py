from crispy_forms_gds.layout import Field, Size
from django import forms

from joinedup.assessment.models import Barrier, IssueAction
from joinedup.directory.models import Organisation
from joinedup.forms_page import gds_helper


class BarrierForm(forms.ModelForm):
    class Meta:
        model = Barrier
        fields = ["responsible", "rule", "category", "within_own_control", "effect", "delay_days"]
        labels = {
            "responsible": "Which organisation's rule or practice",
            "rule": "What the rule, threshold or practice is",
            "category": "What kind of barrier",
            "within_own_control": "My own service could change this",
            "effect": "What happened to the person because of it",
            "delay_days": "Days of help lost, as far as you know",
        }
        widgets = {"effect": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Organisation.objects.all()
        self.fields["responsible"].empty_label = "Not one organisation"
        self.helper = gds_helper(
            Field.select("responsible"),
            Field.text("rule"),
            Field.select("category"),
            Field.checkbox("within_own_control"),
            Field.textarea("effect"),
            Field.text("delay_days", field_width=4),
            submit="Log the barrier",
        )


class ActionForm(forms.ModelForm):
    class Meta:
        model = IssueAction
        fields = ["action", "outcome"]
        labels = {"action": "Action", "outcome": "Outcome, when known"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("action", label_size=Size.SMALL), Field.text("outcome"), submit="Add action"
        )
