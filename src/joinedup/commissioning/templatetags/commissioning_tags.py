from django import template

from joinedup.commissioning import terms

register = template.Library()


@register.filter
def money(amount):
    """£25,000 for whole pounds, £1,500.50 where there are pence."""
    return "" if amount in (None, "") else terms.pounds(amount)


@register.filter
def share(fraction):
    """A fraction as a percentage: 0.6 is 60%."""
    return "" if fraction in (None, "") else terms.percent(fraction)
