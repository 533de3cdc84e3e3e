"""Forms for tenders, profiles, bids, scores and moderation (GOV.UK Design System)."""

from decimal import Decimal

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.core.exceptions import ValidationError

from joinedup.accounts.models import User
from joinedup.commissioning import tender_access as access
from joinedup.commissioning import tender_scoring as scoring
from joinedup.commissioning.models import Exercise
from joinedup.commissioning.tender_models import SCORES, CostLine, Criterion
from joinedup.forms_page import DateField, gds_helper, text_limit

SCORE_CHOICES = [("", "Choose a score")] + [(str(v), words) for v, words in SCORES]
Part = Criterion.Part


def _text(label, *, required=True, rows=4, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        validators=[text_limit(label)],
    )


def _money(label, *, required=True, help_text="In pounds, for example 125000.00"):
    return forms.DecimalField(
        label=label,
        required=required,
        help_text=help_text,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
    )


def _weight(label):
    return forms.IntegerField(label=label, min_value=0, max_value=100)


def add_errors(form, error: ValidationError) -> None:
    """A service's refusal onto the form: each named field's message under it, the rest at
    the top."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class TenderForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    description = _text("What is being bought, for whom, and why", rows=5)
    exercise = forms.ModelChoiceField(
        label="Commissioning exercise it belongs to (optional)",
        queryset=Exercise.objects.none(),
        required=False,
    )
    estimated_value = _money("Estimated value over the whole term (£)")
    publish_on = DateField(label="Date it opens for bids")
    closes_on = DateField(label="Closing date for bids")
    price_weight = _weight("Price")
    quality_weight = _weight("Quality")
    social_value_weight = _weight("Social value")
    open_book = forms.BooleanField(
        label="Bids must show the full cost of delivery, line by line (open book)",
        required=False,
    )
    open_book_reason = _text(
        "Why the tender asks for open-book costs", required=False, rows=3,
        help_text="For example: to talk openly about what it costs to serve people others turn "
        "away.",
    )  # fmt: skip

    def __init__(self, *args, commissioner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exercise"].queryset = Exercise.objects.filter(commissioner=commissioner)
        self.helper = gds_helper(
            Field.text("title"),
            Field.textarea("description"),
            Field.select("exercise"),
            Field.text("estimated_value", field_width=10),
            Field("publish_on"),
            Field("closes_on"),
            Fieldset(
                Field.text("price_weight", field_width=3),
                Field.text("quality_weight", field_width=3),
                Field.text("social_value_weight", field_width=3),
                legend="Weights, out of 100 in all",
                legend_size=Size.SMALL,
            ),
            Field.checkbox("open_book", small=True),
            Field.textarea("open_book_reason"),
            submit="Save the tender",
        )

    def clean(self):
        data = super().clean()
        weights = [data.get(k) for k in ("price_weight", "quality_weight", "social_value_weight")]
        if None not in weights:
            problem = scoring.weights_problem(*weights)
            if problem:
                self.add_error("price_weight", problem)
        return data


class CriterionForm(forms.Form):
    part = forms.ChoiceField(label="Part", choices=Part.choices, widget=forms.RadioSelect)
    question = forms.CharField(label="Question", max_length=300)
    guidance = _text("What a good answer shows", required=False, rows=3)
    weight = forms.IntegerField(
        label="Weight within its part, out of 100", min_value=1, max_value=100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("part", legend_size=Size.SMALL, small=True, inline=True),
            Field.text("question"),
            Field.textarea("guidance"),
            Field.text("weight", field_width=3),
            submit="Add the question",
        )


class EvaluatorForm(forms.Form):
    user = forms.ModelChoiceField(label="Evaluator", queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(memberships__role__in=access.EVALUATOR_ROLES, is_active=True)
            .distinct()
            .order_by("full_name")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"
        self.helper = gds_helper(Field.select("user"), submit="Appoint the evaluator")


class ProfileForm(forms.Form):
    annual_income = _money("Total income in your last accounts (£)")
    accounts_year = forms.IntegerField(
        label="The year those accounts end", min_value=1990, max_value=2100
    )
    staff = forms.IntegerField(label="Paid staff (optional)", min_value=0, required=False)
    summary = _text("What your organisation does, and for whom", rows=5)
    social_value = _text(
        "What you add beyond the contract (social value)", rows=5, required=False,
        help_text="For example: local jobs, volunteering, peer mentors with lived experience.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("annual_income", field_width=10),
            Field.text("accounts_year", field_width=4),
            Field.text("staff", field_width=5),
            Field.textarea("summary"),
            Field.textarea("social_value"),
            submit="Save the profile",
        )


class BidForm(forms.Form):
    """The price, an answer to each question and, where asked, the open-book costs."""

    price = _money("Your price over the whole term (£)")

    def __init__(self, *args, tender, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        layout = [Field.text("price", field_width=10)]
        for part in Part:
            asked = [c for c in criteria if c.part == part]
            names = []
            for c in asked:
                name = f"answer_{c.pk}"
                self.fields[name] = _text(
                    f"{c.question} (weight {c.weight} of 100)", rows=6, help_text=c.guidance
                )
                names.append(Field.textarea(name))
            if names:
                layout.append(Fieldset(*names, legend=part.label, legend_size=Size.MEDIUM))
        self.open_book = tender.open_book
        if tender.open_book:
            lines = []
            for value, label in CostLine.Category.choices:
                self.fields[f"cost_{value}"] = _money(f"{label} (£)", required=False, help_text="")
                self.fields[f"cost_{value}_notes"] = forms.CharField(
                    label=f"{label}: what it pays for (optional)", required=False, max_length=500
                )
                lines += [
                    Field.text(f"cost_{value}", field_width=10),
                    Field.text(f"cost_{value}_notes"),
                ]
            layout.append(
                Fieldset(
                    *lines, legend="Open book: the full cost of delivery", legend_size=Size.MEDIUM
                )
            )
        self.helper = gds_helper(*layout, submit="Submit the bid")

    def answers(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"answer_{c.pk}", "") for c in self.criteria}

    def costs(self) -> dict:
        if not self.open_book:
            return {}
        return {
            value: (
                self.cleaned_data.get(f"cost_{value}"),
                self.cleaned_data.get(f"cost_{value}_notes"),
            )
            for value in CostLine.Category.values
        }


class ScoreForm(forms.Form):
    """One evaluator's scores for a bid: a score and a comment for each question."""

    def __init__(self, *args, criteria, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.answer_of = answers
        layout = []
        for c in criteria:
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=f"Score for “{c.question}”", choices=SCORE_CHOICES, coerce=int
            )
            self.fields[f"comment_{c.pk}"] = _text(f"Why, for “{c.question}”", rows=3)
            layout += [Field.select(f"score_{c.pk}"), Field.textarea(f"comment_{c.pk}")]
        self.helper = gds_helper(*layout, submit="Save my scores")

    def scores(self) -> dict:
        data = self.cleaned_data
        return {
            c.pk: (data.get(f"score_{c.pk}"), data.get(f"comment_{c.pk}", ""))
            for c in self.criteria
        }


class ModerationForm(forms.Form):
    reasons = _text("Reasons for the moderated scores", rows=5)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        layout = []
        for c in criteria:
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=f"Agreed score for “{c.question}”", choices=SCORE_CHOICES, coerce=int
            )
            layout.append(Field.select(f"score_{c.pk}"))
        layout.append(Field.textarea("reasons"))
        self.helper = gds_helper(*layout, submit="Record the moderated result")

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}


class AwardForm(forms.Form):
    bid = forms.ModelChoiceField(label="Award to", queryset=None, widget=forms.RadioSelect)
    reasons = _text("Reasons for the award", rows=4)

    def __init__(self, *args, bids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].queryset = bids
        self.fields["bid"].label_from_instance = lambda b: str(b.provider)
        self.helper = gds_helper(
            Field.radios("bid", legend_size=Size.SMALL, small=True),
            Field.textarea("reasons"),
            submit="Award the tender",
        )


class CancelForm(forms.Form):
    reasons = _text("Reasons for cancelling", rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("reasons"), submit="Cancel the tender")
