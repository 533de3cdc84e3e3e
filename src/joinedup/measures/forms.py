"""Reading a filled-in instrument from a form: one radio group per item (and, optionally, a
second for the person's own view), who completed it and when. Errors name the field."""

from dataclasses import dataclass, field
from datetime import date

from django import forms

from joinedup.measures.models import Assessment


@dataclass
class Reading:
    values: dict[str, int | None] = field(default_factory=dict)
    person_view: dict[str, int] = field(default_factory=dict)
    completed_by: str = Assessment.CompletedBy.WORKER
    on: date | None = None
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message


def _int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def read(post, instrument, *, today: date, own: bool = False) -> Reading:
    """The agreed answers (`<code>`), the person's differing ones (`person-<code>`), who
    completed it (fixed to the person on their own page) and the date (not in the future)."""
    reading = Reading()
    for item in instrument.items.all():
        raw = post.get(item.code, "")
        value = _int(raw)
        if raw and value not in item.scores:
            reading.errors[item.code] = f"Choose one of the answers for {instrument.title_of(item)}"
        reading.values[item.code] = value if value in item.scores else None
        theirs = _int(post.get(f"person-{item.code}", ""))
        if theirs in item.scores and theirs != reading.values[item.code]:
            reading.person_view[item.code] = theirs
    if not any(v is not None for v in reading.values.values()):
        first = instrument.items.first()
        reading.errors.setdefault(first.code, "Answer at least one question")
    if own:
        reading.completed_by = Assessment.CompletedBy.PERSON
        reading.person_view = {}
    else:
        who = post.get("completed_by", "")
        if who not in Assessment.CompletedBy.values:
            reading.errors["completed_by"] = "Say who completed it"
        reading.completed_by = who
    field_ = forms.DateField(required=False)
    try:
        reading.on = field_.clean(post.get("assessed_on", "")) or today
    except forms.ValidationError:
        reading.errors["assessed_on"] = "Enter the date as, for example, 2025-03-27"
    else:
        if reading.on > today:
            reading.errors["assessed_on"] = "The date cannot be in the future"
    return reading


class UploadForm(forms.Form):
    file = forms.FileField(label="The instrument's data file (JSON)")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Readings (CSV)",
        help_text="Columns: person reference, tool, area code, date, score.",
    )
