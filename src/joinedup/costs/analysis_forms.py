"""The cohort cost analysis form (GET, so every analysis is a link), and the list upload."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe

from joinedup.costs import atrisk, balance, cohorts
from joinedup.directory.models import Locality
from joinedup.referrals import cohorts as referral_cohorts


class DateBox(forms.DateInput):
    input_type = "date"


def _percent(label, help_text):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=1,
        max_digits=4,
    )


class AnalysisForm(forms.Form):
    cohort = forms.ChoiceField(
        label="Which people",
        choices=list(cohorts.KINDS.items()),
        widget=forms.RadioSelect,
        initial=cohorts.ACCEPTED,
        error_messages={"required": "Choose which people to analyse"},
    )
    accepted_from = forms.DateField(label="Accepted from", required=False, widget=DateBox)
    accepted_to = forms.DateField(label="Accepted to (included)", required=False, widget=DateBox)
    coordinator = forms.TypedChoiceField(label="Co-ordinator", required=False, coerce=int)
    organisation = forms.TypedChoiceField(label="Service", required=False, coerce=int)
    locality = forms.ModelChoiceField(
        label="Locality", queryset=Locality.objects.order_by("name"), required=False
    )
    uploaded = forms.TypedChoiceField(label="Uploaded list", required=False, coerce=int)
    declined = forms.BooleanField(
        label="Also show the people the panel turned away as below its threshold in the same "
        "period",
        required=False,
        initial=True,
    )
    months = forms.IntegerField(
        label="Length of each window, in months",
        help_text="The baseline is this many months before each person's start; each "
        "follow-up period is as long.",
        min_value=1,
        max_value=36,
        initial=12,
        error_messages={"required": "Enter the length of each window, in months"},
    )
    handling = forms.ChoiceField(
        label="People who died or were in custody during a window",
        choices=[
            (atrisk.EXCLUDE, "Leave them out of the comparison"),
            (atrisk.ANNUALISE, "Scale their costs to the whole window by days at risk"),
        ],
        initial=atrisk.EXCLUDE,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how to count people who died or were in custody during a window"
        },
    )
    compare = forms.BooleanField(
        label="Compare with a matched cohort of similar people who were never co-ordinated",
        required=False,
        initial=True,
    )
    price_year = forms.IntegerField(
        label="Price year",
        help_text="The year whose prices the unit costs are shown in, for example 2024 for "
        "2024-25. Leave empty for the register's own.",
        required=False,
        min_value=2000,
        max_value=2100,
    )
    programme_cost = forms.DecimalField(
        label="Programme cost, in pounds",
        help_text="What the programme cost over the follow-up, for the balance. Leave empty "
        "to leave the balance out.",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(10**10),
        decimal_places=2,
        max_digits=14,
    )
    deadweight = _percent(
        "Deadweight, %",
        "The share of the saving that would have happened anyway. Leave empty to take it from "
        "the matched comparison cohort, when it is shown.",
    )
    attribution = _percent(
        "Attribution, %", "The share of what remains that is due to this programme."
    )
    optimism_bias = _percent("Optimism bias, %", "A share taken off because appraisals run high.")
    discount = forms.BooleanField(
        label=f"Discount later periods at {balance.GREEN_BOOK_RATE}% a year "
        "(HM Treasury Green Book)",
        required=False,
    )

    def __init__(self, *args, organisation_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].choices = [("", "Choose a co-ordinator")] + [
            (pk, f"{name} ({org})") for pk, name, org in referral_cohorts.coordinators()
        ]
        self.fields["organisation"].choices = [("", "Choose a service")] + list(
            referral_cohorts.coordinating_organisations()
        )
        self.fields["locality"].empty_label = "Choose a locality"
        self.fields["uploaded"].choices = [("", "Choose a list")] + [
            (c.pk, c.name) for c in cohorts.lists_for(organisation_id)
        ]

    REQUIRES = {
        cohorts.COORDINATOR: ("coordinator", "Choose the co-ordinator whose caseload to analyse"),
        cohorts.ORGANISATION: ("organisation", "Choose the service whose caseload to analyse"),
        cohorts.LOCALITY: ("locality", "Choose the locality"),
        cohorts.UPLOADED: ("uploaded", "Choose an uploaded list, or upload one below"),
    }

    def clean(self):
        data = super().clean()
        kind = data.get("cohort")
        if kind == cohorts.ACCEPTED:
            first, last = data.get("accepted_from"), data.get("accepted_to")
            if not first and "accepted_from" not in self.errors:
                self.add_error("accepted_from", "Enter the first day of the period")
            if not last and "accepted_to" not in self.errors:
                self.add_error("accepted_to", "Enter the last day of the period")
            if first and last and last < first:
                self.add_error("accepted_to", "The last day must be the same as or after the first")
        elif kind in self.REQUIRES:
            name, message = self.REQUIRES[kind]
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, message)
        return data

    def adjustments(self) -> balance.Adjustments:
        d = self.cleaned_data
        return balance.Adjustments(
            deadweight=d.get("deadweight"),
            attribution=d.get("attribution"),
            optimism_bias=d.get("optimism_bias"),
            discount_rate=balance.GREEN_BOOK_RATE if d.get("discount") else None,
        )


class UploadForm(forms.Form):
    name = forms.CharField(label="Name of the list", max_length=200)
    file = forms.FileField(
        label="CSV file",
        # Column headers are typed literally, so they are shown as code (fixed text of ours).
        help_text=mark_safe(
            "Two columns with a header row: <code>person_id</code> (the joinedup person "
            "number) and <code>start_date</code> (YYYY-MM-DD)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > cohorts.MAX_UPLOAD_BYTES:
            raise ValidationError("The file must be smaller than 5 MB")
        return upload
