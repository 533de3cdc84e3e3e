"""Every form in the product says which field is wrong: sent empty, or with a choice that is
not on offer, no error is one of Django's generic messages, and each names its field."""

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.contrib.auth.forms import SetPasswordForm

from joinedup.accounts.models import User
from joinedup.commissioning.tender_models import Bid, Criterion, Tender
from joinedup.directory.models import Organisation
from joinedup.form_errors import GENERIC, named_message
from joinedup.referrals.models import Panel, PanelMeeting

SRC = Path(__file__).resolve().parents[1] / "src" / "joinedup"
GENERIC_TEXTS = {
    "This field is required.",
    "Select a valid choice. That choice is not one of the available choices.",
    "Enter the day, month and year",
}

#: What a form's constructor needs beyond its data, by keyword.
KWARGS = {
    "panel": lambda: Panel.objects.get_or_create(
        name="Panel", host=Organisation.objects.get_or_create(name="Front door")[0]
    )[0],
    "plan": None,
    "coordinators": User.objects.none,
    "users": User.objects.none,
    "readers": User.objects.none,
    "organisations": Organisation.objects.none,
    "meetings": PanelMeeting.objects.none,
    "choices": list,
    "starting": lambda: True,
    "version": None,
    "kind": None,
    "membership": None,
    "organisation": None,
    "user": lambda: User(email="someone@example.org"),
    # Tenders: an open-book tender with one question of each part (unsaved, so given ids).
    "commissioner": None,
    "tender": lambda: _tender()[0],
    "criteria": lambda: _tender()[1],
    "answers": dict,
    "bids": Bid.objects.none,
    "years": lambda: [(2026, "2026-27")],
}


def _tender():
    tender = Tender(open_book=True)
    return tender, [
        Criterion(pk=1, tender=tender, part="quality", question="How?", weight=100),
        Criterion(pk=2, tender=tender, part="social_value", question="What else?", weight=100),
    ]


#: Forms that cannot be built without a saved record, and why.
SKIP = {
    "plans.forms.WhatMattersForm": "needs a saved support plan",
    "plans.forms.StepForm": "needs a saved support plan",
    "plans.forms.OutcomeForm": "needs a saved support plan",
    "measures.framework_forms.VersionForm": "needs a measures framework version",
    "measures.framework_forms.DomainForm": "needs a measures framework version",
    "measures.framework_forms.OutcomeForm": "needs a measures framework version",
    "measures.framework_forms.IndicatorForm": "needs a framework version and kind",
    "measures.forms.CohortForm": "needs a membership",
    "directory.forms.LinkForm": "needs a saved organisation",
    "commissioning.forms.CashflowForm": "needs a saved contract (tests/commissioning)",
    "commissioning.forms.OutcomeForm": "needs a saved contract (tests/commissioning)",
}


def product_forms():
    found = {}
    for path in sorted(SRC.rglob("*forms*.py")):
        module = ".".join(("joinedup", *path.relative_to(SRC).with_suffix("").parts))
        for name, cls in inspect.getmembers(importlib.import_module(module), inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module:
                found[f"{module}.{name}"] = cls
    return found


FORMS = product_forms()


def build(cls, data):
    params = inspect.signature(cls.__init__).parameters
    kwargs = {}
    for name, param in params.items():
        if param.kind is param.KEYWORD_ONLY and param.default is param.empty:
            value = KWARGS[name]
            kwargs[name] = value() if callable(value) else value
    if issubclass(cls, SetPasswordForm):
        return cls(KWARGS["user"](), data=data, **kwargs)
    return cls(data=data, **kwargs)


def test_the_walk_finds_the_products_forms():
    names = {path.rsplit(".", 1)[1] for path in FORMS}
    assert len(FORMS) >= 45
    assert {"SelfReferralForm", "DecisionForm", "SignInForm", "NoteForm"} <= names


def wrong_choices(form):
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[name] = ["not-a-choice"]
        elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            data[name] = "not-a-choice"
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(FORMS))
def test_no_error_is_a_generic_message(path):
    cls = FORMS[path]
    try:
        empty = build(cls, {})
    except Exception as exc:  # noqa: BLE001 - a form that needs a saved record
        if path.removeprefix("joinedup.") in SKIP:
            pytest.skip(SKIP[path.removeprefix("joinedup.")])
        raise AssertionError(f"{path} could not be built: {exc!r}; add it to SKIP") from exc
    forms_sent = [empty, build(cls, wrong_choices(empty))]
    for form in forms_sent:
        form.is_valid()
        for field, errors in form.errors.items():
            for message in errors:
                assert message not in GENERIC_TEXTS | GENERIC, f"{path}.{field}: {message}"


def test_a_required_message_names_the_field_and_says_what_to_do():
    assert named_message(forms.CharField(), "Your last name", "required", "") == (
        "Enter your last name"
    )
    assert named_message(forms.ChoiceField(), "Decision", "required", "") == "Choose the decision"
    assert named_message(forms.CharField(), "NHS number", "required", "") == "Enter the NHS number"
    assert named_message(forms.ChoiceField(), "Priority", "invalid_choice", "") == (
        "Choose the priority from the options given"
    )
    assert named_message(forms.CharField(), "How can we reach you?", "required", "") == (
        "Answer “How can we reach you?”"
    )
    assert named_message(forms.IntegerField(), "Age", "invalid", "Enter a whole number.") == (
        "Age: enter a whole number"
    )


def test_a_form_s_own_message_is_kept():
    class Form(forms.Form):
        name = forms.CharField(error_messages={"required": "Tell us your name"})
        age = forms.IntegerField(label="Age")

    form = Form(data={"age": "ten"})
    assert form.errors == {"name": ["Tell us your name"], "age": ["Age: enter a whole number"]}


def test_a_part_filled_date_names_the_date(db):
    from joinedup.forms_page import DateField

    class Form(forms.Form):
        review_on = DateField(label="Review date", require_all_fields=True)

    form = Form(data={"review_on_0": "3"})
    assert not form.is_valid()
    assert form.errors["review_on"] == ["Enter the review date"]
