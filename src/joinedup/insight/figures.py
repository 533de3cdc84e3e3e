"""Figures worked out ahead of the pages, so a large area's pages stay fast.

Counting a large area's needs (200,000 people, 10 million service-use records) takes the
database seconds; a page must answer in well under one. So the counts behind the needs analysis
(every period a reader can choose, for the area and every ward, from one pass over service use
per period) and behind each department's view are worked out by the background worker and kept
(`insight.Figures`). A page reads them in milliseconds and passes them through disclosure
control as it shows them.

When they are out of date: figures are worked out from a *basis*: the day, the last
service-use record, the number of people and when any person's record last changed (a move of
ward, say), and the organisations. When the basis has moved on, a
page works the figures out again there and then if they took less than
`FIGURES_INLINE_SECONDS` last time (a small area: the page is always up to date); otherwise it
shows the last ones, says when they were worked out, and asks the worker to work them out
again (one refresh at a time for the area). `joinedup refresh_figures` does it now, for a
nightly schedule or after a bulk load.
"""

import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django_tasks import task

from joinedup.costs.models import ServiceUseEvent
from joinedup.directory.models import Locality, Organisation
from joinedup.insight import needs
from joinedup.insight.models import Figures
from joinedup.jobs import services as jobs
from joinedup.measures.models import Assessment
from joinedup.people import queries as people_queries
from joinedup.referrals.models import StatusChange

logger = logging.getLogger(__name__)

#: One refresh of the area's figures at a time.
REFRESH_SCOPE = "insight-figures"
#: The periods the needs pages offer, in years (the first is their default).
YEARS = (1, 3, 5)


def inline_seconds() -> float:
    return float(getattr(settings, "FIGURES_INLINE_SECONDS", 2.0))


def refresh_every() -> timedelta:
    return timedelta(minutes=float(getattr(settings, "FIGURES_REFRESH_MINUTES", 15)))


def basis(key: str) -> str:
    """What the figures of `key` worked out now are worked out from: a few aggregate look-ups
    (the day and the people's records for every kind; service use and organisations for the
    needs and department figures; readings and by-name list changes for outcomes)."""
    kind = key.split(":")[0]
    said = f"{timezone.localdate().isoformat()}|{people_queries.records_state()}"
    if kind == "outcomes":
        readings = Assessment.objects.aggregate(n=Count("id"), last=Max("id"))
        changes = StatusChange.objects.aggregate(last=Max("id"))["last"] or 0
        return f"{said}|readings {readings['n']} to {readings['last'] or 0}|list to {changes}"
    events = ServiceUseEvent.objects.aggregate(last=Max("id"))["last"] or 0
    counts = Organisation.objects.aggregate(n=Count("id"), last=Max("id"))
    return f"{said}|events to {events}|organisations {counts['n']} to {counts['last'] or 0}"


@dataclass(frozen=True)
class Stored:
    data: dict
    worked_at: datetime
    #: False while the worker works out newer ones.
    fresh: bool

    @property
    def words(self) -> str:
        at = timezone.localtime(self.worked_at)
        said = f"Worked out at {at:%H:%M} on {at:%-d %B %Y}"
        if self.fresh:
            return f"{said}, from the records as they are now."
        every = int(refresh_every().total_seconds() // 60)
        return (
            f"{said}. Records have changed since: the figures are worked out again in the "
            f"background, at most every {every} minutes."
        )


# What each kind of figures is: how to work it out, and every key of the kind. ---------------


def _needs_key(years: int, locality_id: int | None) -> str:
    return f"needs:{years}:{locality_id or 'area'}"


def _work_needs(years: int) -> dict[str, dict]:
    """The needs counts for one period, for the area and every ward, from one pass."""
    period = needs.Period.last_years(years)
    every = needs.snapshots(period)
    empty = needs.empty(period)
    out = {_needs_key(years, None): every.get(needs.AREA, empty)}
    for pk, district in Locality.objects.values_list("pk", "postcode_district"):
        out[_needs_key(years, pk)] = every.get(district, empty)
    when = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    return {key: {"period": when, "snapshot": s.as_data()} for key, s in out.items()}


def _department_key(department: str) -> str:
    return f"department:{department or 'all'}"


def _work_department(department: str) -> dict[str, dict]:
    from joinedup.insight import area_home

    return {_department_key(department): area_home.department_use(department)}


def _work_outcomes() -> dict[str, dict]:
    from joinedup.insight import area_home

    return {"outcomes:tile": area_home.outcomes_counts()}


def _work_for(key: str):
    kind, *rest = key.split(":")
    if kind == "needs":
        return lambda: _work_needs(int(rest[0]))
    if kind == "department":
        return lambda: _work_department("" if rest[0] == "all" else rest[0])
    if kind == "outcomes":
        return _work_outcomes
    raise KeyError(key)


def _store(key: str, now: str) -> Stored:
    """Work out the figures `key` belongs with (a needs period brings every ward with it),
    keep them all, and return those of `key`."""
    started = time.perf_counter()
    worked = _work_for(key)()
    seconds = time.perf_counter() - started
    at = timezone.now()
    for each, data in worked.items():
        try:
            with transaction.atomic():
                Figures.objects.update_or_create(
                    key=each,
                    defaults={"basis": now, "worked_at": at, "seconds": seconds, "data": data},
                )
        except IntegrityError:  # another request stored the same figures a moment before
            logger.info("figures %s were stored by another request meanwhile", each)
    return Stored(worked[key], at, True)


def read(key: str) -> Stored:
    """The figures of `key`, up to date or, where they take long to work out, the last ones
    while the worker works them out again (asked at most every `refresh_every`)."""
    now = basis(key)
    row = Figures.objects.filter(key=key).first()
    if row is not None and row.basis == now:
        return Stored(row.data, row.worked_at, True)
    if row is None or row.seconds < inline_seconds():
        return _store(key, now)
    if timezone.now() - row.worked_at >= refresh_every() or not row.basis.startswith(
        timezone.localdate().isoformat()
    ):
        ask_for_refresh()
    return Stored(row.data, row.worked_at, False)


def needs_figures(years: int, locality=None) -> tuple[needs.Period, needs.Snapshot, Stored]:
    stored = read(_needs_key(years, locality.pk if locality else None))
    period = needs.Period(
        date.fromisoformat(stored.data["period"]["start"]),
        date.fromisoformat(stored.data["period"]["end"]),
    )
    return period, needs.Snapshot.from_data(stored.data["snapshot"]), stored


def department_figures(department: str) -> Stored:
    return read(_department_key(department))


# Refreshing ---------------------------------------------------------------------------------


def every_key() -> list[str]:
    """The figures a refresh works out: every needs period (wards come with each) and every
    department, besides any kept before."""
    from joinedup.insight import area_home

    keys = [_needs_key(y, None) for y in YEARS]
    keys += [_department_key(d) for d, _ in area_home.department_choices()]
    keys.append("outcomes:tile")
    kept = Figures.objects.exclude(key__startswith="needs:").values_list("key", flat=True)
    return list(dict.fromkeys([*keys, *kept]))


def refresh(say=lambda fraction, words: None) -> int:
    """Work out every set of figures again, now; how many sets are kept."""
    keys = every_key()
    for i, key in enumerate(keys):
        say(i / len(keys), f"Counting {describe(key)}")
        _store(key, basis(key))
    return Figures.objects.count()


def describe(key: str) -> str:
    kind, *rest = key.split(":")
    if kind == "needs":
        return f"the needs analysis over {rest[0]} year{'s' if rest[0] != '1' else ''}"
    if kind == "outcomes":
        return "distance travelled"
    return f"service use of the {rest[0].replace('_', ' ')} department"


@task()
def refresh_figures(job_id: int) -> dict:
    with jobs.running(job_id) as progress:
        if progress is None:
            return {}
        return {"figures": refresh(progress.say)}


def ask_for_refresh(user=None) -> None:
    """Queue a refresh for the worker, unless one is waiting or running already."""
    with contextlib.suppress(jobs.AlreadyRunning):
        jobs.start(
            refresh_figures, kind="Needs and service-use figures", scope=REFRESH_SCOPE, user=user
        )
