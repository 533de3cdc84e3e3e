"""Read paths for the needs analysis: counts of people by domain combination, place and group,
quarter by quarter, worked out by the database (SQL aggregates over service use, no loop over
people in Python). Nothing here names anyone; every figure is a raw count for `needs_report`
to pass through `joinedup.disclosure` before it is shown.

How: the inner query (built with the ORM) gives one row per person, with the domains their
records show as a bitmask (`insight.domains.BITS`) and the groups they belong to; the outer
query (fixed SQL around it) counts people per combination and group. Service use is read
through the index on (person, date, kind) the cost analysis already keeps.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Case, F, IntegerField, Max, Q, Value, When
from django.db.models.functions import ExtractQuarter, ExtractYear, StrIndex, Substr
from django.utils import timezone

from joinedup.costs.models import ServiceUseEvent
from joinedup.directory.models import Locality, Organisation
from joinedup.insight.domains import BITS, DOMAINS


@dataclass(frozen=True)
class Period:
    """A half-open range of days [start, end)."""

    start: date
    end: date

    @classmethod
    def last_years(cls, years: int, today: date | None = None) -> "Period":
        end = (today or timezone.localdate()) + timedelta(days=1)
        return cls(end.replace(year=end.year - years), end)

    @property
    def words(self) -> str:
        last = self.end - timedelta(days=1)
        return f"{self.start:%-d %B %Y} to {last:%-d %B %Y}"


def _condition(domain, organisation_ids) -> Q:
    q = Q(kind__in=domain.kinds)
    if organisation_ids:
        q |= Q(organisation_id__in=organisation_ids)
    return q


def _flags():
    """The mask and the number of domains, as aggregates over a group of service-use rows."""
    organisation_ids = {
        d.key: list(
            Organisation.objects.filter(kind__in=d.organisation_kinds).values_list("pk", flat=True)
        )
        for d in DOMAINS
    }
    flags = [
        Max(
            Case(
                When(_condition(d, organisation_ids[d.key]), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        for d in DOMAINS
    ]
    mask = sum((flag * BITS[d.key] for flag, d in zip(flags, DOMAINS, strict=True)), Value(0))
    return mask, sum(flags, Value(0))


def _events(period: Period, locality: Locality | None = None):
    events = ServiceUseEvent.objects.filter(
        occurred_on__gte=period.start, occurred_on__lt=period.end
    )
    if locality is not None:
        events = events.filter(person__postcode__startswith=f"{locality.postcode_district} ")
    return events


def _sql(queryset) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def people_by_group(period: Period, locality: Locality | None = None) -> list[dict]:
    """People known in the period, counted by (combination, sex, ethnicity, year of birth,
    postcode district): a few thousand rows at most, whatever the area's size."""
    mask, _ = _flags()
    inner = (
        _events(period, locality)
        .annotate(
            p=F("person_id"),
            sex=F("person__sex"),
            eth=F("person__ethnicity"),
            born=ExtractYear("person__date_of_birth"),
            district=Substr(
                "person__postcode", 1, StrIndex("person__postcode", Value(" ")) - Value(1)
            ),
        )
        .values("p", "sex", "eth", "born", "district")
        .annotate(mask=mask)
        .order_by()
    )
    sql, params = _sql(inner)
    rows = _rows(
        "SELECT mask, sex, eth, born, district, COUNT(*) FROM (" + sql + ") AS per_person "
        "WHERE mask > 0 GROUP BY mask, sex, eth, born, district",
        params,
    )
    return [
        {"mask": m, "sex": s or "", "ethnicity": e or "", "born": b, "district": d or "", "n": n}
        for m, s, e, b, d, n in rows
    ]


def _quarterly_inner(period: Period, locality: Locality | None = None):
    mask, domains = _flags()
    return (
        _events(period, locality)
        .annotate(
            p=F("person_id"),
            qi=ExtractYear("occurred_on") * Value(4) + ExtractQuarter("occurred_on") - Value(1),
        )
        .values("p", "qi")
        .annotate(mask=mask, domains=domains)
        .order_by()
    )


def people_by_quarter(period: Period, locality: Locality | None = None) -> list[dict]:
    """Per quarter: people with records in 1, 2, 3 ... domains in that quarter."""
    sql, params = _sql(_quarterly_inner(period, locality))
    rows = _rows(
        "SELECT qi, domains, COUNT(*) FROM (" + sql + ") AS per_quarter "
        "WHERE domains > 0 GROUP BY qi, domains",
        params,
    )
    return [{"quarter": q, "domains": d, "n": n} for q, d, n in rows]


def flows_by_quarter(period: Period, locality: Locality | None = None) -> list[dict]:
    """People facing multiple disadvantage (records in two or more domains in a quarter):
    per quarter, how many are new (never before in the period), still there from the quarter
    before, back after a gap (returning), and how many of the quarter before are not there now
    (moved on, or no longer known)."""
    sql, params = _sql(_quarterly_inner(period, locality))
    rows = _rows(
        "SELECT qi, "
        "SUM(CASE WHEN prev IS NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN prev = qi - 1 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN prev < qi - 1 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN nxt IS NULL OR nxt > qi + 1 THEN 1 ELSE 0 END) "
        "FROM (SELECT p, qi, "
        "LAG(qi) OVER (PARTITION BY p ORDER BY qi) AS prev, "
        "LEAD(qi) OVER (PARTITION BY p ORDER BY qi) AS nxt "
        "FROM (" + sql + ") AS per_quarter WHERE domains >= 2) AS runs GROUP BY qi",
        params,
    )
    by_quarter = {q: (new, stayed, back, leaving) for q, new, stayed, back, leaving in rows}
    flows = []
    for q in quarters(period):
        new, stayed, back, _ = by_quarter.get(q, (0, 0, 0, 0))
        left = by_quarter.get(q - 1, (0, 0, 0, 0))[3] if q - 1 in by_quarter else 0
        flows.append({"quarter": q, "new": new, "stayed": stayed, "returned": back, "left": left})
    return flows


def quarters(period: Period) -> list[int]:
    """Quarter indices (year * 4 + quarter - 1) that the period touches."""
    last = period.end - timedelta(days=1)
    first = period.start.year * 4 + (period.start.month - 1) // 3
    return list(range(first, last.year * 4 + (last.month - 1) // 3 + 1))


def quarter_words(q: int) -> str:
    year, quarter = divmod(q, 4)
    return f"{('January to March', 'April to June', 'July to September', 'October to December')[quarter]} {year}"  # noqa: E501


def quarter_short(q: int) -> str:
    year, quarter = divmod(q, 4)
    return f"{year} Q{quarter + 1}"


def custody_and_hospital(period: Period, locality: Locality | None = None) -> list[dict]:
    """Per quarter: people with nights in custody, with hospital bed days, and of each how many
    also had a homelessness record in the same quarter (released or discharged to nowhere to
    live, as near as quarterly records can say)."""
    homeless = BITS["homelessness"]
    inner = (
        _events(period, locality)
        .annotate(
            p=F("person_id"),
            qi=ExtractYear("occurred_on") * Value(4) + ExtractQuarter("occurred_on") - Value(1),
        )
        .values("p", "qi")
        .annotate(
            mask=_flags()[0],
            custody=Max(
                Case(When(kind="custody_night", then=Value(1)), default=Value(0)),
                output_field=IntegerField(),
            ),
            hospital=Max(
                Case(When(kind="bed_day", then=Value(1)), default=Value(0)),
                output_field=IntegerField(),
            ),
        )
        .order_by()
    )
    sql, params = _sql(inner)
    rows = _rows(
        "SELECT qi, SUM(custody), SUM(CASE WHEN custody = 1 AND homeless = 1 THEN 1 ELSE 0 END), "
        "SUM(hospital), SUM(CASE WHEN hospital = 1 AND homeless = 1 THEN 1 ELSE 0 END) "
        "FROM (SELECT qi, custody, hospital, "
        "CASE WHEN (mask / %s) %% 2 = 1 THEN 1 ELSE 0 END AS homeless FROM (" + sql + ") AS q) "
        "AS per_quarter GROUP BY qi",
        [homeless, *params],
    )
    return [
        {
            "quarter": q,
            "custody": c,
            "custody_homeless": ch,
            "hospital": hs,
            "hospital_homeless": hh,
        }
        for q, c, ch, hs, hh in sorted(rows)
    ]
