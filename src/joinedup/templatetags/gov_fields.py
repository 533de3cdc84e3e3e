"""GOV.UK's id convention for radios and checkboxes: the first option's input carries the
field's own id, so the error summary's link (to the field's id) lands on the question."""

from django import template

register = template.Library()


@register.filter
def option_id(field, choice_value) -> str:
    """The id of the option with this value: the field's id for the first option, else
    id_<name>_<position> as crispy-forms-gds gives it (the caller adds the position)."""
    first = next(iter(field.field.choices), None)
    if first is not None and str(first[0]) == str(choice_value):
        return field.auto_id
    return ""
