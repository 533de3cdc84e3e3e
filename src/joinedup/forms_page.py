"""The product's forms, built and rendered the same way everywhere (GOV.UK Design System)."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse

from joinedup.limits import MAX_ID, MAX_TEXT


def gds_helper(*fields, submit: str) -> FormHelper:
    """A crispy-forms-gds layout without its own <form> tag: the template owns the form,
    its CSRF token and any hidden fields."""
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


def form_page(request, form, title, *, person=None, back=None, explain=""):
    """`back` is (url name, label) and defaults to the person's page."""
    if back is None and person is not None:
        back = ("people:detail", f"Back to {person.full_name}")
    back_url = None
    if back:
        back_url = reverse(back[0], args=[person.pk] if person is not None else [])
    context = {
        "form": form,
        "title": title,
        "person": person,
        "back_url": back_url,
        "back_label": back[1] if back else "",
        "explain": explain,
    }
    return render(request, "form_page.html", context)


class DateField(DateInputField):
    """GOV.UK's three-box date, with a plain message for a date that does not exist."""

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError:
            raise ValidationError(
                f"{self.label or 'The date'} must be a real date, for example 27 3 1985"
            ) from None


def text_limit(label: str):
    """A validator for a free-text field a person writes: at most `limits.MAX_TEXT` characters,
    with a message that names the field and says by how much."""

    def check(value):
        if len(value) > MAX_TEXT:
            raise ValidationError(
                f"{label} must be {MAX_TEXT:,} characters or fewer (about four pages); "
                f"this has {len(value):,}"
            )

    return check


class RecordsField(forms.ModelMultipleChoiceField):
    """Django's, with ids past the database's range refused as any unknown choice: Django
    checks each id alone (which copes) and then all together (which SQLite cannot)."""

    def _check_values(self, value):
        for pk in value or ():
            try:
                too_big = abs(int(str(pk))) > MAX_ID
            except ValueError:
                continue  # not a number: Django's own check names it
            if too_big:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)
