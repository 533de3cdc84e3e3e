"""Risk along the supply chain: how much of each provider's income rides on outcomes, whether
the contract pays the full cost, and where risk is passed down to those least able to carry it.

Over 80% of providers fear payment by results (full cost recovery 80%, working capital 78%);
the remedy is to cap the share at risk, pay up front and on interim outcomes, and make the
transfer of risk visible. These figures make it visible; `terms` holds the area's settings.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from joinedup.commissioning import terms
from joinedup.commissioning.models import Contract, Party


@dataclass
class PartyRisk:
    party: Party
    share: Decimal  # of its income from this contract, paid only on outcomes
    cap: Decimal
    yearly_at_risk: Decimal
    income_share: Decimal | None  # of its whole yearly income, where its profile says it
    size: str
    small: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def over_cap(self) -> bool:
        return self.share > self.cap


def _profile(organisation):
    # A missing one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    return getattr(organisation, "provider_profile", None)


def supply_chain(contract: Contract) -> list[PartyRisk]:
    """One row per provider in the contract: its share, what of it is at risk, and warnings."""
    cap = contract.risk_cap
    years = Decimal(max(contract.months, 1)) / 12
    rows = []
    for party in contract.parties.select_related("organisation__provider_profile"):
        profile = _profile(party.organisation)
        share = terms.share(party.at_risk, party.value)
        yearly = (party.at_risk / years).quantize(terms.PENNY) if years else party.at_risk
        income_share = terms.share(yearly, profile.annual_income) if profile else None
        small = bool(profile and profile.is_small)
        row = PartyRisk(
            party=party,
            share=share,
            cap=cap,
            yearly_at_risk=yearly,
            income_share=income_share,
            size=profile.size if profile else "Not known: no provider profile",
            small=small,
        )
        if row.over_cap:
            who = (
                f"a small provider with an income of {terms.pounds(profile.annual_income)}, "
                if small
                else ""
            )
            row.warnings.append(
                f"{party.organisation} ({who}{party.get_tier_display().lower()}) has "
                f"{terms.percent(share)} of its income from this contract at risk, above the "
                f"cap of {terms.percent(cap)}"
            )
        rows.append(row)
    return rows


def warnings(contract: Contract, rows: list[PartyRisk] | None = None) -> list[str]:
    """Everything a commissioner should look at before signing, most serious first."""
    rows = supply_chain(contract) if rows is None else rows
    found = [w for row in rows for w in row.warnings]
    primes = [r for r in rows if r.party.tier == Party.Tier.PRIME]
    subs = [r for r in rows if r.party.tier == Party.Tier.SUB]
    if primes and subs:
        prime = primes[0]
        for sub in subs:
            if sub.share > prime.share:
                found.append(
                    f"{prime.party.organisation} passes risk down: "
                    f"{sub.party.organisation} has {terms.percent(sub.share)} of its income "
                    f"at risk, the prime {terms.percent(prime.share)}"
                )
    on_outcomes = contract.mechanism in terms.ON_OUTCOMES
    if on_outcomes and terms.is_small_contract(contract.value):
        found.append(
            f"{contract.get_mechanism_display()} on a small contract "
            f"({terms.pounds(contract.value)}): the cost of measuring and claiming may outweigh "
            "what it buys"
        )
    if on_outcomes:
        for row in rows:
            if row.small and row.party.at_risk:
                income = row.party.organisation.provider_profile.annual_income
                found.append(
                    f"{contract.get_mechanism_display()} puts money at risk for "
                    f"{row.party.organisation}, a small provider (income "
                    f"{terms.pounds(income)} a year, under the area's "
                    f"{terms.pounds(terms.small_provider_income())})"
                )
    full = full_cost(contract)
    if full and contract.value < full:
        found.append(
            f"The contract pays {terms.percent(terms.share(contract.value, full))} of the full "
            f"cost of delivering it ({terms.pounds(full)} over the term, by the open-book "
            "figures): it does not recover its full cost"
        )
    shared = sum((r.party.value for r in rows), Decimal("0"))
    if rows and shared < contract.value:
        found.append(
            f"{terms.pounds(contract.value - shared)} of the value is not yet shared among the "
            "providers"
        )
    return found


def full_cost(contract: Contract) -> Decimal | None:
    """The open-book cost of delivering the whole term, where the contract keeps one."""
    if contract.monthly_cost is None:
        return None
    return contract.monthly_cost * contract.months


def payment_terms(contract: Contract) -> dict:
    """Up-front and interim terms: how soon money reaches the provider."""
    card = list(contract.rate_card.all())
    expected = sum((o.price * o.expected for o in card), Decimal("0"))
    interim = sum((o.price * o.expected for o in card if o.stage == o.Stage.INTERIM), Decimal("0"))
    return {
        "upfront": contract.upfront,
        "upfront_share": terms.share(contract.upfront, contract.value),
        "lag": contract.payment_lag_months,
        "expected_outcomes": expected,
        "interim": interim,
        "interim_share": terms.share(interim, expected),
    }
