from decimal import ROUND_HALF_UP, Decimal

from django import template

from joinedup.commissioning import terms

register = template.Library()


@register.filter
def money(amount):
    """£25,000 for whole pounds, £1,500.50 where there are pence; "−£300" if negative."""
    if amount in (None, ""):
        return ""
    amount = Decimal(amount).quantize(terms.PENNY, ROUND_HALF_UP)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,}"
    return f"{sign}£{text}"


@register.filter
def share(fraction):
    """A fraction as a percentage: 0.6 is 60%."""
    return "" if fraction in (None, "") else terms.percent(fraction)
