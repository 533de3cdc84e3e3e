"""Money in tender pages: exact, with the pound sign and thousands (£262,000.00)."""

from decimal import Decimal, InvalidOperation

from django import template

from joinedup.commissioning import terms

register = template.Library()


@register.filter
def money(amount) -> str:
    """An amount (a Decimal, or the exact string a bid's profile snapshot keeps) as pounds."""
    if amount in (None, ""):
        return ""
    try:
        return terms.pounds(Decimal(str(amount)))
    except InvalidOperation:
        return str(amount)
