"""Edits of shared text that never silently undo someone else's (optimistic locking).

A form carries the version of the row it was opened at, in a hidden field; saving moves the
row on from exactly that version, in the same transaction as the save, or changes nothing and
says so: someone else changed it since, here is what it says now. Plan steps and what matters
(in `joinedup.plans`) work the same way with their own fields.
"""

from django import forms
from django.db.models import F

CHANGED_SINCE = "Someone else changed this since you opened it, so nothing has been saved."


class EditConflict(Exception):
    """The row moved on since the form was opened (or the form named no version)."""


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


def take_version(instance, version) -> None:
    """Move `instance`'s row on from `version`, or raise EditConflict. Call it first inside
    the transaction that saves: it locks the row (PostgreSQL) or takes the write lock (SQLite)
    until the save commits. A missing or 0 version (versions start at 1) is a conflict too."""
    if not version or version < 1:
        raise EditConflict(instance.pk)
    model = type(instance)
    moved = model._default_manager.filter(pk=instance.pk, version=version).update(
        version=F("version") + 1
    )
    if not moved:
        raise EditConflict(instance.pk)
    instance.version = version + 1


def _shown(current, name) -> str:
    display = getattr(current, f"get_{name}_display", None)
    value = display() if display else getattr(current, name)
    return "nothing" if value in (None, "") else str(value)


def show_conflict(form: forms.ModelForm, current) -> None:
    """Say, on the form and on each field someone else changed, what it says now; the typed
    values stay in the form, and its version becomes the one just shown, so that saving again
    is a choice made having seen it."""
    changed = [
        name
        for name in form.fields
        if name != "version"
        and hasattr(current, name)
        and form.cleaned_data.get(name) != getattr(current, name)
    ]
    if changed:
        summary = "; ".join(f"{form.fields[n].label}: “{_shown(current, n)}”" for n in changed)
        form.add_error(
            None,
            f"{CHANGED_SINCE} It now says: {summary}. Your changes are still below: "
            "check them against it and save again.",
        )
    else:
        form.add_error(None, f"{CHANGED_SINCE} It now says what you typed: save again to keep it.")
    for name in changed:
        form.add_error(name, f"Someone else changed this to “{_shown(current, name)}”")
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = str(current.version)
