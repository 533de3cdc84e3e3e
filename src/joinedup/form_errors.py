"""Every form's errors name their field: Django's generic messages ("This field is required.",
"Select a valid choice...") are rewritten, after cleaning, into ones that say which field and
what to do ("Enter your first name", "Choose the decision"). Installed once, for every form in
the product, by `joinedup.apps`; a message a form writes itself is left alone."""

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList

#: The date boxes' own messages, which say what is missing but not in which date.
DATE_MESSAGES = ("Enter the day, month and year", "Enter the day of the month", "Enter the month")
DATE_MESSAGES += ("Enter the year",)
CHOOSING = (forms.ChoiceField, forms.FileField, forms.ModelMultipleChoiceField)
DETERMINERS = {"a", "an", "the", "your", "their", "any", "each", "every", "one", "some"}
QUESTION_WORDS = {
    "who",
    "what",
    "which",
    "how",
    "when",
    "where",
    "why",
    "if",
    "whose",
    "do",
    "does",
    "is",
}
CHOICE_CODES = {"invalid_choice", "invalid_list", "invalid_pk_value"}


def _django_messages() -> list:
    """The messages Django (and crispy-forms-gds's date) give without naming the field."""
    found = list(DATE_MESSAGES)
    classes = [getattr(forms, n) for n in dir(forms) if n.endswith("Field")]
    classes += [DateInputField, forms.ModelChoiceField, forms.ModelMultipleChoiceField]
    for cls in classes:
        if isinstance(cls, type):
            for klass in cls.__mro__:
                found += getattr(klass, "default_error_messages", {}).values()
    for name in dir(validators):
        validator = getattr(validators, name)
        if isinstance(validator, type):
            found += [validator.message] if hasattr(validator, "message") else []
            messages = getattr(validator, "messages", None)
            found += messages.values() if isinstance(messages, dict) else []
    return found


MESSAGES = _django_messages()
#: Plain messages by their text; those that count ("at most 3 characters") by identity, as
#: their text is only known once counted.
GENERIC = {str(m) for m in MESSAGES if str(m)}
COUNTED = [m for m in MESSAGES if not str(m)]


def is_generic(message) -> bool:
    return str(message) in GENERIC if str(message) else any(message is m for m in COUNTED)


def _name(label: str) -> tuple[str, bool]:
    """The label as it reads inside a sentence, and whether it is a question."""
    label = str(label).strip().removesuffix(":").strip()
    if label.endswith("?") or label.split(" ", 1)[0].lower() in QUESTION_WORDS:
        return f"“{label}”", True
    if len(label) > 1 and not label[1].isupper():
        label = label[0].lower() + label[1:]
    if label.split(" ", 1)[0].lower() not in DETERMINERS:
        label = f"the {label}"
    return label, False


def named_message(field, label: str, code: str | None, text: str, value=None) -> str:
    """The message for one of Django's generic errors, naming the field (and, for a choice
    not on offer, the value sent)."""
    name, question = _name(label)
    if code in CHOICE_CODES:
        said = (
            f"Choose {name} from the options given"
            if not question
            else (f"Choose one of the answers given to {name}")
        )
        if value in (None, ""):
            return said
        value = str(value) if len(str(value)) <= 40 else f"{str(value)[:40]}…"
        return f"{said}: {value} is not one of them"
    if isinstance(field, DateInputField) and (code == "required" or text == DATE_MESSAGES[0]):
        if "date" in name.lower() and not question:
            return f"Enter {name}"
        return f"{_plain(label)}: enter the day, month and year"
    if code == "required":
        if isinstance(field, forms.BooleanField):
            return f"Tick {name}" if not question else f"Tick the box for {name}"
        if isinstance(field, CHOOSING):
            return f"Choose an answer to {name}" if question else f"Choose {name}"
        return f"Answer {name}" if question else f"Enter {name}"
    said = text.strip().removesuffix(".")
    said = said[0].lower() + said[1:] if said[1:2].islower() else said
    return f"{_plain(label)}: {said}"


def _plain(label) -> str:
    return str(label).strip().removesuffix(":").strip()


def _rewrite(form, name: str, errors: ErrorList) -> None:
    field = form.fields.get(name)
    if field is None:
        return
    label = form[name].label
    for i, item in enumerate(errors.data):
        error = item if isinstance(item, ValidationError) else ValidationError(item)
        if not hasattr(error, "message"):
            continue
        if not is_generic(error.message):
            continue
        raw, text = str(error.message), next(iter(error))
        value = (error.params or {}).get("value")
        message = named_message(field, label, error.code, text, value)
        errors.data[i] = ValidationError(message, code=error.code)
        for sub in getattr(field, "fields", ()):  # the date's boxes show their own errors
            widget_errors = getattr(sub.widget, "errors", None)
            if widget_errors and raw in widget_errors:
                widget_errors[widget_errors.index(raw)] = message


def name_the_fields(form) -> None:
    """Rewrite the form's generic field errors in place."""
    for name, errors in form._errors.items():
        if name != forms.forms.NON_FIELD_ERRORS:
            _rewrite(form, name, errors)


def install() -> None:
    """After every form's cleaning, its generic messages name their field. Idempotent."""
    if getattr(forms.BaseForm.full_clean, "names_fields", False):
        return
    original = forms.BaseForm.full_clean

    def full_clean(self):
        original(self)
        if self._errors:
            name_the_fields(self)

    full_clean.names_fields = True
    forms.BaseForm.full_clean = full_clean
