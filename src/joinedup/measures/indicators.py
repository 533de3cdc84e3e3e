"""The kinds of indicator a framework may use, each defined on data the platform holds.

A kind is data plus one function: its parameters (what a commissioner chooses when adding
it), the rule in words, and `compute(params, population, period, today)` giving an exact
`indicator_maths.Result`. Reads go through each owning app's query functions and come back
as counts; `evaluate` passes every result through the one rule for small numbers.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from joinedup import disclosure
from joinedup.costs import kinds as use_kinds
from joinedup.costs import queries as cost_queries
from joinedup.measures import indicator_maths as maths
from joinedup.measures import queries as measure_queries
from joinedup.people import queries as people_queries
from joinedup.plans import queries as plan_queries
from joinedup.referrals import outcome_queries
from joinedup.referrals.models import ListStatus


@dataclass(frozen=True)
class Population:
    """Who a version reports on in one period: a subquery of person ids and its words."""

    ids: object
    words: str
    size: int

    @property
    def size_shown(self):
        return disclosure.count(self.size)


def population(version, period: tuple[date, date]) -> Population:
    start, end = period
    cohort = version.Cohort
    if version.cohort == cohort.ACCEPTED:
        ids = outcome_queries.accepted_by(end)
    elif version.cohort == cohort.LOCALITY and version.cohort_locality_id:
        ids = people_queries.living_in(version.cohort_locality)
    elif version.cohort == cohort.CASELOAD and version.cohort_organisation_id:
        ids = outcome_queries.allocated_at(version.cohort_organisation_id, start, end)
    else:
        ids = outcome_queries.on_list_during(start, end)
    when = {
        cohort.ACCEPTED: f"by the end of {maths.period_words(period)}",
        cohort.LOCALITY: "(by their postcode now)",
    }.get(version.cohort, f"at some time in {maths.period_words(period)}")
    return Population(ids=ids, words=f"{version.cohort_words} {when}", size=ids.count())


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    choices: Callable[[], list[tuple[str, str]]] | None = None  # None: a whole number
    hint: str = ""
    required: bool = True


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    hint: str
    rule: Callable[[dict], str]
    compute: Callable
    params: tuple[Param, ...] = field(default_factory=tuple)


def _instruments() -> list[tuple[str, str]]:
    from joinedup.measures.models import Instrument

    return [(i.key, i.name) for i in Instrument.objects.order_by("name", "-version")]


def _items_of(key: str) -> dict[str, str]:
    from joinedup.measures.models import Item

    items = Item.objects.filter(instrument__key=key).order_by("instrument__version", "position")
    return {i.code: i.title for i in items}


def _reading_words(params) -> str:
    key, item = params.get("instrument", ""), params.get("item", "")
    if item:
        return f"the “{_items_of(key).get(item, item)}” item of the {key.upper()} reading"
    return f"the {key.upper()} total"


def _level_rule(params) -> str:
    side = "at or above" if params.get("compare") == "at_or_above" else "at or below"
    return (
        f"Of the people in the population with a reading in the period, the share whose "
        f"latest reading in the period has {_reading_words(params)} {side} {params.get('level')}."
    )


def _level(params, pop, period, today):
    readings = measure_queries.latest_readings(
        pop.ids, params["instrument"], params.get("item", ""), *period
    )
    level = int(params["level"])
    meets = [
        v
        for v in readings.values()
        if (v >= level if params["compare"] == "at_or_above" else v <= level)
    ]
    return maths.share(len(meets), len(readings), **_about(params, "instrument_level", pop, period))


def _mean_rule(params) -> str:
    return (
        f"The mean of {_reading_words(params)} in each person's latest reading in the period, "
        "over the people in the population with a reading in it."
    )


def _mean(params, pop, period, today):
    readings = measure_queries.latest_readings(
        pop.ids, params["instrument"], params.get("item", ""), *period
    )
    return maths.mean(list(readings.values()), **_about(params, "instrument_mean", pop, period))


def _outcome_rule(params) -> str:
    return (
        "Of the personal outcomes of people in the population rated in the period and at least "
        "once before that rating, the share whose latest rating in the period is higher than "
        "its first rating (10 is where the person wants to be)."
    )


def _outcome(params, pop, period, today):
    start, end = period
    ratings = plan_queries.outcome_ratings(pop.ids, end)
    first: dict[int, int] = {}
    latest: dict[int, tuple[int, int]] = {}  # outcome: (ratings so far, latest rating)
    seen: dict[int, int] = {}
    for outcome_id, rated_on, rating in ratings:
        seen[outcome_id] = seen.get(outcome_id, 0) + 1
        first.setdefault(outcome_id, rating)
        if rated_on >= start:
            latest[outcome_id] = (seen[outcome_id], rating)
    counted = {o: r for o, (n, r) in latest.items() if n >= 2}
    improved = sum(1 for o, r in counted.items() if r > first[o])
    return maths.share(improved, len(counted), **_about(params, "personal_outcome", pop, period))


def _use_rule(params) -> str:
    names = use_kinds.KINDS.get(params.get("kind", ""), (params.get("kind", ""),) * 2)
    return (
        f"{names[1]} recorded for people in the population in the period, per person in the "
        "population (everyone counted, including those with none)."
    )


def _use(params, pop, period, today):
    quantity, users = cost_queries.use_in_period(pop.ids, params["kind"], *period)
    unit = use_kinds.KINDS.get(params["kind"], ("", params["kind"]))[1].lower() + " per person"
    return maths.rate(quantity, pop.size, users, unit, **_about(params, "service_use", pop, period))


def _steps_rule(params) -> str:
    return (
        "Of the plan steps of people in the population open in the period (not dropped, not "
        "done before it began; steps carry no start date, so one open now counts), the share "
        "done in it."
    )


def _steps(params, pop, period, today):
    done, open_ = plan_queries.step_counts(pop.ids, *period)
    return maths.share(done, open_, **_about(params, "plan_steps_done", pop, period))


def _status_rule(params) -> str:
    label = dict(ListStatus.choices).get(params.get("status", ""), params.get("status", ""))
    return (
        f"Of the people in the population on the by-name list in the period, the share whose "
        f"status became “{label}” in it."
    )


def _status(params, pop, period, today):
    reached, on_list = outcome_queries.moved_to(pop.ids, params["status"], *period)
    return maths.share(reached, on_list, **_about(params, "list_status", pop, period))


def _help_rule(params) -> str:
    return (
        "For referrals of people in the population received in the period, the median whole "
        "days from the referral arriving to first help: the start of a co-ordinator's "
        "allocation (the one made for the referral, or else the person's first on or after the "
        "day it arrived). The numbers are referrals helped so far of referrals received."
    )


def _help(params, pop, period, today):
    received, days = outcome_queries.days_to_first_help(pop.ids, *period, today=today)
    return maths.median(days, received, **_about(params, "first_help", pop, period))


def _statuses():
    return list(ListStatus.choices)


def _use_kinds():
    return [(key, names[1]) for key, names in sorted(use_kinds.KINDS.items())]


INSTRUMENT = Param("instrument", "Which instrument", _instruments)
ITEM = Param(
    "item",
    "Which item (leave empty for the total score)",
    None,
    hint="The item's code in the instrument, for example engagement",
    required=False,
)

KINDS: dict[str, Kind] = {
    k.key: k
    for k in [
        Kind(
            "instrument_level",
            "Share of people at or past a level on an instrument",
            "The latest reading in the period of an instrument's total or one of its items.",
            _level_rule,
            _level,
            (
                INSTRUMENT,
                ITEM,
                Param("level", "Level"),
                Param(
                    "compare",
                    "Counted when the reading is",
                    lambda: [
                        ("at_or_above", "At or above the level"),
                        ("at_or_below", "At or below the level"),
                    ],
                ),
            ),
        ),
        Kind(
            "instrument_mean",
            "Mean reading on an instrument",
            "The mean of each person's latest reading in the period.",
            _mean_rule,
            _mean,
            (INSTRUMENT, ITEM),
        ),
        Kind(
            "personal_outcome",
            "Share of personal outcomes rated as improved",
            "From the ratings people give their own outcomes, 1 to 10.",
            _outcome_rule,
            _outcome,
        ),
        Kind(
            "service_use",
            "Service use per person",
            "For example nights sleeping rough per person per quarter.",
            _use_rule,
            _use,
            (Param("kind", "Which kind of service use", _use_kinds),),
        ),
        Kind(
            "plan_steps_done",
            "Share of plan steps done",
            "From the steps of people's support plans.",
            _steps_rule,
            _steps,
        ),
        Kind(
            "list_status",
            "Share of people reaching a status on the by-name list",
            "For example the share moved on.",
            _status_rule,
            _status,
            (Param("status", "Which status", _statuses),),
        ),
        Kind(
            "first_help",
            "Time from referral to first help",
            "The median days from a referral arriving to a co-ordinator starting.",
            _help_rule,
            _help,
        ),
    ]
}


def _about(params, kind, pop, period) -> dict:
    return {"rule": KINDS[kind].rule(params), "period": period, "population": pop.words}


def clean_params(kind_key: str, raw: dict) -> tuple[dict, dict[str, str]]:
    """The parameters for a kind from submitted values, and an error per field that is wrong."""
    kind = KINDS.get(kind_key)
    if kind is None:
        return {}, {"kind": "Choose a kind of indicator from the list"}
    params, errors = {}, {}
    for p in kind.params:
        value = str(raw.get(p.name, "") or "").strip()
        if not value:
            if p.required:
                errors[p.name] = f"Enter {p.label.lower()}"
            continue
        if p.choices is not None:
            if value not in dict(p.choices()):
                errors[p.name] = f"Choose {p.label.lower()} from the list"
                continue
        elif p.name == "item":
            items = _items_of(params.get("instrument", ""))
            if value not in items:
                codes = ", ".join(items) or "none"
                errors[p.name] = f"The instrument has no item “{value}”: its items are {codes}"
                continue
        else:
            if not value.lstrip("-").isdigit() or abs(int(value)) > 1_000_000:
                errors[p.name] = f"{p.label} must be a whole number, for example 30"
                continue
            value = int(value)
        params[p.name] = value
    return params, errors


def evaluate(indicator, version, period, today: date, pop: Population | None = None):
    """The indicator for one period, protected for showing: counts through disclosure."""
    pop = pop or population(version, period)
    kind = KINDS.get(indicator.kind)
    if kind is None:
        return maths.not_available(f"Unknown kind “{indicator.kind}”.", period, pop.words)
    return maths.protect(kind.compute(indicator.params, pop, period, today))
