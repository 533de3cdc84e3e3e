"""Forms for claims: the period a provider claims for, the commissioner's decision with its
reason, and the payment. Each error names its field (GOV.UK error summary)."""

from crispy_forms_gds.layout import Field
from django import forms

from joinedup.forms_page import DateField, gds_helper
from joinedup.limits import MAX_TEXT


class PeriodForm(forms.Form):
    """The period a claim covers: its first and last day (stored half-open)."""

    period_start = DateField(label="First day of the period")
    period_last = DateField(label="Last day of the period")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field("period_start"), Field("period_last"), submit="Find the evidence"
        )

    def clean(self):
        cleaned = super().clean()
        start, last = cleaned.get("period_start"), cleaned.get("period_last")
        if start and last and last < start:
            self.add_error("period_last", "The last day of the period must be after its first")
        return cleaned


class DecisionForm(forms.Form):
    DECISIONS = [
        ("accept", "Accept it, to be paid"),
        ("query", "Query it: send it back to the provider with a question"),
        ("reject", "Reject it"),
    ]

    decision = forms.ChoiceField(label="Your decision", choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Reason (needed to query or reject: the provider reads it)",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("decision", legend_size="m"), Field.textarea("reason"), submit="Decide"
        )


class PaymentForm(forms.Form):
    paid_on = DateField(label="Date paid")
    reference = forms.CharField(
        label="Payment reference (optional)", required=False, max_length=100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field("paid_on"), Field.text("reference"), submit="Record the payment"
        )
