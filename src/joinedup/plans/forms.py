from crispy_forms_gds.layout import Field, Size
from django import forms

from joinedup.directory.models import Organisation
from joinedup.forms_page import DateField, gds_helper
from joinedup.plans.models import (
    Completed,
    OutcomeRating,
    PersonalOutcome,
    PlanStep,
    SupportPlan,
    Transition,
)
from joinedup.versioned import CHANGED_SINCE


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}" if day else "no date"


def _with_version(form, version: int) -> None:
    """Carry the version just shown, so that saving again is a choice made having seen it."""
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = str(version)


def _changed_since(form, now: dict, typed: dict, version: int) -> None:
    """Say which fields someone else changed since the form was shown (`now`: each field's
    value and words as saved), on the form and beside each field, keeping what was typed."""
    changed = [name for name, (value, _) in now.items() if typed.get(name) != value]
    summary = "; ".join(f"{form.fields[n].label}: “{now[n][1]}”" for n in changed)
    form.add_error(
        None,
        f"{CHANGED_SINCE} It now says: {summary}. Your changes are still below: "
        "check them against it and save again."
        if changed
        else f"{CHANGED_SINCE} It now says what you typed: save again to keep it.",
    )
    for name in changed:
        form.add_error(name, f"Someone else changed this to “{now[name][1]}”")
    _with_version(form, version)


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

    def show_conflict(self, current: PlanStep) -> None:
        """Someone saved the step since this form was opened: say so, field by field, with
        what each now says; the typed changes stay in the form and nothing is saved."""
        now = {
            "title": (current.title, current.title),
            "area": (current.area, current.get_area_display()),
            "owner": (current.owner, str(current.owner or "The person themselves")),
            "status": (current.status, current.get_status_display()),
            "blocked_by": (current.blocked_by, current.blocked_by or "nothing"),
            "waiting_on": (current.waiting_on, str(current.waiting_on or "Nobody")),
            "depends_on": (
                {s.pk for s in current.depends_on.all()},
                "; ".join(s.title for s in current.depends_on.all()) or "no other step",
            ),
            "due_on": (current.due_on, _day(current.due_on)),
        }
        typed = dict(self.cleaned_data)
        typed["depends_on"] = {s.pk for s in typed.get("depends_on", [])}
        _changed_since(self, now, typed, current.version)


class WhatMattersForm(forms.Form):
    what_matters = forms.CharField(
        label="What matters to them now, in their own words",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan: SupportPlan, label=None, **kwargs):
        kwargs.setdefault(
            "initial", {"what_matters": plan.what_matters, "version": plan.what_matters_version}
        )
        super().__init__(*args, **kwargs)
        if label:
            self.fields["what_matters"].label = label
        self.helper = gds_helper(
            Field.textarea("what_matters", label_size=Size.SMALL), Field("version"), submit="Save"
        )

    def show_conflict(self, current: SupportPlan) -> None:
        """Someone saved these words since the form was opened: show what they say now; the
        words typed stay in the box, unsaved."""
        now = current.what_matters or "nothing (it was cleared)"
        self.add_error(
            "what_matters",
            f"{CHANGED_SINCE} It now says: “{now}”. Your words are still in the box: "
            "check them against it and save again.",
        )
        _with_version(self, current.what_matters_version)


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


#: What each point of the 1 to 10 scale means, said the way a person would say it.
RATING_WORDS = {1: "Not started", 4: "Some way along", 7: "Getting close", 10: "Where I want to be"}


def _rating_choices():
    return [
        (n, f"{n}: {RATING_WORDS[n]}" if n in RATING_WORDS else str(n)) for n in OutcomeRating.SCALE
    ]


class OutcomeForm(forms.Form):
    """A worker writing down an outcome with the person, or changing it."""

    words = forms.CharField(
        label="What matters to them, in their own words",
        help_text="Write what they said, as they said it: for example “I want a place my "
        "kids can visit”.",
        max_length=300,
        error_messages={"required": "Enter what matters to them, in their own words"},
    )
    written_by = forms.ChoiceField(
        label="Whose words are these", choices=Completed.choices, initial=Completed.TOGETHER
    )
    status = forms.ChoiceField(
        label="Where it stands", choices=PersonalOutcome.Status.choices, required=False
    )
    steps = forms.ModelMultipleChoiceField(
        label="Plan steps that work towards it",
        queryset=PlanStep.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, plan: SupportPlan, outcome: PersonalOutcome | None = None,
        by_the_person: bool = False, **kw,
    ):  # fmt: skip
        if outcome is not None:
            kw.setdefault(
                "initial",
                {"words": outcome.words, "written_by": outcome.written_by,
                 "status": outcome.status, "steps": list(outcome.steps.all()),
                 "version": outcome.version},
            )  # fmt: skip
        super().__init__(*args, **kw)
        self.fields["steps"].queryset = plan.steps.all()
        fields = [Field.text("words"), Field.radios("written_by", small=True, inline=True)]
        if outcome is None:
            del self.fields["status"], self.fields["version"]
        else:
            del self.fields["written_by"]
            fields = [Field.text("words"), Field.radios("status", small=True)]
        fields.append(Field.checkboxes("steps", small=True))
        if "version" in self.fields:
            fields.append(Field("version"))
        if by_the_person:
            del self.fields["written_by"], self.fields["steps"]
            words = self.fields["words"]
            words.label, words.help_text = "What matters to you?", "In your own words."
            words.error_messages["required"] = "Write what matters to you"
            fields = [Field.text("words")]
        self.helper = gds_helper(*fields, submit="Save outcome")

    def show_conflict(self, current: PersonalOutcome) -> None:
        """Someone saved the outcome since this form was opened: say what it now says, field
        by field; the typed changes stay in the form and nothing is saved."""
        steps = list(current.steps.all())
        now = {
            "words": (current.words, current.words),
            "status": (current.status, current.get_status_display()),
            "steps": ({s.pk for s in steps}, "; ".join(s.title for s in steps) or "no step"),
        }
        typed = {**self.cleaned_data, "steps": {s.pk for s in self.cleaned_data["steps"]}}
        _changed_since(self, now, typed, current.version)


class RatingForm(forms.Form):
    """How close the person is to an outcome today. At /me/ the person rates it themselves."""

    rating = forms.TypedChoiceField(
        label="How close is it now?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how close it is, from 1 to 10"},
    )
    rated_by = forms.ChoiceField(
        label="Whose rating is this", choices=Completed.choices, initial=Completed.TOGETHER
    )
    rated_on = DateField(label="Date of the rating", required=False, require_all_fields=False)
    note = forms.CharField(label="Anything to add (optional)", max_length=300, required=False)

    def __init__(self, *args, by_the_person: bool = False, **kw):
        super().__init__(*args, **kw)
        self.fields["rating"].choices = _rating_choices()
        fields = [Field.radios("rating", small=True)]
        if by_the_person:
            del self.fields["rated_by"], self.fields["rated_on"]
            self.fields["rating"].label = "How close are you now?"
        else:
            fields += [Field.radios("rated_by", small=True, inline=True), Field("rated_on")]
        self.helper = gds_helper(*fields, Field.text("note"), submit="Save rating")
