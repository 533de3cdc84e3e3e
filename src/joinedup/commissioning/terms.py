"""The words and small sums of commissioning, shared by models, pages and the cash-flow engine:
payment mechanisms, provider size bands, financial years, notice dates and shares."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models

PENNY = Decimal("0.01")


class Mechanism(models.TextChoices):
    GRANT = "grant", "Grant"
    BLOCK = "block", "Block contract"
    COST_VOLUME = "cost_volume", "Cost and volume"
    OUTPUT = "output", "Paid on outputs"
    OUTCOME = "outcome", "Paid on outcomes"
    PBR = "pbr", "Payment by results"
    SIB = "sib", "Social impact bond"
    LEARNING = "learning", "Learning partnership"


#: Mechanisms that pay some or all of the value only when outcomes are achieved.
ON_OUTCOMES = {Mechanism.OUTPUT, Mechanism.OUTCOME, Mechanism.PBR, Mechanism.SIB}

#: NCVO's size bands for voluntary organisations, by annual income.
SIZE_BANDS = [
    (Decimal("10000"), "Micro (under £10,000)"),
    (Decimal("100000"), "Small (£10,000 to £100,000)"),
    (Decimal("1000000"), "Medium (£100,000 to £1 million)"),
    (Decimal("10000000"), "Large (£1 million to £10 million)"),
    (Decimal("100000000"), "Major (£10 million to £100 million)"),
]


def size_band(income: Decimal) -> str:
    for upper, words in SIZE_BANDS:
        if income < upper:
            return words
    return "Super-major (over £100 million)"


def small_provider_income() -> Decimal:
    return Decimal(settings.COMMISSIONING_SMALL_PROVIDER_INCOME)


def is_small(income: Decimal) -> bool:
    """Small enough that money held back on outcomes threatens it: the area's setting,
    £1 million a year by default (NCVO's micro, small and medium bands)."""
    return income < small_provider_income()


def is_small_contract(value: Decimal) -> bool:
    return value < Decimal(settings.COMMISSIONING_SMALL_CONTRACT_VALUE)


def risk_cap(own: Decimal | None) -> Decimal:
    """The most of a provider's income from a contract that may ride on outcomes."""
    return own if own is not None else Decimal(settings.COMMISSIONING_MAX_SHARE_AT_RISK)


def share(part: Decimal, whole: Decimal) -> Decimal:
    """`part` as a fraction of `whole`, to four places (0.6000 is 60%); nothing of nothing is 0."""
    if not whole:
        return Decimal("0")
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def percent(fraction: Decimal) -> str:
    value = (Decimal(fraction) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP).normalize()
    return f"{value:f}%"


def pounds(amount: Decimal) -> str:
    """£25,000 for whole pounds, £1,500.50 where there are pence; "−£300" if negative."""
    amount = Decimal(amount).quantize(PENNY, ROUND_HALF_UP)
    sign, amount = ("−" if amount < 0 else ""), abs(amount)
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,}"
    return f"{sign}£{text}"


def year_of(day: date) -> int:
    """The financial year (April to March) a day falls in, named by the year it starts."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(year: int) -> str:
    return f"{year}-{str(year + 1)[-2:]}"


def year_range(year: int) -> tuple[date, date]:
    """The half-open range of a financial year."""
    return date(year, 4, 1), date(year + 1, 4, 1)


def months_between(first: date, last: date) -> int:
    """Calendar months a term touches, its first and last month included."""
    return max(0, (last.year - first.year) * 12 + last.month - first.month + 1)


def month_number(start: date, day: date) -> int:
    """Month 1 is the month the contract starts in."""
    return (day.year - start.year) * 12 + day.month - start.month + 1


def notice_by(on: date, notice_days: int) -> date:
    return on - timedelta(days=notice_days)


def remind_from(on: date, notice_days: int, remind_days: int) -> date:
    return notice_by(on, notice_days) - timedelta(days=remind_days)
