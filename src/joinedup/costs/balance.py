"""The balance: what the programme cost against what it saved, each business-case adjustment
on its own line so nothing is hidden. Plain Python, no Django, exact `Decimal`.

The order follows the usual public-sector cost-benefit model (HM Treasury Green Book; the
GMCA / New Economy unit cost model works the same way): start from the gross saving each
follow-up period (baseline cost less follow-up cost), then

1. **deadweight**: the share that would have happened anyway, entered as a percent or taken
   from a comparison cohort's own change (`deadweight_from_comparison`);
2. **attribution**: the share of what remains that is due to this programme, not to others;
3. **optimism bias**: a percent taken off because appraisals tend to be optimistic;
4. **discounting**: later periods are worth less today, at the Green Book's social time
   preference rate of 3.5% a year (HM Treasury, *The Green Book*, 2022, section A6), by
   ``1 / 1.035^t`` with t the years from the start of follow-up to the start of the period
   (so the first period is not discounted).

Adjustments 1 to 3 only ever reduce a saving: a period whose costs rose is carried in full
(an adjustment must never make a cost increase look smaller). Discounting applies to every
period, rises and falls alike, as the Green Book does. The programme's own cost is taken as
spent at the start (not discounted). Every stage is rounded half up to the penny per period,
and each line is the difference of rounded figures, so the lines add up exactly as printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from joinedup.costs.change import Line, pence

#: HM Treasury Green Book social time preference rate, years 0-30.
GREEN_BOOK_RATE = Decimal("3.5")
GREEN_BOOK = "HM Treasury, The Green Book (2022), A6: discount rate 3.5% a year for years 0-30"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Adjustments:
    """Percentages as `Decimal` 0-100; None means the adjustment is not applied."""

    deadweight: Decimal | None = None
    deadweight_source: str = "entered"
    attribution: Decimal | None = None
    optimism_bias: Decimal | None = None
    discount_rate: Decimal | None = None  # percent a year; GREEN_BOOK_RATE when asked for

    def __post_init__(self):
        for name in ("deadweight", "attribution", "optimism_bias", "discount_rate"):
            value = getattr(self, name)
            if value is not None and not (0 <= value <= HUNDRED):
                raise ValueError(f"{name} must be between 0 and 100, not {value}")


@dataclass(frozen=True)
class BalanceLine:
    key: str
    label: str
    amount: Decimal
    #: True for a subtotal or result line, False for a step that changes the running figure.
    total: bool = False


@dataclass(frozen=True)
class Balance:
    lines: list[BalanceLine]
    credited: Decimal
    programme_cost: Decimal
    net: Decimal
    #: Saving credited per £1 of programme cost, to the penny; None when the cost is zero.
    return_per_pound: Decimal | None

    def line(self, key: str) -> BalanceLine | None:
        return next((line for line in self.lines if line.key == key), None)


def _share(amount: Decimal, percent: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        return pence(amount * percent / HUNDRED)


def discount_factor(rate: Decimal, years: Decimal) -> Decimal:
    """1 / (1 + rate/100) ** years, to 30 significant figures."""
    with localcontext() as ctx:
        ctx.prec = 30
        return Decimal(1) / ((1 + rate / HUNDRED) ** years)


def deadweight_from_comparison(cohort: Line, comparison: Line) -> Decimal:
    """Deadweight as a percent of the cohort's gross saving, from a comparison cohort.

    The comparison's own fall (as a share of its baseline) applied to the cohort's baseline is
    what would have been saved anyway; as a share of the cohort's saving, between 0 and 100, to
    1 decimal. A comparison whose costs rose gives 0 (never credit more than was measured).
    """
    saving = cohort.baseline - cohort.follow_up
    if saving <= 0 or comparison.baseline <= 0:
        return Decimal("0.0")
    with localcontext() as ctx:
        ctx.prec = 60
        fall = (comparison.baseline - comparison.follow_up) / comparison.baseline
        percent = fall * cohort.baseline / saving * HUNDRED
    return min(HUNDRED, max(Decimal(0), percent)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def balance(
    savings: list[Decimal],
    programme_cost: Decimal,
    adjustments: Adjustments = Adjustments(),
    period_months: int = 12,
) -> Balance:
    """`savings` are the gross savings (baseline less follow-up) of follow-up periods 1, 2 ..."""
    if programme_cost < 0:
        raise ValueError("the programme cost cannot be negative")
    stages = {"gross": [], "deadweight": [], "attribution": [], "optimism_bias": [], "discount": []}
    for index, saving in enumerate(savings):
        value = pence(saving)
        stages["gross"].append(value)
        if value > 0 and adjustments.deadweight is not None:
            value -= _share(value, adjustments.deadweight)
        stages["deadweight"].append(value)
        if value > 0 and adjustments.attribution is not None:
            value = _share(value, adjustments.attribution)
        stages["attribution"].append(value)
        if value > 0 and adjustments.optimism_bias is not None:
            value -= _share(value, adjustments.optimism_bias)
        stages["optimism_bias"].append(value)
        if adjustments.discount_rate is not None and index:
            years = Decimal(index * period_months) / 12
            with localcontext() as ctx:
                ctx.prec = 60
                value = pence(value * discount_factor(adjustments.discount_rate, years))
        stages["discount"].append(value)
    total = {name: sum(values, Decimal("0.00")) for name, values in stages.items()}
    lines = [
        BalanceLine("gross", "Gross saving (baseline cost less follow-up cost)", total["gross"])
    ]
    previous = total["gross"]
    labels = {
        "deadweight": f"Less deadweight: {adjustments.deadweight}% would have happened anyway "
        f"({adjustments.deadweight_source})",
        "attribution": f"Less the share due to others: {adjustments.attribution}% is credited "
        "to this programme",
        "optimism_bias": f"Less optimism bias: {adjustments.optimism_bias}%",
        "discount": f"Discounting of later periods at {adjustments.discount_rate}% a year "
        "(HM Treasury Green Book)",
    }
    chosen = {
        "deadweight": adjustments.deadweight,
        "attribution": adjustments.attribution,
        "optimism_bias": adjustments.optimism_bias,
        "discount": adjustments.discount_rate,
    }
    for name, label in labels.items():
        if chosen[name] is not None:
            lines.append(BalanceLine(name, label, total[name] - previous))
        previous = total[name]
    credited = total["discount"]
    cost = pence(programme_cost)
    net = credited - cost
    lines += [
        BalanceLine("credited", "Saving credited to the programme", credited, total=True),
        BalanceLine("programme_cost", "Less the programme's own cost", -cost),
        BalanceLine("net", "Net saving (a negative figure is a net cost)", net, total=True),
    ]
    per_pound = None
    if cost:
        with localcontext() as ctx:
            ctx.prec = 60
            per_pound = (credited / cost).quantize(Decimal("0.01"), ROUND_HALF_UP) + 0
    return Balance(lines, credited, cost, net, per_pound)
