"""Payment mechanisms: one contract's terms as the cash-flow engine's spec, mechanism by mechanism.

Plain Python, no Django. Each mechanism is one function from `Terms` to a `cashflow.Spec`, built
as SPEC.json's content and read back through `cashflow.parse`, so every figure a page shows for a
mechanism can be checked with `joinedup cashflow` on `cashflow.to_json(spec)`. `compare` runs
several side by side; `income_at_risk` says how much of the provider's expected income depends
on what it achieves. docs/commissioning.md ("Payment mechanisms") explains each translation.

Money: every payment worked out from a share or a division is rounded to the penny once. A share
of value (the up-front payment, the guaranteed part of PbR) is rounded half up. Instalments are
the total divided by their number, rounded down to the penny, and the last instalment takes the
pennies left over, so the instalments always add up to the total exactly. The engine's file
contract has one fixed amount a month, so those pennies travel as an extra line, `REMAINDER`,
paid with the last instalment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from joinedup.commissioning import cashflow
from joinedup.commissioning.cashflow import Month, Spec

GRANT = "grant"
BLOCK = "block"
COST_AND_VOLUME = "cost_and_volume"
OUTPUT_BASED = "output_based"
OUTCOME_BASED = "outcome_based"
PAYMENT_BY_RESULTS = "payment_by_results"
SOCIAL_IMPACT_BOND = "social_impact_bond"
LEARNING_PARTNERSHIP = "learning_partnership"

#: Every mechanism in the order issue 20 names them, with its name on a page.
LABELS = {
    GRANT: "Grant",
    BLOCK: "Block",
    COST_AND_VOLUME: "Cost and volume",
    OUTPUT_BASED: "Output-based",
    OUTCOME_BASED: "Outcome-based",
    PAYMENT_BY_RESULTS: "Payment by results",
    SOCIAL_IMPACT_BOND: "Social impact bond",
    LEARNING_PARTNERSHIP: "Learning partnership",
}
MECHANISMS = tuple(LABELS)

#: Stages of a rate card line: outputs are activity (an assessment done); interim and final
#: outcomes are results (housed for 3 months; housed for 12).
OUTPUT, INTERIM, FINAL = "output", "interim", "final"
STAGES = (OUTPUT, INTERIM, FINAL)

#: Lines the translations add themselves; a rate card may not use these names.
INSTALMENT = "grant instalment"
REMAINDER = "pennies left over (last instalment)"
UNITS = "units delivered"
RESERVED = (INSTALMENT, REMAINDER, UNITS)

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
ONE = Decimal(1)


class TermsError(ValueError):
    """Terms that cannot be a contract: the field and the reason."""

    def __init__(self, field: str, reason: str):
        self.field, self.reason = field, reason
        super().__init__(f"{field}: {reason}")


@dataclass(frozen=True)
class RateCardLine:
    """A priced output or outcome, with how many are expected when and the lag to payment.

    `expected` is a list of whole counts, month 1 first, or a mapping of month to count.
    """

    name: str
    price: Decimal
    lag_months: int = 0
    expected: Mapping[int, int] | Sequence[int] = ()
    stage: str = FINAL

    def __post_init__(self):
        where = f"rate card {self.name!r}"
        if not isinstance(self.name, str) or not self.name.strip():
            raise TermsError("rate card", "every line has a name")
        if self.name in RESERVED:
            raise TermsError(where, "this name is kept for the payments the mechanisms add")
        _money(self.price, f"{where}: price")
        _whole(self.lag_months, f"{where}: lag_months", 0)
        if self.stage not in STAGES:
            raise TermsError(f"{where}: stage", f"must be one of {', '.join(STAGES)}")
        object.__setattr__(self, "expected", _counts(self.expected, f"{where}: expected"))


@dataclass(frozen=True)
class Terms:
    """A contract's terms, enough to work out its cash flow under any mechanism.

    Money is `Decimal` pounds (or int), to the penny; shares are `Decimal` fractions, 0 to 1.
    """

    months: int
    #: What delivering the service costs the provider each month.
    monthly_cost: Decimal
    #: What the contract pays in all (under PbR, if every outcome is achieved up to the cap).
    value: Decimal
    rate_card: tuple[RateCardLine, ...] = ()
    #: PbR: the share of value paid on the rate card rather than guaranteed.
    share_at_risk: Decimal = Decimal(0)
    #: The share of value paid in month 1, before any work is done.
    upfront_share: Decimal = Decimal(0)
    #: The most the rate card (or units) can pay; None for the mechanism's own default.
    cap: Decimal | None = None
    #: A grant pays an instalment in advance every this many months (3: quarterly).
    grant_instalment_months: int = 3
    #: Cost and volume: the price of one unit and the units expected each month.
    unit_price: Decimal = Decimal(0)
    volume: Mapping[int, int] | Sequence[int] = ()
    #: Cost and volume: units are invoiced monthly in arrears, paid this many months later.
    volume_lag_months: int = 1

    def __post_init__(self):
        _whole(self.months, "months", 1, cashflow.MAX_MONTHS)
        for name in ("monthly_cost", "value", "unit_price"):
            _money(getattr(self, name), name)
        if self.cap is not None:
            _money(self.cap, "cap")
        for name in ("share_at_risk", "upfront_share"):
            _share(getattr(self, name), name)
        _whole(self.grant_instalment_months, "grant_instalment_months", 1, cashflow.MAX_MONTHS)
        _whole(self.volume_lag_months, "volume_lag_months", 0, cashflow.MAX_MONTHS)
        object.__setattr__(self, "rate_card", tuple(self.rate_card))
        object.__setattr__(self, "volume", _counts(self.volume, "volume"))
        names = [line.name for line in self.rate_card]
        for name in names:
            if names.count(name) > 1:
                raise TermsError(f"rate card {name!r}", "two lines have this name")

    def lines(self, *stages: str) -> list[RateCardLine]:
        return [line for line in self.rate_card if line.stage in stages]

    @property
    def upfront(self) -> Decimal:
        return _share_of(self.value, self.upfront_share)


# --- one function per mechanism ----------------------------------------------------------


def grant(terms: Terms) -> Spec:
    """The up-front share in month 1; the rest in equal instalments in advance, one at the start
    of every `grant_instalment_months` months (months 1, 4, 7, ... when quarterly)."""
    starts = list(range(1, terms.months + 1, terms.grant_instalment_months))
    base, left = instalments(terms.value - terms.upfront, len(starts))
    lines = [_line(INSTALMENT, base, 0, {month: 1 for month in starts})]
    return _spec(terms, upfront=terms.upfront, outcomes=lines + _remainder(left, starts[-1]))


def block(terms: Terms) -> Spec:
    """The up-front share in month 1; the rest in equal monthly instalments, whatever is done."""
    base, left = instalments(terms.value - terms.upfront, terms.months)
    return _spec(terms, upfront=terms.upfront, fixed=base, outcomes=_remainder(left, terms.months))


def learning_partnership(terms: Terms) -> Spec:
    """Trust-based funding with no targets: the cash of a block contract (equal monthly
    instalments, nothing on outcomes). What differs is what it asks in return: agreed purposes
    and learning reviews, not targets; the rate card is never paid on."""
    return block(terms)


def cost_and_volume(terms: Terms) -> Spec:
    """The up-front share in month 1; each unit delivered paid at the unit price, invoiced
    monthly in arrears (`volume_lag_months` later), up to the cap (the value less the up-front
    payment, unless the terms set one)."""
    units = _line(UNITS, terms.unit_price, terms.volume_lag_months, terms.volume)
    return _spec(terms, upfront=terms.upfront, outcomes=[units], cap=_cap(terms))


def output_based(terms: Terms) -> Spec:
    """The up-front share in month 1; the rest only on the rate card's outputs, capped."""
    lines = [_rate_line(line) for line in terms.lines(OUTPUT)]
    return _spec(terms, upfront=terms.upfront, outcomes=lines, cap=_cap(terms))


def outcome_based(terms: Terms) -> Spec:
    """The up-front share in month 1; the rest only on interim and final outcomes, capped."""
    lines = [_rate_line(line) for line in terms.lines(INTERIM, FINAL)]
    return _spec(terms, upfront=terms.upfront, outcomes=lines, cap=_cap(terms))


def payment_by_results(terms: Terms) -> Spec:
    """(1 - share at risk) of value guaranteed: the up-front payment out of it, the rest in
    equal monthly instalments; the share at risk on the interim and final outcomes, capped at
    that share of value (or the terms' cap).

    The guaranteed part's left-over pennies are paid with the last instalment as the first
    outcome line, and the cap is raised by them, since the file contract caps every outcome
    line; were the rate card to reach its cap before the last month they would be paid on it
    instead, and the contract still pays exactly its value."""
    if terms.upfront_share + terms.share_at_risk > ONE:
        raise TermsError(
            "upfront_share", "the up-front payment comes out of the guaranteed part: "
            "upfront_share + share_at_risk must be 1 or less"
        )  # fmt: skip
    guaranteed = _share_of(terms.value, ONE - terms.share_at_risk)
    base, left = instalments(guaranteed - terms.upfront, terms.months)
    cap = terms.value - guaranteed if terms.cap is None else terms.cap
    lines = _remainder(left, terms.months)
    lines += [_rate_line(line) for line in terms.lines(INTERIM, FINAL)]
    return _spec(terms, upfront=terms.upfront, fixed=base, outcomes=lines, cap=cap + left)


@dataclass(frozen=True)
class Bond:
    """A social impact bond's two cash flows: the provider's and the investor's."""

    provider: Spec
    investor: Spec


def social_impact_bond(terms: Terms) -> Bond:
    """The investor pays the provider its monthly cost as it spends (so the provider needs no
    working capital and has nothing at risk); the outcome payer pays the investor on the
    interim and final outcomes, up to the terms' cap (none if the terms set none: in a bond the
    outcome payer's most is its own term, and an investor's return can take it past the
    service's value). No up-front payment: the investor's capital is the money up front."""
    provider = _spec(terms, fixed=terms.monthly_cost)
    lines = [_rate_line(line) for line in terms.lines(INTERIM, FINAL)]
    investor = _spec(terms, outcomes=lines, cap=terms.cap)
    return Bond(provider=provider, investor=investor)


def spec_for(terms: Terms, mechanism: str) -> Spec:
    """The provider's spec under a mechanism (for a bond, the provider's side)."""
    if mechanism not in TRANSLATIONS:
        raise TermsError("mechanism", f"{mechanism!r} is not one of {', '.join(MECHANISMS)}")
    if mechanism == SOCIAL_IMPACT_BOND:
        return social_impact_bond(terms).provider
    return TRANSLATIONS[mechanism](terms)


TRANSLATIONS = {
    GRANT: grant,
    BLOCK: block,
    COST_AND_VOLUME: cost_and_volume,
    OUTPUT_BASED: output_based,
    OUTCOME_BASED: outcome_based,
    PAYMENT_BY_RESULTS: payment_by_results,
    SOCIAL_IMPACT_BOND: social_impact_bond,
    LEARNING_PARTNERSHIP: learning_partnership,
}


def compare(terms: Terms, mechanisms: Iterable[str] = MECHANISMS) -> dict[str, list[Month]]:
    """The provider's months under each mechanism, in the order asked."""
    return {mechanism: cashflow.run(spec_for(terms, mechanism)) for mechanism in mechanisms}


def investor_months(terms: Terms) -> list[Month]:
    """A social impact bond from the investor's side: its cost is the provider's funding, its
    income the outcome payer's payments, its working capital the capital the bond needs."""
    return cashflow.run(social_impact_bond(terms).investor)


# --- income at risk ------------------------------------------------------------------------


@dataclass(frozen=True)
class Risk:
    """Of the provider's expected income, what depends on outcomes and what on activity."""

    income: Decimal
    on_outcomes: Decimal
    on_activity: Decimal

    @property
    def share_on_outcomes(self) -> Decimal:
        """Outcome payments / total expected income, a fraction to 4 places (0 if no income)."""
        return _fraction(self.on_outcomes, self.income)

    @property
    def share_on_activity(self) -> Decimal:
        return _fraction(self.on_activity, self.income)


def income_at_risk(terms: Terms, mechanism: str) -> Risk:
    """Payments on interim and final outcomes (at risk on results), and on outputs and units
    (at risk on activity), out of all the provider's expected income under the mechanism."""
    rows = cashflow.run(spec_for(terms, mechanism))
    outcomes = {line.name for line in terms.lines(INTERIM, FINAL)}
    activity = {line.name for line in terms.lines(OUTPUT)} | {UNITS}

    def paid_on(names: set[str]) -> Decimal:
        return sum((a for r in rows for n, a in r.outcomes.items() if n in names), ZERO)

    income = sum((r.income for r in rows), ZERO)
    return Risk(income=income, on_outcomes=paid_on(outcomes), on_activity=paid_on(activity))


# --- money ----------------------------------------------------------------------------------


def instalments(total: Decimal, count: int) -> tuple[Decimal, Decimal]:
    """(each instalment, the pennies left over for the last): total / count rounded down to the
    penny, so count * each + left == total exactly and 0 <= left < count pennies."""
    each = (total / count).quantize(PENNY, rounding=ROUND_DOWN)
    return each, total - each * count


def _share_of(amount: Decimal, share: Decimal) -> Decimal:
    return (amount * share).quantize(PENNY, rounding=ROUND_HALF_UP)


def _fraction(part: Decimal, whole: Decimal) -> Decimal:
    if not whole:
        return Decimal("0.0000")
    return (part / whole).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _cap(terms: Terms) -> Decimal:
    return terms.value - terms.upfront if terms.cap is None else terms.cap


def _remainder(left: Decimal, month: int) -> list[dict]:
    return [_line(REMAINDER, left, 0, {month: 1})] if left else []


def _rate_line(line: RateCardLine) -> dict:
    return _line(line.name, line.price, line.lag_months, line.expected)


def _line(name: str, price: Decimal, lag: int, counts: Mapping[int, int]) -> dict:
    achieved = {str(month): count for month, count in counts.items()}
    return {"name": name, "price": _text(price), "lag_months": lag, "achieved": achieved}


def _spec(terms, upfront=ZERO, fixed=ZERO, outcomes=(), cap=None) -> Spec:
    data = {
        "months": terms.months,
        "monthly_cost": _text(terms.monthly_cost),
        "upfront": _text(upfront),
        "fixed_monthly": _text(fixed),
        "outcomes": list(outcomes),
    }
    if cap is not None:
        data["cap"] = _text(cap)
    return cashflow.parse(data)


def _text(amount: Decimal) -> str:
    return str((Decimal(amount) + ZERO).quantize(PENNY))


# --- checking terms -------------------------------------------------------------------------


def _money(value, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TermsError(name, "must be a Decimal amount of pounds (never a float)")
    if value < 0 or Decimal(value) != Decimal(value).quantize(PENNY):
        raise TermsError(name, f"{value} is not 0.00 or more to the penny")
    if value >= cashflow.MAX_MONEY:
        raise TermsError(name, f"must be less than {cashflow.MAX_MONEY}")


def _share(value, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TermsError(name, "must be a Decimal fraction such as Decimal('0.4') (never a float)")
    if not 0 <= value <= 1:
        raise TermsError(name, f"{value} is not a fraction from 0 to 1")


def _whole(value, name: str, least: int, most: int = cashflow.MAX_MONTHS) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        raise TermsError(name, f"must be a whole number from {least} to {most}")


def _counts(counts, name: str) -> dict[int, int]:
    """A count per month, month 1 first for a list; months with no count left out."""
    if isinstance(counts, (list, tuple)):
        pairs = enumerate(counts, start=1)
    elif isinstance(counts, Mapping):
        pairs = counts.items()
    else:
        raise TermsError(name, "must be a list of counts (month 1 first) or a month: count mapping")
    out: dict[int, int] = {}
    for month, count in pairs:
        _whole(month, f"{name}: month", 1)
        _whole(count, f"{name}: month {month}", 0, cashflow.MAX_COUNT)
        if count:
            out[month] = count
    return dict(sorted(out.items()))
