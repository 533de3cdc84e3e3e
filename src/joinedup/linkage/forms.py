from django import forms
from django.utils.safestring import mark_safe

from joinedup.linkage.models import ImportBatch


class ImportForm(forms.Form):
    file = forms.FileField(label="Agency extract", help_text="A CSV or XLSX file.")
    mode = forms.ChoiceField(
        label="If some rows have errors",
        choices=ImportBatch.Mode.choices,
        initial=ImportBatch.Mode.REJECT,
        widget=forms.RadioSelect,
    )
    mapping = forms.CharField(
        label="Column names (optional)",
        required=False,
        # Our header names are typed literally, so they are shown as code (fixed text of ours).
        help_text=mark_safe(
            "Where the file's headers differ from ours, one per line, for example "
            "<code>Surname = last_name</code>"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".xlsm")):
            raise forms.ValidationError("The file must be a CSV or XLSX file.")
        return upload


class RunForm(forms.Form):
    match_threshold = forms.FloatField(
        label="Link pairs at or above this match probability",
        help_text="Leave empty to let the run choose it from the data (the best expected "
        "balance of precision and recall, printed with the run).",
        required=False,
        min_value=0.5,
        max_value=1,
        widget=forms.NumberInput(
            attrs={"class": "govuk-input govuk-input--width-5", "step": "any"}
        ),
    )
    review_threshold = forms.FloatField(
        label="Send pairs at or above this probability to review",
        min_value=0.05,
        max_value=1,
        initial=0.5,
        widget=forms.NumberInput(
            attrs={"class": "govuk-input govuk-input--width-5", "step": "any"}
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("review_threshold", 0) > (data.get("match_threshold") or 1):
            raise forms.ValidationError("The review threshold must be below the match threshold.")
        return data
