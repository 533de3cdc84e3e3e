"""Forms for building an outcome framework (GOV.UK Design System)."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from joinedup.directory.models import Locality, Organisation
from joinedup.forms_page import DateField, gds_helper, text_limit
from joinedup.measures import indicators
from joinedup.measures.framework_models import (
    CoproductionRecord,
    FrameworkVersion,
    Indicator,
    Outcome,
)

Cohort = FrameworkVersion.Cohort


class VersionForm(forms.Form):
    """What the framework is for and who it reports on; with `name` when starting one."""

    name = forms.CharField(label="Name of the framework", max_length=200)
    purpose = forms.CharField(
        label="What the framework is for",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[text_limit("What the framework is for")],
    )
    population = forms.CharField(
        label="Who it is about, in plain words",
        help_text="For example: adults facing two or more of homelessness, drug or alcohol "
        "use, offending and mental ill-health.",
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[text_limit("Who it is about")],
    )
    cohort = forms.ChoiceField(
        label="Which people its indicators count", choices=Cohort.choices, widget=forms.RadioSelect
    )
    cohort_locality = forms.ModelChoiceField(
        label="Locality (for people living in a locality)",
        queryset=Locality.objects.none(),
        required=False,
    )
    cohort_organisation = forms.ModelChoiceField(
        label="Service (for a service's caseload)",
        queryset=Organisation.objects.none(),
        required=False,
    )

    def __init__(self, *args, starting: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort_locality"].queryset = Locality.objects.order_by("name")
        self.fields["cohort_organisation"].queryset = Organisation.objects.order_by("name")
        layout = [
            Field.textarea("purpose"),
            Field.textarea("population"),
            Field.radios("cohort", legend_size=Size.SMALL, small=True),
            Field.select("cohort_locality"),
            Field.select("cohort_organisation"),
        ]
        if starting:
            layout.insert(0, Field.text("name"))
        else:
            del self.fields["name"]
        self.helper = gds_helper(
            *layout, submit="Start the framework" if starting else "Save these details"
        )

    def clean(self):
        data = super().clean()
        if data.get("cohort") == Cohort.LOCALITY and not data.get("cohort_locality"):
            self.add_error("cohort_locality", "Choose the locality whose people it counts")
        if data.get("cohort") == Cohort.CASELOAD and not data.get("cohort_organisation"):
            self.add_error("cohort_organisation", "Choose the service whose caseload it counts")
        return data


class DomainForm(forms.Form):
    name = forms.CharField(label="Name of the domain", max_length=200)
    description = forms.CharField(
        label="What it covers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[text_limit("What it covers")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("name"), Field.textarea("description"), submit="Add the domain"
        )


class OutcomeForm(forms.Form):
    domain = forms.ModelChoiceField(label="Domain", queryset=None, empty_label=None)
    statement = forms.CharField(
        label="The outcome, in the words of the people it is for",
        help_text="For example: I have somewhere safe to live that is my own.",
        max_length=300,
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = version.domains.all()
        self.helper = gds_helper(
            Field.select("domain"), Field.text("statement"), submit="Add the outcome"
        )


class QualityForm(forms.Form):
    statement = forms.CharField(
        label="How services should work, as people put it",
        help_text="For example: I tell my story once.",
        max_length=300,
    )
    description = forms.CharField(
        label="What it means for a service",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[text_limit("What it means for a service")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("statement"), Field.textarea("description"), submit="Add the service quality"
        )


class KindForm(forms.Form):
    """Step one of adding an indicator: which kind."""

    kind = forms.ChoiceField(label="What the indicator counts", widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.label) for k in indicators.KINDS.values()]
        self.helper = gds_helper(
            Field.radios("kind", legend_size=Size.MEDIUM, small=True), submit="Continue"
        )


class IndicatorForm(forms.Form):
    """Step two: the indicator's outcome, name, direction, period and the kind's parameters."""

    outcome = forms.ModelChoiceField(label="The outcome it shows", queryset=None, empty_label=None)
    name = forms.CharField(label="Name of the indicator", max_length=200)
    direction = forms.ChoiceField(
        label="Which way is better", choices=Indicator.Direction.choices, widget=forms.RadioSelect
    )
    period_months = forms.TypedChoiceField(
        label="Counted over each",
        choices=Indicator.Period.choices,
        coerce=int,
        initial=Indicator.Period.QUARTER,
        widget=forms.RadioSelect,
        help_text="Periods run with the financial year, from 1 April.",
    )

    def __init__(self, *args, version, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = indicators.KINDS[kind]
        self.fields["outcome"].queryset = Outcome.objects.filter(domain__version=version).order_by(
            "domain__position", "position"
        )
        layout = [Field.select("outcome"), Field.text("name")]
        for p in self.kind.params:
            if p.choices is not None:
                self.fields[p.name] = forms.ChoiceField(
                    label=p.label, choices=[("", "Choose")] + p.choices(), required=p.required
                )
                layout.append(Field.select(p.name))
            else:
                self.fields[p.name] = forms.CharField(
                    label=p.label, help_text=p.hint, required=p.required, max_length=50
                )
                layout.append(Field.text(p.name, field_width=10))
        layout += [
            Field.radios("direction", legend_size=Size.SMALL, small=True, inline=True),
            Field.radios("period_months", legend_size=Size.SMALL, small=True, inline=True),
        ]
        self.helper = gds_helper(*layout, submit="Add the indicator")

    def clean(self):
        data = super().clean()
        raw = {p.name: data.get(p.name, "") for p in self.kind.params}
        params, errors = indicators.clean_params(self.kind.key, raw)
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        data["params"] = params
        return data


GROUPS = [
    ("lived_experience", "People with lived experience"),
    ("family", "Family members and carers"),
    ("front_line", "Front-line workers"),
    ("managers", "Managers and commissioners"),
    ("partners", "Other organisations and community groups"),
]


class CoproductionForm(forms.Form):
    level = forms.ChoiceField(
        label="How far up the ladder of co-production it reached",
        help_text="Think Local Act Personal's ladder of co-production, after Arnstein's ladder "
        "of participation.",
        choices=CoproductionRecord.Level.choices,
        widget=forms.RadioSelect,
    )
    methods = forms.MultipleChoiceField(
        label="How people took part",
        choices=CoproductionRecord.Method.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    started_on = DateField(label="When it began")
    ended_on = DateField(label="When it ended", required=False, require_all_fields=False)
    what_changed = forms.CharField(
        label="What changed because of the people who took part",
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[text_limit("What changed")],
    )
    other_group = forms.CharField(
        label="Another group (name the group, not people)", required=False, max_length=100
    )
    other_count = forms.IntegerField(
        label="How many from that group", required=False, min_value=0, max_value=100_000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        counts = []
        for key, label in GROUPS:
            self.fields[key] = forms.IntegerField(
                label=f"{label}: how many", required=False, min_value=0, max_value=100_000
            )
            counts.append(Field.text(key, field_width=4))
        self.helper = gds_helper(
            Field.radios("level", legend_size=Size.SMALL, small=True),
            Field.checkboxes("methods", legend_size=Size.SMALL, small=True),
            Field("started_on"),
            Field("ended_on"),
            *counts,
            Field.text("other_group"),
            Field.text("other_count", field_width=4),
            Field.textarea("what_changed"),
            submit="Save the co-production record",
        )

    @classmethod
    def initial_from(cls, record) -> dict:
        if record is None:
            return {}
        labels = {label: key for key, label in GROUPS}
        initial = {
            "level": record.level,
            "methods": record.methods,
            "started_on": record.started_on,
            "ended_on": record.ended_on,
            "what_changed": record.what_changed,
        }
        for p in record.participants:
            if p["group"] in labels:
                initial[labels[p["group"]]] = p["count"]
            else:
                initial["other_group"], initial["other_count"] = p["group"], p["count"]
        return initial

    def clean(self):
        data = super().clean()
        participants = [
            {"group": label, "count": data[key]} for key, label in GROUPS if data.get(key)
        ]
        if data.get("other_count") and not data.get("other_group"):
            self.add_error("other_group", "Name the other group the people came from")
        elif data.get("other_group") and not data.get("other_count"):
            self.add_error("other_count", "Say how many people from that group took part")
        elif data.get("other_group"):
            participants.append({"group": data["other_group"], "count": data["other_count"]})
        if not participants and not self.errors:
            self.add_error(GROUPS[0][0], "Say how many people took part, in at least one group")
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", "When it ended must be on or after when it began")
        data["participants"] = participants
        return data
