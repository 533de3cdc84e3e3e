"""Fair play: whether a contract pays for the people who need it most, for outcomes that are
real and are the provider's own work, and how the local market's money is spread.

* Need side by side: the NDT totals (higher is more chaotic: more need) of the people referred
  to the contract's providers in its term, the people they took on, those they took on and
  never claimed for, and those claimed for. Taking on lower-need people ("creaming") or
  leaving high-need people without the work that earns a payment ("parking") shows as a
  difference between the rows. Each person's NDT is the latest reading on or before the day
  they were referred or taken on, or failing that the first after it.
* Bunching: for outcomes paid on a reading at or past a level, how far past the level the
  paying readings were. An even spread puts about half as many readings at the level or one
  point past it as in the four points after; more there than in those four together is
  flagged, as readings nudged over the line would look.
* The other agencies behind each claimed outcome: plan steps other organisations did for the
  person in the claim's period, so one provider is not paid for another's work.
* Spend by sector, provider size and tier, from the payments recorded.
* A warning where payment on outcomes falls on a small contract or a small provider.

Counts of people and lines pass `joinedup.disclosure`; no name or person id leaves here.
"""

from collections import Counter, defaultdict
from datetime import timedelta
from decimal import Decimal

from joinedup import disclosure
from joinedup.commissioning import terms, timing
from joinedup.commissioning.claim_models import Claim, ClaimLine, Payment
from joinedup.commissioning.claims import COUNTING
from joinedup.measures import queries as measure_queries
from joinedup.people import queries as people_queries
from joinedup.plans import queries as plan_queries
from joinedup.referrals import outcome_queries

#: NDT bands for the side-by-side table (the NDT total runs 0 to 48).
BANDS = [(0, 19, "Under 20"), (20, 29, "20 to 29"), (30, 39, "30 to 39"), (40, 99, "40 or more")]
#: Fewer paying readings than this are too few to call bunched.
BUNCHING_MIN_LINES = 10


def _term(contract):
    """The contract's term as a half-open range."""
    return contract.starts_on, contract.ends_on + timedelta(days=1)


def counting_lines(contract):
    return ClaimLine.objects.filter(claim__contract=contract, claim__status__in=COUNTING)


def need_side_by_side(contract) -> list[dict]:
    """Three rows: referred, taken on, claimed for. (A row of those taken on and not claimed
    for would let anyone subtract it from "taken on" and find cells the rule hides.)"""
    start, end = _term(contract)
    organisations = list(contract.parties.values_list("organisation_id", flat=True))
    referred = outcome_queries.referred_to(organisations, start, end)
    taken = people_queries.taken_on_by(organisations, start, end)
    served = people_queries.served_by(organisations, start, end)
    claimed_ids = set(counting_lines(contract).values_list("person_id", flat=True))
    claimed = {pk: served.get(pk, start) for pk in claimed_ids}
    groups = [
        ("Referred to the providers", referred),
        ("Taken on by the providers", taken),
        ("Claimed for", claimed),
    ]
    rows = []
    for label, days in groups:
        ndt = measure_queries.ndt_at(days)
        rows.append(_need_row(label, [ndt.get(pk) for pk in days]))
    return rows


def _need_row(label: str, totals: list) -> dict:
    scored = [t for t in totals if t is not None]
    cells = [sum(1 for t in scored if lo <= t <= hi) for lo, hi, _ in BANDS]
    cells.append(len(totals) - len(scored))
    shown, people = disclosure.table(cells)
    enough = len(scored) >= disclosure.THRESHOLD
    return {
        "label": label,
        "people": people,
        "bands": shown[:-1],
        "no_reading": shown[-1],
        "median": timing.spread(scored).median if enough else None,
    }


def need_sentence(rows: list[dict]) -> str:
    """The comparison in words, where both medians are shown."""
    taken, claimed = rows[1]["median"], rows[2]["median"]
    if taken is None or claimed is None:
        return "Too few people to compare the need of those claimed for with those taken on."
    words = f"The people claimed for had a median NDT of {claimed:f} on entry, against {taken:f}"
    words += " for everyone taken on"
    if claimed + 3 <= taken:
        return words + ": lower need is being claimed for. Look for creaming and parking."
    return words + "."


def bunching(contract) -> list[dict]:
    """For each outcome paid on a reading at or past a level: how far past it the paying
    readings fell, and whether they bunch just past it."""
    found = []
    for outcome in contract.rate_card.select_related("indicator"):
        if outcome.indicator.kind != "instrument_level":
            continue
        past = Counter()
        for records in (
            counting_lines(contract).filter(outcome=outcome).values_list("evidence", flat=True)
        ):
            paying = next((r for r in records if "level" in r), None)
            if paying is None:
                continue
            value, level = Decimal(paying["value"]), Decimal(paying["level"])
            distance = value - level if paying.get("compare") == "at_or_above" else level - value
            past[int(distance)] += 1
        just = past[0] + past[1]
        further = sum(past[d] for d in range(2, 6))
        beyond = sum(n for d, n in past.items() if d > 5)
        lines = just + further + beyond
        shown, total = disclosure.table([past[0], past[1], further, beyond])
        found.append(
            {
                "outcome": outcome,
                "cells": shown,
                "lines": total,
                "flagged": lines >= BUNCHING_MIN_LINES and just > further,
            }
        )
    return found


def agencies_behind(contract) -> list[dict]:
    """For each claimed outcome: the other organisations whose plan steps were done for the
    people in the claims' periods, and on how many lines; and how many lines are paid on a
    step another organisation did."""
    rows: dict[int, dict] = {}
    claims = Claim.objects.filter(contract=contract, status__in=COUNTING).select_related("party")
    for claim in claims:
        lines = list(claim.lines.select_related("outcome"))
        if not lines:
            continue
        own = claim.party.organisation_id
        steps = defaultdict(set)
        for _, person_id, _, owner_id, owner_name, _ in plan_queries.steps_done_by_person(
            {line.person_id for line in lines}, claim.period_start, claim.period_end
        ):
            if owner_id is not None and owner_id != own:
                steps[person_id].add(owner_name)
        for line in lines:
            row = rows.setdefault(
                line.outcome_id,
                {"outcome": line.outcome, "agencies": Counter(), "others_step": 0, "lines": 0},
            )
            row["lines"] += 1
            row["agencies"].update(steps.get(line.person_id, ()))
            if any(
                r.get("kind") == "plan_step" and r.get("owner") not in (None, own)
                for r in line.evidence
            ):
                row["others_step"] += 1
    return [
        {
            "outcome": r["outcome"],
            "lines": disclosure.count(r["lines"]),
            "agencies": [
                {"name": name, "lines": disclosure.count(n)}
                for name, n in sorted(r["agencies"].items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "others_step": disclosure.count(r["others_step"]),
        }
        for r in sorted(rows.values(), key=lambda r: (r["outcome"].position, r["outcome"].pk))
    ]


def spend(contracts) -> dict:
    """Money paid under these contracts, by the provider's sector, size and tier."""
    payments = Payment.objects.filter(contract__in=contracts).select_related(
        "party__organisation__provider_profile"
    )
    by = {
        "sector": defaultdict(Decimal),
        "size": defaultdict(Decimal),
        "tier": defaultdict(Decimal),
    }
    for p in payments:
        organisation = p.party.organisation
        profile = getattr(organisation, "provider_profile", None)
        by["sector"][organisation.get_sector_display()] += p.amount
        by["size"][profile.size if profile else "No provider profile"] += p.amount
        by["tier"][p.party.get_tier_display()] += p.amount
    total = sum((p.amount for p in payments), Decimal("0"))
    return {
        key: [
            {"name": name, "amount": amount, "share": terms.percent(terms.share(amount, total))}
            for name, amount in sorted(rows.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        for key, rows in by.items()
    } | {"total": total}


def pbr_warnings(contract) -> list[str]:
    """Where payment on outcomes falls on a small contract or on a small provider."""
    if contract.mechanism not in terms.ON_OUTCOMES:
        return []
    how = contract.get_mechanism_display().lower()
    warnings = []
    if terms.is_small_contract(contract.value):
        warnings.append(
            f"This contract is small ({terms.pounds(contract.value)}) and paid by {how}: the "
            "cost of evidencing outcomes weighs heavily on a small contract. Consider a grant "
            "or a block payment."
        )
    for party in contract.parties.select_related("organisation__provider_profile"):
        profile = getattr(party.organisation, "provider_profile", None)
        if profile and profile.is_small and party.at_risk:
            warnings.append(
                f"{party.organisation} is a small provider ({profile.size}) with "
                f"{terms.pounds(party.at_risk)} of its {terms.pounds(party.value)} paid only on "
                "outcomes: money held back threatens it. Consider paying up front or on "
                "interim outcomes."
            )
    return warnings
