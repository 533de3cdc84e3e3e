"""A contract's cash flow: its terms read from the contract and its rate card as the cash-flow
engine's `Terms`, for the whole contract or one provider in it, with the outcomes expected
spread over the term at a chosen rate, and the same terms under other mechanisms beside it.

For one provider, its part is the contract in small: its share of the value and the same share
of the monthly cost; of each outcome's price and of the cap, its share of the money the contract
holds at risk (a sub carrying a third of the contract's risk earns a third of each outcome
payment, so at full achievement it earns back what it put at risk); and its own share at risk.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from joinedup.commissioning import mechanisms, terms
from joinedup.commissioning.cashflow import Month
from joinedup.commissioning.models import Contract, Party

#: Our mechanisms (the contract's field) as the engine's.
ENGINE = {
    terms.Mechanism.GRANT: mechanisms.GRANT,
    terms.Mechanism.BLOCK: mechanisms.BLOCK,
    terms.Mechanism.COST_VOLUME: mechanisms.COST_AND_VOLUME,
    terms.Mechanism.OUTPUT: mechanisms.OUTPUT_BASED,
    terms.Mechanism.OUTCOME: mechanisms.OUTCOME_BASED,
    terms.Mechanism.PBR: mechanisms.PAYMENT_BY_RESULTS,
    terms.Mechanism.SIB: mechanisms.SOCIAL_IMPACT_BOND,
    terms.Mechanism.LEARNING: mechanisms.LEARNING_PARTNERSHIP,
}
#: What a contract can be compared under from its own terms. Cost and volume and output-based
#: need unit prices or outputs that a rate card of outcomes does not hold.
COMPARABLE = [
    terms.Mechanism.BLOCK,
    terms.Mechanism.GRANT,
    terms.Mechanism.OUTCOME,
    terms.Mechanism.PBR,
    terms.Mechanism.SIB,
    terms.Mechanism.LEARNING,
]
STAGES = {"interim": mechanisms.INTERIM, "final": mechanisms.FINAL}


def spread(total: int, first: int, last: int) -> dict[int, int]:
    """`total` whole outcomes over months first..last as evenly as whole numbers allow, the
    extra ones in the earliest months."""
    if total <= 0 or last < first:
        return {}
    months = last - first + 1
    each, extra = divmod(total, months)
    counts = {first + k: each + (1 if k < extra else 0) for k in range(months)}
    return {m: n for m, n in counts.items() if n}


@dataclass(frozen=True)
class Assumptions:
    achieved: Decimal = Decimal("1")  # the share of the expected outcomes achieved
    first_month: int = 4  # outcomes start to come in this month of the term
    party: Party | None = None  # None: the whole contract


def monthly_cost(contract: Contract) -> Decimal:
    """The open-book monthly cost, or the value spread evenly where there are no figures."""
    if contract.monthly_cost is not None:
        return contract.monthly_cost
    return (contract.value / max(contract.months, 1)).quantize(terms.PENNY, ROUND_HALF_UP)


def terms_for(contract: Contract, assume: Assumptions) -> mechanisms.Terms:
    months = max(contract.months, 1)
    parties = list(contract.parties.all())
    at_risk = sum((p.at_risk for p in parties), Decimal("0"))
    value, scale, risk_scale = contract.value, Decimal("1"), Decimal("1")
    if assume.party is not None:
        value = assume.party.value
        scale = terms.share(assume.party.value, contract.value) if contract.value else Decimal("0")
        risk_scale = terms.share(assume.party.at_risk, at_risk) if at_risk else scale
        at_risk = assume.party.at_risk

    def part(amount: Decimal, by: Decimal | None = None) -> Decimal:
        return (amount * (scale if by is None else by)).quantize(terms.PENNY, ROUND_HALF_UP)

    lines = []
    for outcome in contract.rate_card.all():
        count = int((outcome.expected * assume.achieved).to_integral_value(ROUND_HALF_UP))
        lines.append(
            mechanisms.RateCardLine(
                name=outcome.name,
                price=part(outcome.price, risk_scale),
                lag_months=contract.payment_lag_months,
                expected=spread(count, min(assume.first_month, months), months),
                stage=STAGES[outcome.stage],
            )
        )
    return mechanisms.Terms(
        months=months,
        monthly_cost=part(monthly_cost(contract)),
        value=value,
        rate_card=tuple(lines),
        share_at_risk=terms.share(at_risk, value) if value else Decimal("0"),
        upfront_share=(
            terms.share(contract.upfront, contract.value) if contract.value else Decimal("0")
        ),
        cap=part(contract.outcome_cap, risk_scale) if contract.outcome_cap is not None else None,
    )


@dataclass
class Comparison:
    terms: mechanisms.Terms
    results: dict[str, list[Month]]
    labels: dict[str, str]
    working_capital: dict[str, Decimal]
    on_outcomes: dict[str, Decimal]  # share of the provider's income paid on outcomes
    income: dict[str, Decimal]


def compare(contract: Contract, chosen: list[str], assume: Assumptions) -> Comparison:
    """The contract under its own mechanism and each of `chosen` (our mechanism values)."""
    from joinedup.commissioning.cashflow import working_capital

    order = [contract.mechanism, *[m for m in chosen if m != contract.mechanism]]
    engine_terms = terms_for(contract, assume)
    keys = [ENGINE[m] for m in order]
    results = mechanisms.compare(engine_terms, keys)
    labels = dict(terms.Mechanism.choices)
    named = {
        ENGINE[m]: labels[m] + (" (this contract)" if m == contract.mechanism else "")
        for m in order
    }
    risk = {k: mechanisms.income_at_risk(engine_terms, k) for k in keys}
    return Comparison(
        terms=engine_terms,
        results=results,
        labels=named,
        working_capital={k: working_capital(rows) for k, rows in results.items()},
        on_outcomes={k: r.share_on_outcomes for k, r in risk.items()},
        income={k: r.income for k, r in risk.items()},
    )
