"""The evidence for a rate-card outcome: for each person a provider served in a period, the
records the platform already holds that show the outcome achieved. Nothing here is typed by
the provider; a claim line carries what `find` returned, and acceptance finds it again.

Each indicator kind (`measures.indicators`) reads as one rule per person:

* `instrument_level`: a reading in the period at or past the level (its side as the indicator
  says) when the person's reading before it was not: a change, not a person who was already
  there. Achieved on the day of that reading; the two readings are the evidence.
* `personal_outcome`: a rating in the period higher than the outcome's first rating (the
  indicator's own rule), once per personal outcome; achieved on the day of that rating.
* `plan_steps_done`: each plan step done in the period; achieved on the day it was done.
* `list_status`: each by-name list event to the status in the period.
* `service_use`: where lower is better (nights sleeping rough, emergency attendances), none of
  the kind in the period after some in the same length of time just before it, achieved on
  the period's last day (absence is shown only once the period is over); where higher is
  better (a new tenancy), the first event of the kind in the period.
* `instrument_mean` and `first_help` describe a population, not a person: they cannot be
  evidenced person by person, and a rate card should not pay on them.

Person ids stay inside: the pages show people only through the access layer.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from joinedup.costs import kinds as use_kinds
from joinedup.costs import queries as cost_queries
from joinedup.measures import queries as measure_queries
from joinedup.plans import queries as plan_queries
from joinedup.referrals import outcome_queries
from joinedup.referrals.models import ListStatus

#: Kinds that describe a population only.
NOT_PER_PERSON = {
    "instrument_mean": "a mean over a population is not an outcome for one person",
    "first_help": "days to first help are the service's speed, not a person's outcome",
}


@dataclass(frozen=True)
class Achievement:
    """One outcome achieved by one person on one day, and the records that show it."""

    person_id: int
    on: date
    records: tuple[dict, ...]


def record(kind: str, pk: int, on: date, organisation: str, words: str, **extra) -> dict:
    return {
        "kind": kind,
        "id": pk,
        "on": on.isoformat(),
        "organisation": organisation or "",
        "words": words,
        **extra,
    }


def can_evidence(indicator) -> tuple[bool, str]:
    """Whether an indicator's kind can be evidenced person by person, and if not why."""
    if indicator.kind in FINDERS:
        return True, ""
    return False, NOT_PER_PERSON.get(indicator.kind, f"unknown kind “{indicator.kind}”")


def find(indicator, person_ids: Iterable[int], start: date, end: date) -> list[Achievement]:
    """Every achievement of the indicator's outcome by these people in [start, end), oldest
    first (then by person): the same query whatever the number of people."""
    finder = FINDERS.get(indicator.kind)
    person_ids = list(person_ids)
    if finder is None or not person_ids:
        return []
    found = finder(indicator.params or {}, indicator, person_ids, start, end)
    return sorted(found, key=lambda a: (a.on, a.person_id))


def _meets(value: Decimal, params) -> bool:
    level = Decimal(params["level"])
    return value >= level if params.get("compare") == "at_or_above" else value <= level


def _level(params, indicator, person_ids, start, end):
    key, item = params.get("instrument", ""), params.get("item", "")
    what = f"{key.upper()} {'item ' + item if item else 'total'}"
    side = "at or above" if params.get("compare") == "at_or_above" else "at or below"
    found, previous = [], {}
    for pk, person_id, day, value, organisation in measure_queries.readings_by_person(
        person_ids, key, item, end
    ):
        before = previous.get(person_id)
        previous[person_id] = (pk, day, value, organisation)
        if day < start or before is None or _meets(before[2], params) or not _meets(value, params):
            continue
        records = (
            record(
                "reading",
                before[0],
                before[1],
                before[3],
                f"{what} {value_words(before[2])} before",
                value=str(before[2]),
            ),
            record(
                "reading",
                pk,
                day,
                organisation,
                f"{what} {value_words(value)}, {side} {params['level']}",
                value=str(value),
                level=str(params["level"]),
                compare=params.get("compare", "at_or_below"),
            ),
        )
        found.append(Achievement(person_id, day, records))
    return found


def value_words(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def _outcome(params, indicator, person_ids, start, end):
    first: dict[int, tuple] = {}
    counted: set[int] = set()
    found = []
    for pk, person_id, outcome_id, rated_on, rating in plan_queries.ratings_by_person(
        person_ids, end
    ):
        if outcome_id not in first:
            first[outcome_id] = (pk, rated_on, rating)
            continue
        base = first[outcome_id]
        if rated_on < start or outcome_id in counted or rating <= base[2]:
            continue
        counted.add(outcome_id)
        records = (
            record("rating", base[0], base[1], "", f"Rated {base[2]} out of 10 at first"),
            record("rating", pk, rated_on, "", f"Rated {rating} out of 10", value=str(rating)),
        )
        found.append(Achievement(person_id, rated_on, records))
    return found


def _steps(params, indicator, person_ids, start, end):
    return [
        Achievement(
            person_id,
            done_on,
            (
                record(
                    "plan_step",
                    pk,
                    done_on,
                    owner_name or "",
                    f"Plan step done: {title}",
                    owner=owner_id,
                ),
            ),
        )
        for pk, person_id, done_on, owner_id, owner_name, title in (
            plan_queries.steps_done_by_person(person_ids, start, end)
        )
    ]


def _status(params, indicator, person_ids, start, end):
    status = params.get("status", "")
    label = dict(ListStatus.choices).get(status, status)
    return [
        Achievement(person_id, on, (record("status", pk, on, "", f"By-name list status: {label}"),))
        for pk, person_id, on in outcome_queries.status_changes_to(person_ids, status, start, end)
    ]


def _use(params, indicator, person_ids, start, end):
    kind = params.get("kind", "")
    singular, plural, _ = use_kinds.KINDS.get(kind, (kind, kind, ""))
    if indicator.direction == "higher":
        firsts: dict[int, Achievement] = {}
        for pk, person_id, day, _quantity, organisation in cost_queries.use_events_of(
            person_ids, kind, start, end
        ):
            if person_id not in firsts:
                words = f"{singular} on {day:%-d %B %Y}"
                firsts[person_id] = Achievement(
                    person_id, day, (record("service_use", pk, day, organisation, words),)
                )
        return list(firsts.values())
    before_start = start - (end - start)
    during = {row[1] for row in cost_queries.use_events_of(person_ids, kind, start, end)}
    before: dict[int, list[dict]] = {}
    for pk, person_id, day, quantity, organisation in cost_queries.use_events_of(
        person_ids, kind, before_start, start
    ):
        if person_id not in during:
            words = f"{plural}: {quantity} before the period"
            before.setdefault(person_id, []).append(
                record("service_use", pk, day, organisation, words, quantity=quantity)
            )
    last = end - timedelta(days=1)
    none = f"No {plural.lower()} from {start:%-d %B %Y} to {last:%-d %B %Y}"
    return [
        Achievement(
            person_id,
            last,
            (*records, {"kind": "none", "id": None, "on": last.isoformat(), "words": none}),
        )
        for person_id, records in before.items()
    ]


FINDERS = {
    "instrument_level": _level,
    "personal_outcome": _outcome,
    "plan_steps_done": _steps,
    "list_status": _status,
    "service_use": _use,
}
