"""The commissioner's and analyst's home: their own department first (its spend, its services,
the system issues that land on it), then the whole system on one page as tiles, each saying its
source and period and linking to its page. A tile whose part of joinedup does not exist yet says
so plainly instead of showing a number.

Counts only, every one through `joinedup.disclosure`; money only beside a count that is shown.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from joinedup import disclosure
from joinedup.assessment import queries as assessment_queries
from joinedup.assessment.models import Barrier, Round
from joinedup.costs import kinds, register
from joinedup.costs.models import ServiceUseEvent
from joinedup.directory.models import Locality
from joinedup.insight import figures
from joinedup.insight.needs_report import NeedsAnalysis
from joinedup.measures import distance
from joinedup.measures import queries as measure_queries
from joinedup.measures.models import Assessment, Instrument

DEPARTMENTS = dict(ServiceUseEvent.Category.choices)
#: Every department at once: where an organisation's own cannot be told from its name or use.
ALL = ""

#: Which department an organisation commissions for, from words in its name, first match
#: wins; then the department whose service use it records most. Rules as data, so an area
#: can read (and change) them here.
DEPARTMENT_WORDS: tuple[tuple[str, str], ...] = (
    ("police and crime", "criminal_justice"),
    ("community safety", "criminal_justice"),
    ("probation", "criminal_justice"),
    ("housing", "housing"),
    ("homeless", "housing"),
    ("social care", "social_care"),
    ("children", "social_care"),
    ("public health", "health"),
    ("care board", "health"),
    ("nhs", "health"),
    ("health", "health"),
    ("jobcentre", "welfare"),
)


def department_of(organisation) -> str:
    name = organisation.name.lower()
    for words, department in DEPARTMENT_WORDS:
        if words in name:
            return department
    recorded = (
        ServiceUseEvent.objects.filter(organisation=organisation)
        .values("category")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return recorded["category"] if recorded else ALL


@dataclass
class Tile:
    key: str
    title: str
    source: str
    period: str
    link: str
    link_text: str
    figures: list[tuple[str, object]] = field(default_factory=list)
    #: Said instead of figures where the part does not exist yet or has nothing to show.
    missing: str = ""


def _adults() -> int:
    return sum(Locality.objects.values_list("population", flat=True))


def _year():
    today = timezone.localdate()
    return today - timedelta(days=365), today + timedelta(days=1)


def _per_1000(n: int, adults: int) -> Decimal | None:
    return disclosure.rate(n, adults) if adults else None


def department_choices() -> list[tuple[str, str]]:
    return [(ALL, "Every department")] + [(k, v) for k, v in DEPARTMENTS.items() if k != "other"]


def department_use(department: str) -> dict:
    """The department's raw counts over the last 12 months (kept by `insight.figures`): its
    service use by kind (people and events) and the people using any of it."""
    start, end = _year()
    used = ServiceUseEvent.objects.filter(occurred_on__gte=start, occurred_on__lt=end)
    if department != ALL:
        used = used.filter(category=department)
    rows = (
        used.values("kind")
        .annotate(quantity=Sum("quantity"), people=Count("person", distinct=True))
        .order_by("-people", "kind")
    )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "rows": list(rows),
        "people": used.values("person").distinct().count(),
    }


def department_view(department: str, organisation) -> dict:
    """One department's last 12 months: its service use by kind (people and events, and each
    per 1,000 adults, so nights in custody do not dwarf appointments), what it cost at the unit
    cost register's prices, its organisation's services, and the barriers that name it."""
    stored = figures.department_figures(department)
    counted = stored.data
    start, end = date.fromisoformat(counted["start"]), date.fromisoformat(counted["end"])
    adults = _adults()
    try:
        priced = register.priced()
        prices = {u.kind: u.unit_cost for u in priced.unit_costs}
        prices_words = priced.describe()
    except (register.EmptyRegister, LookupError):
        prices, prices_words = {}, ""
    use, spend = [], Decimal(0)
    for row in counted["rows"]:
        people = disclosure.count(row["people"])
        shown = isinstance(people, int)
        cost = prices.get(row["kind"])
        money = cost * row["quantity"] if cost is not None and shown else None
        if money is not None:
            spend += money
        use.append(
            {
                "kind": kinds.plural(row["kind"]),
                "people": people,
                "events": row["quantity"] if shown else None,
                "people_per_1000": _per_1000(row["people"], adults) if shown else None,
                "events_per_1000": _per_1000(row["quantity"], adults) if shown else None,
                "cost": money.quantize(Decimal(1)) if money is not None else None,
            }
        )
    barriers = (
        Barrier.objects.filter(responsible=organisation)
        .values("category")
        .annotate(n=Count("id"), delay=Sum("delay_days"))
        .order_by("-n")
    )
    categories = dict(Barrier._meta.get_field("category").choices)
    return {
        "key": department,
        "name": DEPARTMENTS.get(department, "Every department"),
        "choices": department_choices(),
        "people": disclosure.count(counted["people"]),
        "spend": spend.quantize(Decimal(1)) if use else None,
        "prices": prices_words,
        "use": use,
        "services": list(organisation.services.order_by("name")),
        "barriers": [
            {
                "category": categories.get(b["category"], b["category"]),
                "barriers": b["n"],
                "delay": b["delay"] or 0,
            }
            for b in barriers
        ],
        "period": f"{start:%-d %B %Y} to {end - timedelta(days=1):%-d %B %Y}",
        "worked_out": stored,
    }


def contracts_tile(organisation) -> Tile | None:
    """The contracts the organisation lets or pays into, with their status, what they have
    paid and how many carry risk warnings; None where it has none (the home then says so)."""
    from joinedup.commissioning import queries as commissioning_queries
    from joinedup.commissioning import risk, terms

    contracts = commissioning_queries.open_contracts_of(organisation.pk) if organisation else None
    if contracts is None or not contracts.exists():
        return None
    rows = commissioning_queries.contracts_table(contracts)
    live = [r for r in rows if r["contract"].status == "live"]
    warned = sum(1 for r in rows if risk.warnings(r["contract"]))
    reminders = commissioning_queries.reminders(contracts)
    value = sum((r["contract"].value for r in live), Decimal("0"))
    paid = sum((r["paid"] for r in rows), Decimal("0"))
    return Tile(
        "contracts",
        "Contracts and their status",
        "Commissioning: contracts, their supply chains and payments",
        f"as at {timezone.localdate():%-d %B %Y}",
        reverse("commissioning:index"),
        "Commissioning: contracts, pools and tenders",
        [
            ("contracts running", len(live)),
            ("value of the running contracts", terms.pounds(value)),
            ("paid so far on all of them", terms.pounds(paid)),
            ("contracts with risk warnings", warned),
            ("decisions coming up (breaks, ends of term)", len(reminders)),
        ],
    )


def tiles(organisation) -> list[Tile]:
    analysis = NeedsAnalysis.latest(1)
    period = analysis.period
    spread = analysis.spread
    flows = analysis.flows
    latest = flows[-1] if flows else None
    out = [
        Tile(
            "cohort",
            "Who faces multiple disadvantage",
            "Agencies' service-use records, by the domain rules of the needs analysis",
            period.words,
            reverse("needs:analysis"),
            "Needs analysis: overlaps by ward and group",
            [(f"people known in {row['label'].lower()}", row["people"]) for row in spread],
        ),
        Tile(
            "flows",
            "Flows",
            "Agencies' service-use records, quarter by quarter",
            latest["quarter"] if latest else period.words,
            reverse("needs:analysis") + "#flows",
            "Flows by quarter",
            [
                ("newly facing multiple disadvantage", latest["new"]),
                ("back after a gap", latest["returned"]),
                ("not there now of the quarter before", latest["left"]),
            ]
            if latest
            else [],
            "" if latest else "Not enough quarters of records yet.",
        ),
        _outcomes_tile(),
        Tile(
            "costs",
            "Costs and savings by department",
            "Service use priced at the unit cost register, before and after co-ordination",
            "Chosen on the page (12-month windows by default)",
            reverse("costs:analysis"),
            "Costs and savings by department",
            missing="Choose a cohort on the page to see what each department spends on it "
            "before and after co-ordination, and who saves.",
        ),
        contracts_tile(organisation)
        or Tile(
            "contracts",
            "Contracts and their status",
            "Commissioning",
            "",
            reverse("commissioning:index"),
            "Commissioning: contracts, pools and tenders",
            missing="Your organisation lets no contract and pays into no pool on joinedup yet, "
            "so there is nothing to show here.",
        ),
        _issues_tile(),
        _self_assessment_tile(),
    ]
    return out


def outcomes_counts() -> dict:
    """The raw counts behind the outcomes tile (kept by `insight.figures`): distance travelled
    on the measure most often read, of those with a direction (higher or lower is better)."""
    instruments = measure_queries.instruments_with_direction()
    if not instruments:
        return {}
    read = dict(
        Assessment.objects.values("instrument")
        .annotate(n=Count("id"))
        .values_list("instrument", "n")
    )
    instrument = max(instruments, key=lambda i: read.get(i.pk, 0))
    found = measure_queries.cohort_distance(instrument)
    return {
        "instrument": instrument.pk,
        "outcomes": found.result.outcomes,
        "one_reading": found.result.one_reading,
        "apart": found.apart,
    }


def _outcomes_tile() -> Tile:
    tile = Tile(
        "outcomes",
        "Outcomes: distance travelled",
        "Measures recorded with people (first and latest reading)",
        "All readings to date",
        reverse("measures:distance"),
        "Distance travelled by cohort",
    )
    counted = figures.read("outcomes:tile").data
    instrument = Instrument.objects.filter(pk=counted["instrument"]).first() if counted else None
    if instrument is None:
        tile.missing = "No measure with a direction (higher or lower is better) is set up yet."
        return tile
    way = measure_queries.direction(instrument)
    result = distance.Distance(
        direction=way, threshold=None, outcomes=counted["outcomes"],
        one_reading=counted["one_reading"],
    )  # fmt: skip
    shown = measure_queries.CohortDistance(instrument, result, counted["apart"]).shown()
    tile.title = f"Outcomes: {instrument.name}"
    tile.figures = [(row["label"].lower(), row["count"]) for row in shown.rows[:3]]
    return tile


def _issues_tile() -> Tile:
    report = assessment_queries.issue_report()[:3]
    return Tile(
        "issues",
        "Top system issues",
        "The barriers log: barriers met in casework, grouped into system issues",
        "All open and closed issues",
        reverse("assessment:issues"),
        "Every system issue",
        [(f"people affected: {r['issue'].title}", r["people"]) for r in report],
        "" if report else "No barriers have been grouped into system issues yet.",
    )


def _self_assessment_tile() -> Tile:
    rounds = Round.objects.count()
    services = Round.objects.values("organisation", "service").distinct().count()
    return Tile(
        "self-assessment",
        "Self-assessment",
        "Services rating themselves with staff and the people who use them, 0 (not at all) "
        "to 3 (completely)",
        "Each service's latest round",
        reverse("assessment:area"),
        "Every service across the area",
        [("rounds", rounds), ("services assessed", services)] if rounds else [],
        "" if rounds else "No service has opened a self-assessment round yet.",
    )


def context(request) -> dict:
    """The page's context: the department asked for (`?department=`), else the user's own."""
    organisation = request.membership.organisation
    asked = request.GET.get("department", "")
    chosen = "department" in request.GET and (asked in DEPARTMENTS or asked == ALL)
    department = asked if chosen else department_of(organisation)
    return {
        "home_for": request.membership.get_role_display(),
        "department": department_view(department, organisation),
        "tiles": tiles(organisation),
    }
