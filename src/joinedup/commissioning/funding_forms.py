"""Forms for joint funding for one person: the request and a budget holder's answer."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from joinedup.commissioning.forms import _text, money
from joinedup.directory.models import Organisation
from joinedup.forms_page import gds_helper


class FundingRequestForm(forms.Form):
    """A joint-funding request: the case as budget holders will read it, and each one's share."""

    title = forms.CharField(
        label="What the funding is for",
        max_length=200,
        help_text="For example: residential rehab with her two children",
    )
    summary = _text(
        "The case, for budget holders",
        rows=6,
        hint="Budget holders read this and nothing else from the record. Do not write the "
        "person's name, address or date of birth.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.holders = list(Organisation.objects.filter(commissions=True).order_by("name"))
        shares = []
        for org in self.holders:
            name = f"share_{org.pk}"
            self.fields[name] = money(f"{org.name}'s share", required=False)
            shares.append(Field.text(name, field_width=10))
        self.helper = gds_helper(
            Field.text("title"),
            Field.textarea("summary"),
            Fieldset(
                *shares,
                legend="Each budget holder's share (leave empty if none)",
                legend_size=Size.MEDIUM,
            ),
            submit="Send to the budget holders",
        )

    def shares(self) -> dict:
        return {org: self.cleaned_data.get(f"share_{org.pk}") for org in self.holders}

    def clean(self):
        data = super().clean()
        given = [org for org in self.holders if data.get(f"share_{org.pk}")]
        if len(given) < 2 and self.holders:
            self.add_error(
                f"share_{self.holders[0].pk}",
                "Give at least two budget holders a share: joint funding needs two budgets or more",
            )
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Your budget's answer",
        choices=[("approve", "Approve our share"), ("decline", "Decline")],
        widget=forms.RadioSelect,
    )
    reason = _text("Why (needed to decline)", required=False, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("answer", legend_size=Size.SMALL, small=True, inline=True),
            Field.textarea("reason"),
            submit="Send the answer",
        )

    def clean(self):
        data = super().clean()
        if data.get("answer") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the budget cannot pay its share")
        return data
