"""How long money takes: whole days from an outcome achieved to the claim for it, from the claim
to its payment, and from the outcome to the payment, for each claim and for a contract, as
the median and the longest. Plain functions over dates, no database: the claim pages and the
API hand them the dates (`claim_queries.timing_of`).

A claim counts from its first submission (a claim queried and sent again has waited since
then). A claim submitted and not yet paid is shown as waiting, the days so far as of `today`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Spread:
    """How many waits, their median (a half where the middle falls between two) and the
    longest, in whole days; None for both when there are none."""

    count: int
    median: Decimal | None
    longest: int | None


def spread(days: Iterable[int]) -> Spread:
    ordered = sorted(days)
    n = len(ordered)
    if not n:
        return Spread(0, None, None)
    middle = n // 2
    if n % 2:
        median = Decimal(ordered[middle])
    else:
        median = (Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2
    return Spread(n, median, ordered[-1])


@dataclass(frozen=True)
class ClaimDates:
    """What timing needs of one claim: the day each line's outcome was achieved, and the
    days it was first submitted and paid (None while not yet)."""

    achieved: Sequence[date]
    submitted: date | None
    paid: date | None


@dataclass(frozen=True)
class Timing:
    outcome_to_claim: Spread
    claim_to_payment: Spread
    outcome_to_payment: Spread
    #: Submitted and not yet paid: how many claims, and the longest wait so far.
    waiting: Spread


def of_claims(claims: Iterable[ClaimDates], today: date) -> Timing:
    """The timing of several claims together (a contract's), or of one (a list of one).

    Outcome to claim and outcome to payment count each line; claim to payment counts each
    paid claim; waiting counts each claim submitted and not yet paid."""
    to_claim, to_pay, outcome_to_pay, waiting = [], [], [], []
    for c in claims:
        if c.submitted is None:
            continue
        to_claim += [(c.submitted - day).days for day in c.achieved]
        if c.paid is None:
            waiting.append((today - c.submitted).days)
            continue
        to_pay.append((c.paid - c.submitted).days)
        outcome_to_pay += [(c.paid - day).days for day in c.achieved]
    return Timing(spread(to_claim), spread(to_pay), spread(outcome_to_pay), spread(waiting))


def days_words(value) -> str:
    """'12 days', '1 day', '2.5 days', or 'none yet'."""
    if value is None:
        return "none yet"
    shown = f"{Decimal(value).normalize():f}"
    return f"{shown} day" if shown == "1" else f"{shown} days"
