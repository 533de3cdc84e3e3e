from django import template

from joinedup.costs import report

register = template.Library()


@register.filter
def pounds(amount):
    """£1,234 or −£300.50; an empty cell for no amount."""
    return "" if amount is None else report.money(amount)


@register.filter
def pounds_and_pence(amount):
    return "" if amount is None else report.money(amount, pence=True)


@register.filter
def pct(value):
    return report.percent(value)


@register.filter
def get(mapping, key):
    return mapping.get(key, "")
