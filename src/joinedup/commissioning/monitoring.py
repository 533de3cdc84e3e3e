"""Monitoring a contract: outcomes achieved against expected, what the people it supports say
about it, what their service use cost each department before and after, and what the provider
is learning. The same summary is stored with each review decision as its evidence.

Everything here is an aggregate: counts of people pass the one small-numbers rule, and a mean
is shown only over enough people to be safe.
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from joinedup import disclosure
from joinedup.commissioning import queries, terms
from joinedup.commissioning.claim_models import Claim, ClaimLine
from joinedup.commissioning.models import Contract
from joinedup.costs import analysis, atrisk, register
from joinedup.costs import cohorts as cost_cohorts
from joinedup.measures import instruments, scoring
from joinedup.measures import queries as measure_queries
from joinedup.people import queries as people_queries

SATISFACTION = "satisfaction"
COUNTED = [Claim.Status.ACCEPTED, Claim.Status.PAID]


def outcomes(contract: Contract) -> list[dict]:
    """Each rate-card outcome: expected over the term, achieved and paid so far (accepted or
    paid claims), and its share of what was expected."""
    achieved = {
        row["outcome"]: row
        for row in ClaimLine.objects.filter(claim__contract=contract, claim__status__in=COUNTED)
        .values("outcome")
        .annotate(n=Count("id"), amount=Sum("amount"))
    }
    rows = []
    for outcome in contract.rate_card.all():
        got = achieved.get(outcome.pk, {"n": 0, "amount": Decimal("0")})
        small = disclosure.is_small(got["n"])
        rows.append(
            {
                "name": outcome.name,
                "stage": outcome.get_stage_display(),
                "price": outcome.price,
                "expected": outcome.expected,
                "achieved": disclosure.count(got["n"]),
                "share": terms.percent(terms.share(got["n"], outcome.expected))
                if outcome.expected and not small
                else "",
                # The amount would give the count away (price times count), so it hides too.
                "amount": None if small else got["amount"],
            }
        )
    return rows


def satisfaction(contract: Contract, today=None) -> dict:
    """The mean of the latest "How was our help?" score in the last year of the people the
    contract's providers support, over enough people to show."""
    today = today or timezone.localdate()
    people = people_queries.supported_by(_organisations(contract), today)
    readings = measure_queries.latest_readings(
        people, SATISFACTION, "", today - timedelta(days=365), today + timedelta(days=1)
    )
    n = len(readings)
    mean = None
    if n and not disclosure.is_small(n):
        mean = (Decimal(sum(readings.values())) / n).quantize(Decimal("0.1"), ROUND_HALF_UP)
    low, high = scoring.raw_range(instruments.get(SATISFACTION).definition["items"])
    return {"people": disclosure.count(n), "mean": mean, "lowest": low, "highest": high}


def _organisations(contract: Contract) -> list[int]:
    return list(contract.parties.values_list("organisation", flat=True))


def costs(user, contract: Contract, months: int = 12):
    """Costs and savings by department for the contract's cohort (the cost analysis's own
    report), or None where the register or the cohort cannot give one."""
    people = people_queries.supported_by(_organisations(contract))
    cohort = cost_cohorts.served_by(
        user, people, f"People supported by the providers of {contract.reference} now"
    )
    try:
        priced = register.priced()
    except register.EmptyRegister:
        return None
    return analysis.analyse(cohort, priced, months, atrisk.EXCLUDE)


def _text(amount):
    return None if amount is None else str(amount)


def summary(user, contract: Contract, today=None) -> dict:
    """The evidence a review rests on, as plain data (it is stored with the decision)."""
    today = today or timezone.localdate()
    report = costs(user, contract)
    departments = []
    if report is not None and report.shown:
        departments = [
            {
                "name": row["name"],
                "baseline": str(row["baseline"]),
                "follow_up": str(row["follow_up"]),
                "change": str(row["change"]),
            }
            for row in report.departments
        ]
    paid = contract.payments.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    return {
        "as_at": today.isoformat(),
        "people_supported": queries.people_supported_shown(contract, today),
        "outcomes": [
            {**row, "price": str(row["price"]), "amount": _text(row["amount"])}
            for row in outcomes(contract)
        ],
        "satisfaction": {
            k: (str(v) if isinstance(v, Decimal) else v)
            for k, v in satisfaction(contract, today).items()
        },
        "paid": str(paid),
        "value": str(contract.value),
        "costs_by_department": departments,
        "costs_cohort": report.cohort.label if report is not None else "",
        "learning_reviews": contract.learning_reviews.count(),
    }
