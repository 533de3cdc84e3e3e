"""Reading commissioning records: pools and what they fund, where each exercise stands in the
cycle, what is coming up, and the figures a commissioner compares. Counts of people pass the
one small-numbers rule before they leave here."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from joinedup import disclosure
from joinedup.commissioning import terms
from joinedup.commissioning.models import BreakClause, Contract, Exercise, Payment, PooledBudget
from joinedup.people import queries as people_queries

ZERO = Decimal("0")


@dataclass
class PoolYear:
    year: int
    label: str
    contributions: list  # (commissioner, amount, share of the year's pool), largest first
    total: Decimal
    committed: Decimal  # the contracts it funds, their value in this year
    spent: Decimal  # payments made in the year on contracts it funds

    @property
    def left(self) -> Decimal:
        return self.total - self.spent

    @property
    def spent_share(self) -> Decimal:
        return terms.share(self.spent, self.total)


def pool_years(budget: PooledBudget) -> list[PoolYear]:
    """Each financial year of a pool: who put in what, what it funds and what was spent."""
    by_year: dict[int, list] = {}
    for c in budget.contributions.select_related("commissioner"):
        by_year.setdefault(c.year, []).append((c.commissioner, c.amount))
    contracts = list(budget.contracts.all())
    rows = []
    for year in sorted(by_year):
        first, after = terms.year_range(year)
        spent = (
            Payment.objects.filter(
                contract__budget=budget, paid_on__gte=first, paid_on__lt=after
            ).aggregate(s=Sum("amount"))["s"]
            or ZERO
        )
        committed = sum((_value_in(c, first, after) for c in contracts), ZERO)
        given = sorted(by_year[year], key=lambda row: -row[1])
        total = sum((amount for _, amount in given), ZERO)
        rows.append(
            PoolYear(
                year=year,
                label=terms.year_label(year),
                contributions=[(who, amount, terms.share(amount, total)) for who, amount in given],
                total=total,
                committed=committed,
                spent=spent,
            )
        )
    return rows


def _value_in(contract: Contract, first: date, after: date) -> Decimal:
    """A contract's value spread evenly over its months, the part falling in [first, after)."""
    months = contract.months
    if not months:
        return ZERO
    inside = sum(
        1
        for m in range(months)
        if first <= _add_months(contract.starts_on.replace(day=1), m) < after
    )
    return (contract.value * inside / months).quantize(terms.PENNY)


def _add_months(day: date, n: int) -> date:
    month = day.month - 1 + n
    return date(day.year + month // 12, month % 12 + 1, 1)


STAGES = [
    ("analyse", "Analyse", "What the needs evidence says"),
    ("plan", "Plan", "The outcome framework the work answers to"),
    ("do", "Do", "Contracts let and running"),
    ("review", "Review", "Decisions on the evidence"),
]


def stage(exercise: Exercise) -> str:
    """Where an exercise stands: the first step of the cycle it has not yet done."""
    if not exercise.needs.strip():
        return "analyse"
    if exercise.framework_id is None:
        return "plan"
    contracts = exercise.contracts.all()
    if not contracts.filter(status__in=[Contract.Status.LIVE, Contract.Status.ENDED]).exists():
        return "do"
    return "review"


def cycle(exercise: Exercise) -> list[dict]:
    """The four steps with which are done, which is current and what each holds."""
    current = stage(exercise)
    reviewed = exercise.contracts.filter(decisions__isnull=False).exists()
    order = [key for key, _, _ in STAGES]
    steps = []
    for key, label, hint in STAGES:
        done = order.index(key) < order.index(current) or (key == "review" and reviewed)
        steps.append(
            {"key": key, "label": label, "hint": hint, "done": done, "current": key == current}
        )
    return steps


@dataclass
class Reminder:
    day: date
    words: str
    contract: Contract


def reminders(contracts, today: date | None = None, ahead_days: int = 183) -> list[Reminder]:
    """Break clauses whose reminder has come (notice still to give) and terms ending soon."""
    today = today or timezone.localdate()
    found = []
    breaks = BreakClause.objects.filter(contract__in=contracts, on__gte=today).select_related(
        "contract"
    )
    for clause in breaks:
        if clause.remind_from <= today:
            late = clause.notice_by < today
            words = (
                f"Break on {clause.on:%-d %B %Y}: notice was due by {clause.notice_by:%-d %B %Y}"
                if late
                else f"Break on {clause.on:%-d %B %Y}: give notice by {clause.notice_by:%-d %B %Y}"
                " to use it"
            )
            found.append(Reminder(clause.notice_by, words, clause.contract))
    soon = today + timedelta(days=ahead_days)
    ending = contracts.filter(status=Contract.Status.LIVE, ends_on__gte=today, ends_on__lte=soon)
    for contract in ending:
        found.append(
            Reminder(
                contract.ends_on,
                f"The term ends on {contract.ends_on:%-d %B %Y}: decide whether to continue, "
                "vary, re-tender or decommission",
                contract,
            )
        )
    return sorted(found, key=lambda r: r.day)


def contracts_table(contracts) -> list[dict]:
    """The contract list: value, paid so far, mechanism and status, for comparing at a glance."""
    paid = dict(
        Payment.objects.filter(contract__in=contracts)
        .values_list("contract")
        .annotate(s=Sum("amount"))
    )
    rows = []
    for c in contracts.select_related("commissioner", "budget").annotate(
        providers=Count("parties", distinct=True)
    ):
        spent = paid.get(c.pk, ZERO)
        rows.append({"contract": c, "paid": spent, "paid_share": terms.share(spent, c.value)})
    return rows


def spend_by_mechanism(contracts) -> list[dict]:
    rows = (
        contracts.values("mechanism").annotate(value=Sum("value"), n=Count("id")).order_by("-value")
    )
    labels = dict(terms.Mechanism.choices)
    return [{"mechanism": labels[r["mechanism"]], "value": r["value"], "n": r["n"]} for r in rows]


def people_supported(contract: Contract, day: date | None = None) -> int:
    """How many people the contract's providers support now (exact: for the decision record;
    shown only through `people_supported_shown`)."""
    orgs = contract.parties.values_list("organisation", flat=True)
    return people_queries.supported_by(orgs, day).count()


def people_supported_shown(contract: Contract, day: date | None = None):
    return disclosure.count(people_supported(contract, day))


def open_contracts_of(organisation_id: int):
    return Contract.objects.filter(
        Q(commissioner=organisation_id) | Q(budget__contributions__commissioner=organisation_id)
    ).distinct()
