"""The arithmetic of indicators, with no Django in it: periods, shares, means, rates and
medians from exact integers, and the one rule for small numbers applied to each result.

Contracts will pay on these figures, so every result carries what it was made of (numerator,
denominator, the rule in words, the period and the population) and the value is an exact
`Decimal` rounded once, at the end, halves up, to the places the measure names.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from joinedup import disclosure

#: Periods run with the financial year: quarters from 1 April, 1 July, 1 October, 1 January.
YEAR_STARTS_MONTH = 4

SHARE, MEAN, RATE, MEDIAN = "share", "mean", "rate", "median"
PLACES = {
    SHARE: Decimal("0.1"),
    MEAN: Decimal("0.01"),
    RATE: Decimal("0.01"),
    MEDIAN: Decimal("0.1"),
}


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _from_index(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def period_containing(day: date, months: int) -> tuple[date, date]:
    """The half-open period [start, end) of `months` months (1, 3, 6 or 12) holding `day`,
    aligned to the financial year (April)."""
    if months not in (1, 3, 6, 12):
        raise ValueError(f"a period is 1, 3, 6 or 12 months, not {months}")
    offset = _month_index(day) - (YEAR_STARTS_MONTH - 1)
    start = offset - offset % months + (YEAR_STARTS_MONTH - 1)
    return _from_index(start), _from_index(start + months)


def latest_complete(today: date, months: int, back: int = 0) -> tuple[date, date]:
    """The last period that ended on or before `today`, or `back` periods before it."""
    start, _ = period_containing(today, months)
    first = _month_index(start) - months * (back + 1)
    return _from_index(first), _from_index(first + months)


def period_words(period: tuple[date, date]) -> str:
    start, end = period
    last = _from_index(_month_index(end) - 1)
    if _month_index(end) - _month_index(start) == 1:
        return f"{start:%B %Y}"
    return f"{start:%B %Y} to {last:%B %Y}"


def period_short(period: tuple[date, date]) -> str:
    """A chart's label: "Apr 26" for a month, "Apr–Jun 26" or "Oct 25–Mar 26" otherwise."""
    start, end = period
    last = _from_index(_month_index(end) - 1)
    if start == last:
        return f"{start:%b %y}"
    if start.year == last.year:
        return f"{start:%b}–{last:%b %y}"
    return f"{start:%b %y}–{last:%b %y}"


def _round(value: Decimal, measure: str) -> Decimal:
    return value.quantize(PLACES[measure], rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Result:
    """One indicator computed for one period. `numerator` and `denominator` are exact; the
    `*_shown` fields are what may leave the platform (small counts hidden)."""

    measure: str
    numerator: int
    denominator: int
    value: Decimal | None
    unit: str
    rule: str
    period: tuple[date, date]
    population: str
    #: People behind a mean, a rate or a median (a share's people are its cells).
    people: int = 0
    available: bool = True
    reason: str = ""
    numerator_shown: int | str | None = None
    denominator_shown: int | str | None = None
    value_shown: Decimal | None = None
    suppressed: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def period_words(self) -> str:
        return period_words(self.period)


def not_available(reason: str, period, population: str, rule: str = "") -> Result:
    return Result(
        measure="",
        numerator=0,
        denominator=0,
        value=None,
        unit="",
        rule=rule,
        period=period,
        population=population,
        available=False,
        reason=reason,
    )


def share(numerator: int, denominator: int, **kw) -> Result:
    """numerator / denominator as a percentage."""
    if not 0 <= numerator <= denominator:
        raise ValueError(f"a share needs 0 <= {numerator} <= {denominator}")
    value = _round(Decimal(100 * numerator) / denominator, SHARE) if denominator else None
    return Result(SHARE, numerator, denominator, value, "%", **kw)


def mean(values: list[int], **kw) -> Result:
    """The mean of whole-number readings: their sum over how many there are."""
    n, total = len(values), sum(values)
    value = _round(Decimal(total) / n, MEAN) if n else None
    return Result(MEAN, total, n, value, "mean", people=n, **kw)


def rate(quantity: int, people: int, users: int, unit: str, **kw) -> Result:
    """Total `quantity` per person in the population; `users` had any at all."""
    value = _round(Decimal(quantity) / people, RATE) if people else None
    return Result(RATE, quantity, people, value, unit, people=users, **kw)


def median(days: list[int], received: int, **kw) -> Result:
    """The median of whole days (the mean of the middle two for an even count); `received`
    is how many were counted in, `len(days)` how many reached the event."""
    ordered, n = sorted(days), len(days)
    value = None
    if n:
        middle = (
            Decimal(ordered[n // 2])
            if n % 2
            else Decimal(ordered[n // 2 - 1] + ordered[n // 2]) / 2
        )
        value = _round(middle, MEDIAN)
    return Result(MEDIAN, n, received, value, "days", people=n, **kw)


def protect(result: Result) -> Result:
    """The result as it may be shown: counts through `joinedup.disclosure`, and the value
    hidden whenever a count behind it is."""
    if not result.available:
        return result
    if result.measure in (SHARE, MEDIAN):
        # The cells (those counted, the rest) add up to the denominator, which is shown.
        cells = [result.numerator, result.denominator - result.numerator]
        shown_num, _ = disclosure.counts(cells, total_known=True)
        hidden = any(disclosure.is_small(n) for n in cells) or (
            result.measure == MEDIAN and result.numerator < disclosure.THRESHOLD
        )
        shown_den = disclosure.count(result.denominator)
    else:
        # A mean's sum and a rate's total are not counts of people; they are hidden with the
        # count of people behind them.
        hidden = disclosure.is_small(result.people) or disclosure.is_small(result.denominator)
        shown_num = disclosure.FEWER if hidden else result.numerator
        shown_den = disclosure.count(result.denominator)
        if result.measure == RATE:
            shown_den = disclosure.count(result.denominator)
    value = None if hidden or result.value is None else result.value
    notes = list(result.notes)
    if hidden:
        notes.append(
            f"Not shown: fewer than {disclosure.THRESHOLD} people behind a figure, "
            "so it could point at someone."
        )
    return replace(
        result,
        numerator_shown=shown_num,
        denominator_shown=shown_den,
        value_shown=value,
        suppressed=hidden,
        notes=notes,
    )


def better(previous: Decimal | None, current: Decimal | None, direction: str) -> str:
    """ "better", "worse", "same" or "" (one of them not shown), by the indicator's direction."""
    if previous is None or current is None:
        return ""
    if current == previous:
        return "same"
    up = current > previous
    return "better" if up == (direction == "higher") else "worse"
