from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field, Fieldset, Size
from django import forms

from joinedup.accounts.models import User
from joinedup.assessment.models import Category
from joinedup.directory.models import Organisation
from joinedup.forms_page import DateField, RecordsField, gds_helper, text_limit
from joinedup.people.models import Consent, Person, Section
from joinedup.people.nhs import nhs_number_is_valid
from joinedup.referrals.models import IDENTITY_FIELDS, Decision, ListStatus, Need, StuckCase
from joinedup.versioned import version_field

SHAREABLE = [
    c for c in Section.choices if c[0] not in (Section.IDENTITY, Section.STORY, Section.ASSESSMENTS)
]
NHS_NUMBER = forms.RegexField(
    regex=r"^\d{10}$",
    label="NHS number (if known)",
    required=False,
    error_messages={"invalid": "Enter an NHS number of 10 digits, without spaces"},
)


class IdentityMixin(forms.Form):
    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    known_as = forms.CharField(label="Known as (optional)", max_length=100, required=False)
    date_of_birth = DateField(label="Date of birth", required=False, require_all_fields=True)
    sex = forms.ChoiceField(
        label="Sex (optional)", choices=Person.Sex.choices, required=False, widget=forms.RadioSelect
    )
    ethnicity = forms.ChoiceField(
        label="Ethnic group (optional)",
        choices=[("", "Not asked")] + Person.Ethnicity.choices,
        required=False,
        help_text="Asked so the panel can check its decisions are fair.",
    )
    disability = forms.ChoiceField(
        label="Do they consider themselves disabled? (optional)",
        choices=Person.Disability.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    nhs_number = NHS_NUMBER

    IDENTITY = IDENTITY_FIELDS

    def clean_nhs_number(self):
        number = self.cleaned_data.get("nhs_number", "")
        if number and not nhs_number_is_valid(number):
            raise forms.ValidationError("This NHS number's check digit is wrong: check each digit")
        return number

    def identity(self) -> dict:
        return {
            k: self.cleaned_data.get(k) or ("" if k != "date_of_birth" else None)
            for k in self.IDENTITY
            if k in self.fields
        }

    def identity_layout(self):
        return Fieldset(
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field.text("known_as", field_width=20),
            Field("date_of_birth"),
            Field.radios("sex", legend_size=Size.SMALL, inline=True),
            Field.select("ethnicity"),
            Field.radios("disability", legend_size=Size.SMALL, inline=True),
            Field.text("postcode", field_width=10),
            Field.text("nhs_number", field_width=10),
            legend="Who the person is",
            legend_size=Size.MEDIUM,
        )


class ReferralForm(IdentityMixin):
    """One referral form for every member organisation (South Tyneside: one form, not many)."""

    needs = forms.MultipleChoiceField(
        label="What are they facing?",
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply.",
        error_messages={"required": "Choose what they are facing"},
    )
    what_is_happening = forms.CharField(
        label="What is happening for them",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Written with the person. Later referrals reuse it instead of asking again.",
        error_messages={"required": "Say what is happening for them"},
        validators=[text_limit("What is happening for them")],
    )
    what_matters = forms.CharField(
        label="What matters to them, in their own words",
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[text_limit("What matters to them")],
    )
    organisations = RecordsField(
        label="Who may receive this referral",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one organisation the referral may go to"},
    )
    sections = forms.MultipleChoiceField(
        label="What else may they see (optional)",
        choices=SHAREABLE,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Who they are, their story and their NDT assessment always go with it.",
    )
    basis = forms.ChoiceField(
        label="On what basis",
        choices=Consent.CHOOSABLE,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the person consents, or the lawful basis"},
    )
    legal_gateway = forms.CharField(
        label="The law or duty relied on, if not consent", max_length=200, required=False
    )
    reason = forms.CharField(
        label="Why consent was not asked for or given",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, panel, person=None, profile=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = panel.organisations.all()
        self.fields["organisations"].help_text = (
            f"The front door is {panel.host}: it must be one of them. Each organisation chosen "
            "is recorded in the person's sharing ledger."
        )
        if person is not None:
            for name in self.IDENTITY:
                del self.fields[name]
        if profile is not None and not self.is_bound:
            self.initial.update(
                what_is_happening=profile.what_is_happening, what_matters=profile.what_matters
            )
        layout = [] if person is not None else [self.identity_layout()]
        self.helper = gds_helper(
            *layout,
            Fieldset(
                Field.checkboxes("needs", legend_size=Size.SMALL, small=True),
                Field.textarea("what_is_happening"),
                Field.textarea("what_matters"),
                legend="What is happening",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkboxes("organisations", legend_size=Size.SMALL, small=True),
                Field.checkboxes("sections", legend_size=Size.SMALL, small=True),
                Field.radios("basis", legend_size=Size.SMALL),
                Field.text("legal_gateway"),
                Field.textarea("reason"),
                legend="Consent and sharing",
                legend_size=Size.MEDIUM,
            ),
            submit="Send referral",
        )


class SelfReferralForm(forms.Form):
    """Short and plain: it works on a phone and needs no account. Only three things are
    needed: a name to call the person by, a way to reach them, and what is happening."""

    first_name = forms.CharField(
        label="Your first name, or the name you like to be called",
        max_length=100,
        error_messages={"required": "Enter your first name, so we know who to ask for"},
    )
    last_name = forms.CharField(label="Your last name (optional)", max_length=100, required=False)
    date_of_birth = DateField(
        label="Your date of birth (optional)", required=False, require_all_fields=True
    )
    contact_by = forms.CharField(
        label="How can we get in touch?",
        max_length=200,
        help_text="A phone number, an email, or a place we can find you, like a drop-in.",
        error_messages={
            "required": "Enter a phone number, an email or a place we can find you, "
            "so we can get in touch"
        },
    )
    what_is_happening = forms.CharField(
        label="What is happening for you?",
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[text_limit("What is happening for you")],
        error_messages={"required": "Tell us what is happening for you, so we know how to help"},
    )
    what_matters = forms.CharField(
        label="What matters most to you right now? (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        validators=[text_limit("What matters most to you")],
    )
    agree = forms.BooleanField(
        label="I agree that what I have written here goes to the team, so they can help me",
        error_messages={"required": "Tick the box so we can pass on what you have written"},
    )

    def __init__(self, *args, panel, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field("date_of_birth"),
            Field.text("contact_by"),
            Field.textarea("what_is_happening"),
            Field.textarea("what_matters"),
            Field.checkbox("agree"),
            submit="Send",
        )


class ShareForm(forms.Form):
    organisation = forms.ModelChoiceField(label="Share with", queryset=Organisation.objects.all())
    override_reason = forms.CharField(
        label="Override: why share without consent or a recorded basis (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Only co-ordinators and panel members may override. The reason is logged.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.select("organisation"), Field.textarea("override_reason"), submit="Share"
        )


class DecisionForm(forms.Form):
    """The panel's decision. What each outcome needs is revealed under it (GOV.UK conditional
    reveal); without JavaScript every field shows, each saying when it is needed."""

    outcome = forms.ChoiceField(
        label="Decision", choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    priority = forms.TypedChoiceField(
        label="Priority",
        choices=Decision.Priority.choices,
        coerce=int,
        empty_value=None,  # not '': declining, deferring or referring on needs no priority
        widget=forms.RadioSelect,
        required=False,
        help_text="Needed to accept.",
    )
    decline_reason = forms.CharField(
        label="Reason for declining",
        max_length=300,
        required=False,
        help_text="Needed to decline.",
    )
    refer_to = forms.ModelChoiceField(
        label="Organisation referred to",
        queryset=Organisation.objects.all(),
        required=False,
        help_text="Needed to refer elsewhere.",
    )
    review_on = DateField(
        label="Review date",
        required=False,
        require_all_fields=True,
        help_text="Needed to accept or defer. For example, 27 3 2026.",
    )
    rationale = forms.CharField(label="Rationale", widget=forms.Textarea(attrs={"rows": 4}))
    dissent = forms.CharField(
        label="Dissent (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Any member who disagreed, and why.",
    )
    override_reason = forms.CharField(
        label="Why the decision departs from the score-based order",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed only if it departs from that order: the papers show it.",
    )
    # The latest decision the form was opened after (0: none), so that one recorded since by
    # another member is not overturned unseen (decisions.decide).
    last_seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, referral=None, **kwargs):
        if referral is not None:
            latest = referral.decisions.order_by("-pk").values_list("pk", flat=True).first()
            kwargs.setdefault("initial", {"last_seen": latest or 0})
        super().__init__(*args, **kwargs)
        outcome = Decision.Outcome
        self.helper = gds_helper(
            ConditionalRadios(
                "outcome",
                ConditionalQuestion(
                    outcome.ACCEPT.label,
                    Field.radios("priority", legend_size=Size.SMALL, inline=True),
                ),
                ConditionalQuestion(outcome.DECLINE.label, Field.text("decline_reason")),
                outcome.DEFER.label,
                ConditionalQuestion(outcome.REFER_ELSEWHERE.label, Field.select("refer_to")),
            ),
            Field("review_on"),
            Field.textarea("rationale"),
            Field.textarea("dissent"),
            Field.textarea("override_reason"),
            Field("last_seen"),
            submit="Record decision",
        )

    def clean(self):
        data = super().clean()
        if data.get("last_seen") is None:  # a hidden field: its error is said at the top
            raise forms.ValidationError(
                "The form did not say which decisions it showed: open it again"
            )
        return data


class AllocationForm(forms.Form):
    coordinator = forms.ModelChoiceField(label="Co-ordinator", queryset=User.objects.none())
    reason = forms.CharField(label="Reason (optional)", max_length=300, required=False)

    def __init__(self, *args, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators
        self.fields["coordinator"].label_from_instance = lambda u: u.full_name or u.email
        self.helper = gds_helper(
            Field.select("coordinator"), Field.text("reason"), submit="Allocate"
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status on the by-name list", choices=ListStatus.choices, widget=forms.RadioSelect
    )
    on = DateField(label="Since", required=False, require_all_fields=True)
    waiting_for = forms.CharField(
        label="If on hold, what they are waiting for",
        max_length=200,
        required=False,
        help_text="For example a safe place to live. On hold is not counted as inactive.",
    )
    died_on = DateField(label="If they died, the date", required=False, require_all_fields=True)
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("status", legend_size=Size.SMALL),
            Field("on"),
            Field.text("waiting_for"),
            Field("died_on"),
            Field.text("note"),
            submit="Update status",
        )


class StuckCaseForm(forms.ModelForm):
    category = forms.ChoiceField(
        label="What kind of barrier", choices=Category.choices, initial=Category.THRESHOLDS
    )
    meeting = forms.ModelChoiceField(label="Bring to the meeting on", queryset=None, required=False)

    class Meta:
        model = StuckCase
        fields = ["agency", "rule", "asked"]
        labels = {
            "agency": "Which agency's rule or threshold is in the way",
            "rule": "The rule or threshold",
            "asked": "The flexible response you are asking for",
        }
        widgets = {"asked": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.helper = gds_helper(
            Field.select("agency"),
            Field.text("rule"),
            Field.textarea("asked"),
            Field.select("category"),
            Field.select("meeting"),
            submit="Bring to the panel",
        )


class StuckAnswerForm(forms.ModelForm):
    version = version_field()

    class Meta:
        model = StuckCase
        fields = ["exception", "answer"]
        labels = {"exception": "Did the agency make an exception?", "answer": "Their answer"}
        widgets = {"exception": forms.RadioSelect, "answer": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exception"].choices = StuckCase.Exception_.choices
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version
        self.helper = gds_helper(
            Field.radios("exception", legend_size=Size.SMALL),
            Field.textarea("answer"),
            Field("version"),
            submit="Record the answer",
        )


class ByNameFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status")] + ListStatus.choices, required=False
    )
    q = forms.CharField(label="Name", required=False, max_length=100)
