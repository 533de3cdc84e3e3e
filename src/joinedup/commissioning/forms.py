"""Forms for budgets, exercises and contracts (GOV.UK Design System; the error summary names
and links every field). Money is entered in pounds and kept as Decimal; shares in percent."""

from decimal import Decimal

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from joinedup.commissioning.models import (
    BreakClause,
    Contract,
    Exercise,
    Party,
    PooledBudget,
    RateCardOutcome,
)
from joinedup.commissioning.review_models import LearningReview, ReviewDecision
from joinedup.directory.models import Organisation, Service
from joinedup.forms_page import DateField, gds_helper, text_limit
from joinedup.measures.framework_models import FrameworkVersion, Indicator


def money(label: str, *, required: bool = True, hint: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text=hint,
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}, in pounds",
            "invalid": f"{label}: enter an amount in pounds, like 25000 or 1500.50",
            "max_decimal_places": f"{label}: enter pounds and pence, with at most 2 decimal places",
            "min_value": f"{label}: enter 0 or more",
        },
    )


def _text(label, *, required=True, rows=3, hint=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        validators=[text_limit(label)],
    )


class BudgetForm(forms.Form):
    name = forms.CharField(label="Name of the pooled budget", max_length=200)
    purpose = _text("What the pool pays for")
    governance = _text(
        "Who decides how it is spent",
        hint="For example: a joint commissioning board of the three departments, meeting "
        "quarterly; decisions by consensus, the host's finance officer accountable.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("name"),
            Field.textarea("purpose"),
            Field.textarea("governance"),
            submit="Create the pooled budget",
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if PooledBudget.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("A pooled budget already has this name")
        return name


class ContributionForm(forms.Form):
    commissioner = forms.ModelChoiceField(
        label="Which commissioner", queryset=Organisation.objects.none()
    )
    year = forms.TypedChoiceField(label="Financial year", coerce=int)
    amount = money("Amount")

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commissioner"].queryset = Organisation.objects.filter(commissions=True)
        self.fields["year"].choices = years
        self.helper = gds_helper(
            Field.select("commissioner"),
            Field.select("year"),
            Field.text("amount", field_width=10),
            submit="Save the contribution",
        )


class ExerciseForm(forms.ModelForm):
    class Meta:
        model = Exercise
        fields = ["name", "budget", "needs", "needs_period", "framework"]
        labels = {
            "name": "Name of the exercise",
            "budget": "Pooled budget (optional)",
            "needs": "Analyse: what the needs evidence says (optional until you have it)",
            "needs_period": "Period the evidence covers, for example April 2025 to March 2026",
            "framework": "Plan: the outcome framework version it answers to (optional)",
        }
        widgets = {"needs": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = FrameworkVersion.objects.filter(
            status="published"
        ).select_related("framework")
        self.fields["framework"].label_from_instance = lambda v: (
            f"{v.framework.name}, version {v.number}"
        )
        self.fields["needs"].validators.append(text_limit("The needs evidence"))
        self.helper = gds_helper(
            Field.text("name"),
            Field.select("budget"),
            Field.textarea("needs"),
            Field.text("needs_period"),
            Field.select("framework"),
            submit="Save the exercise",
        )


class ContractForm(forms.ModelForm):
    starts_on = DateField(label="Start of the term")
    ends_on = DateField(label="Last day of the term")
    value = money("Value", hint="The most it can pay over the whole term.")
    upfront = money("Up-front payment", required=False, hint="Paid in the first month.")
    outcome_cap = money(
        "Cap on outcome payments", required=False, hint="The most the rate card can pay in all."
    )
    monthly_cost = money(
        "Open-book monthly cost",
        required=False,
        hint="What delivering it costs the provider each month in full, as its open book shows.",
    )
    max_share_at_risk = forms.DecimalField(
        label="Most of a provider's income that may ride on outcomes, in percent (optional)",
        help_text="Leave empty for the area's setting.",
        required=False,
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        model = Contract
        fields = [
            "reference",
            "title",
            "mechanism",
            "delivery",
            "agreement",
            "status",
            "starts_on",
            "ends_on",
            "value",
            "upfront",
            "payment_lag_months",
            "outcome_cap",
            "monthly_cost",
            "max_share_at_risk",
            "budget",
            "exercise",
            "service",
            "investor",
            "outcome_payer",
            "purposes",
        ]
        labels = {
            "reference": "Contract reference",
            "title": "What it is for, in a few words",
            "mechanism": "How it pays",
            "delivery": "Who delivers it",
            "agreement": "Consortium agreement (for a consortium)",
            "status": "Status",
            "payment_lag_months": "Months from an outcome to its payment",
            "budget": "Funded from a pooled budget (optional)",
            "exercise": "Commissioning exercise (optional)",
            "service": "The service in the directory (optional)",
            "investor": "Investor (for a social impact bond)",
            "outcome_payer": "Outcome payer (for a social impact bond)",
            "purposes": "Agreed purposes (for a learning partnership)",
        }
        widgets = {
            "mechanism": forms.RadioSelect,
            "delivery": forms.RadioSelect,
            "agreement": forms.Textarea(attrs={"rows": 3}),
            "purposes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.max_share_at_risk is not None and not self.is_bound:
            self.initial["max_share_at_risk"] = self.instance.max_share_at_risk * 100
        self.fields["service"].queryset = Service.objects.select_related("organisation")
        self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.organisation})"
        self.helper = gds_helper(
            Field.text("reference", field_width=10),
            Field.text("title"),
            Field.radios("mechanism", legend_size=Size.SMALL, small=True),
            Field.radios("delivery", legend_size=Size.SMALL, small=True),
            Field.textarea("agreement"),
            Field.select("status"),
            Fieldset(Field("starts_on"), Field("ends_on"), legend="Term", legend_size=Size.MEDIUM),
            Fieldset(
                Field.text("value", field_width=10),
                Field.text("upfront", field_width=10),
                Field.text("payment_lag_months", field_width=3),
                Field.text("outcome_cap", field_width=10),
                Field.text("monthly_cost", field_width=10),
                Field.text("max_share_at_risk", field_width=4),
                legend="Money",
                legend_size=Size.MEDIUM,
            ),
            Field.select("budget"),
            Field.select("exercise"),
            Field.select("service"),
            Field.text("investor"),
            Field.text("outcome_payer"),
            Field.textarea("purposes"),
            submit="Save the contract",
        )

    def clean_max_share_at_risk(self):
        percent = self.cleaned_data.get("max_share_at_risk")
        return None if percent is None else (percent / 100).quantize(Decimal("0.0001"))

    def clean_upfront(self):
        return self.cleaned_data.get("upfront") or Decimal("0")


class PartyForm(forms.ModelForm):
    value = money("Its share of the value")
    at_risk = money(
        "How much of that is paid only on outcomes", required=False, hint="0 if none of it."
    )

    class Meta:
        model = Party
        fields = ["organisation", "tier", "value", "at_risk", "work"]
        labels = {
            "organisation": "Provider",
            "tier": "Its place in the supply chain",
            "work": "What it does in the contract",
        }
        widgets = {"tier": forms.RadioSelect, "work": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(commissions=False)
        self.helper = gds_helper(
            Field.select("organisation"),
            Field.radios("tier", legend_size=Size.SMALL, small=True),
            Field.text("value", field_width=10),
            Field.text("at_risk", field_width=10),
            Field.textarea("work"),
            submit="Add to the supply chain",
        )

    def clean_at_risk(self):
        return self.cleaned_data.get("at_risk") or Decimal("0")


class BreakForm(forms.ModelForm):
    on = DateField(label="Break date")

    class Meta:
        model = BreakClause
        fields = ["on", "notice_days", "remind_days", "note"]
        labels = {
            "notice_days": "Days of notice it needs",
            "remind_days": "Remind me this many days before notice is due",
            "note": "Note (optional)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field("on"),
            Field.text("notice_days", field_width=3),
            Field.text("remind_days", field_width=3),
            Field.text("note"),
            submit="Add the break clause",
        )


class OutcomeForm(forms.ModelForm):
    price = money("Price")

    class Meta:
        model = RateCardOutcome
        fields = ["name", "indicator", "stage", "price", "per_person", "expected"]
        labels = {
            "name": "Outcome, as the rate card names it",
            "indicator": "Indicator that shows it",
            "stage": "Interim or final",
            "per_person": "Most times it is paid for one person",
            "expected": "How many the contract expects over its term",
        }
        widgets = {"stage": forms.RadioSelect}

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.filter(
            outcome__domain__version__status="published"
        ).select_related("outcome__domain__version__framework")
        if contract.exercise_id and contract.exercise.framework_id:
            indicators = indicators.filter(outcome__domain__version=contract.exercise.framework_id)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].label_from_instance = lambda i: (
            f"{i.name} ({i.outcome.domain.version.framework.name}, "
            f"version {i.outcome.domain.version.number})"
        )
        self.helper = gds_helper(
            Field.text("name"),
            Field.select("indicator"),
            Field.radios("stage", legend_size=Size.SMALL, small=True, inline=True),
            Field.text("price", field_width=10),
            Field.text("per_person", field_width=3),
            Field.text("expected", field_width=5),
            submit="Add to the rate card",
        )


class LearningReviewForm(forms.ModelForm):
    held_on = DateField(label="When the review was held")

    class Meta:
        model = LearningReview
        fields = ["held_on", "provider_words", "people_words", "system_issues"]
        labels = {
            "provider_words": "What the provider has learnt, in its words",
            "people_words": "What the people it supports say, in their words (optional)",
            "system_issues": "System issues it raised (optional)",
        }
        widgets = {
            "provider_words": forms.Textarea(attrs={"rows": 5}),
            "people_words": forms.Textarea(attrs={"rows": 5}),
            "system_issues": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field("held_on"),
            Field.textarea("provider_words"),
            Field.textarea("people_words"),
            Field.checkboxes("system_issues", legend_size=Size.SMALL, small=True),
            submit="Save the learning review",
        )


class DecisionForm(forms.ModelForm):
    decided_on = DateField(label="Date of the decision")

    class Meta:
        model = ReviewDecision
        fields = ["decision", "reasons", "transition_plan", "decided_on"]
        labels = {
            "decision": "Decision",
            "reasons": "Why, on the evidence above",
            "transition_plan": "Transition plan for the people it supports",
        }
        help_texts = {
            "transition_plan": "Needed to decommission or re-tender: who will support each "
            "person, from when, and how they will be told."
        }
        widgets = {
            "decision": forms.RadioSelect,
            "reasons": forms.Textarea(attrs={"rows": 4}),
            "transition_plan": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("decision", legend_size=Size.SMALL, small=True),
            Field.textarea("reasons"),
            Field.textarea("transition_plan"),
            Field("decided_on"),
            submit="Record the decision",
        )

    def clean(self):
        data = super().clean()
        ending = data.get("decision") in ReviewDecision.ENDING
        if ending and not (data.get("transition_plan") or "").strip():
            self.add_error(
                "transition_plan",
                "Write the transition plan: the service's people need to know who will "
                "support them before it is decommissioned or re-tendered",
            )
        return data


class CashflowForm(forms.Form):
    """The assumptions behind a contract's cash flow, chosen on the page (GET)."""

    party = forms.TypedChoiceField(
        label="Whose cash flow", coerce=int, required=False, empty_value=None
    )
    achieved = forms.TypedChoiceField(
        label="How many of the expected outcomes are achieved",
        coerce=int,
        initial=100,
        widget=forms.RadioSelect,
        choices=[
            (50, "Half"),
            (75, "Three quarters"),
            (100, "All of them"),
            (125, "A quarter more"),
        ],
    )
    first_month = forms.IntegerField(
        label="Month of the term the first outcomes come in",
        min_value=1,
        max_value=120,
        initial=4,
    )
    compare = forms.MultipleChoiceField(
        label="Compare with",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, contract, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [("", "The whole contract")] + [
            (p.pk, f"{p.organisation} ({p.get_tier_display().lower()})")
            for p in contract.parties.select_related("organisation")
        ]
        self.fields["compare"].choices = choices
        self.helper = gds_helper(
            Field.select("party"),
            Field.radios("achieved", legend_size=Size.SMALL, small=True, inline=True),
            Field.text("first_month", field_width=3),
            Field.checkboxes("compare", legend_size=Size.SMALL, small=True),
            submit="Show the cash flow",
        )
