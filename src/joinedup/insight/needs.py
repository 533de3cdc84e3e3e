"""Read paths for the needs analysis: counts of people by domain combination, place and group,
quarter by quarter, worked out by the database (SQL aggregates over service use, no loop over
people in Python). Nothing here names anyone; every figure is a raw count for `needs_report`
to pass through `joinedup.disclosure` before it is shown.

How: one statement per page. The inner query (built with the ORM) reduces the period's service
use to one row per (person, quarter, kind, organisation); fixed SQL around it (no user input,
rules passed as parameters) works out each person's domains per quarter and over the period as
a bitmask (`insight.domains.BITS`) and counts them by group, by quarter, as flows and as
custody and hospital stays, in one pass over the events.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from joinedup.costs.models import ServiceUseEvent
from joinedup.directory.models import Locality, Organisation
from joinedup.insight.domains import BITS, DOMAINS
from joinedup.people.models import Involvement


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
        return f"from {self.start:%-d %B %Y} to {last:%-d %B %Y}"


def _events(period: Period):
    return ServiceUseEvent.objects.filter(occurred_on__gte=period.start, occurred_on__lt=period.end)


def _known(period: Period):
    """Which agencies know each person in the period: their involvements (an agency working
    with them) that ran in it. Evidence for the period's combinations only; an involvement
    says when work began, not each quarter it went on, so trends and flows count service use."""
    return (
        Involvement.objects.filter(started_on__lt=period.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        .annotate(p=F("person_id"))
        .values("p", "organisation_id")
        .order_by()
    )


#: Besides the domains, the page counts stays in custody and in hospital.
STAYS = (("custody", "custody_night"), ("hospital", "bed_day"))


def _rule_tables(params: list) -> tuple[str, dict[str, list[int]]]:
    """The kind rules as a small table for the statement to join on (each kind with a 0 or 1
    per domain and per stay), so the database looks each row up once instead of comparing it
    with every list; and, per column, the organisations whose every record counts."""
    columns = [f"d{i}" for i in range(len(DOMAINS))] + [name for name, _ in STAYS]
    by_kind: dict[str, list[int]] = {}
    for i, d in enumerate(DOMAINS):
        for kind in d.kinds:
            by_kind.setdefault(kind, [0] * len(columns))[i] = 1
    for j, (_, kind) in enumerate(STAYS):
        by_kind.setdefault(kind, [0] * len(columns))[len(DOMAINS) + j] = 1
    by_organisation: dict[int, list[int]] = {}
    for i, d in enumerate(DOMAINS):
        for pk in Organisation.objects.filter(kind__in=d.organisation_kinds).values_list(
            "pk", flat=True
        ):
            by_organisation.setdefault(pk, [0] * len(columns))[i] = 1

    def values(rows):
        out = []
        for key, flags in rows.items():
            params.append(key)
            out.append("(%s, " + ", ".join(str(int(f)) for f in flags) + ")")
        return ", ".join(out)

    names = ", ".join(columns)
    table = f"kr(rule_kind, {names}) AS (VALUES {values(by_kind)})"
    organisations = {
        column: sorted(pk for pk, flags in by_organisation.items() if flags[j])
        for j, column in enumerate(columns)
    }
    return table, organisations


def _in(organisation_ids: list[int], rows: str = "pk") -> str:
    """` OR pk.organisation_id IN (...)`: our own integer ids, written into the statement."""
    if not organisation_ids:
        return ""
    return f" OR {rows}.organisation_id IN ({', '.join(str(int(pk)) for pk in organisation_ids)})"


def _any(column: str, organisation_ids: list[int]) -> str:
    """1 where any row of the group is evidence for the column (its kind or organisation)."""
    return f"MAX(CASE WHEN kr.{column} = 1{_in(organisation_ids)} THEN 1 ELSE 0 END)"


def _person_sql() -> dict[str, str]:
    """The few expressions that differ between PostgreSQL and SQLite."""
    if connection.vendor == "postgresql":
        return {
            "born": "CAST(EXTRACT(YEAR FROM pp.date_of_birth) AS INTEGER)",
            "district": "SPLIT_PART(pp.postcode, ' ', 1)",
        }
    return {
        "born": "CAST(STRFTIME('%%Y', pp.date_of_birth) AS INTEGER)",
        "district": "SUBSTR(pp.postcode, 1, INSTR(pp.postcode, ' ') - 1)",
    }


@dataclass
class Snapshot:
    """Everything the needs page counts, for the area or one ward."""

    groups: list[dict]
    quarters: list[dict]
    flows: list[dict]
    custody: list[dict]

    def as_data(self) -> dict:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict) -> "Snapshot":
        return cls(**data)


#: The key of the whole area among `snapshots`' results (a ward's is its postcode district).
AREA = ""


def snapshot(period: Period, locality: Locality | None = None) -> Snapshot:
    """The area's counts, or one ward's (its people are those whose postcode is in its
    district)."""
    every = snapshots(period)
    key = locality.postcode_district if locality is not None else AREA
    return every.get(key) or empty(period)


def empty(period: Period) -> Snapshot:
    """The counts of a place nobody in the period's records lives in."""
    return Snapshot([], [], _flows(period, {}), [])


def snapshots(period: Period) -> dict[str, Snapshot]:
    """One statement, one pass over the period's service use, for the area and every postcode
    district at once: the rows looked up in the rules (`kr`), reduced to each person's domains
    per quarter (`pq`) and over the period (`per`, with the person's group and district), then
    counted four ways (by group; by quarter; flows; custody and hospital) per district, tagged
    and returned together. The area's figures are the districts' added up: a person has one
    district, so nobody is counted twice.

    Counted by group: (combination, sex, ethnicity, year of birth, postcode district), a few
    thousand rows at most, whatever the area's size. Flows: people with two or more domains in
    a quarter who are new (not before in the period), there in the quarter before too, back
    after a gap; and, of each quarter's, how many are not there in the next."""
    rows = (
        _events(period)
        .annotate(
            p=F("person_id"),
            qi=ExtractYear("occurred_on") * Value(4) + ExtractQuarter("occurred_on") - Value(1),
        )
        .values("p", "qi", "kind", "organisation_id")
        .order_by()
    )
    inner, inner_params = _sql(rows)
    known_sql, known_params = _sql(_known(period))
    params: list = []
    rule_table, organisations = _rule_tables(params)
    known_flags = ", ".join(
        f"MAX(CASE WHEN 0 = 1{_in(organisations[f'd{i}'], 'kn')} THEN 1 ELSE 0 END) AS d{i}"
        for i in range(len(DOMAINS))
    )
    domain_columns = ", ".join(f"d{i}" for i in range(len(DOMAINS)))
    flags = ", ".join(
        f"{_any(f'd{i}', organisations[f'd{i}'])} AS d{i}" for i in range(len(DOMAINS))
    )
    custody, hospital = _any("custody", []), _any("hospital", [])
    evidence = sorted({pk for ids in organisations.values() for pk in ids})
    any_organisation = _in(evidence)
    mask = " + ".join(f"d{i} * {BITS[d.key]}" for i, d in enumerate(DOMAINS))
    count = " + ".join(f"d{i}" for i in range(len(DOMAINS)))
    person_mask = " + ".join(f"MAX(d{i}) * {BITS[d.key]}" for i, d in enumerate(DOMAINS))
    expr = _person_sql()
    null = "CAST(NULL AS INTEGER)"
    text = "CAST(NULL AS TEXT)"
    sql = (
        f"WITH {rule_table}, pk AS ({inner}), "
        f"pq0 AS (SELECT p, qi, {flags}, {custody} AS custody, {hospital} AS hospital "
        "FROM pk LEFT JOIN kr ON kr.rule_kind = pk.kind "
        f"WHERE kr.rule_kind IS NOT NULL{any_organisation} GROUP BY p, qi), "
        f"pq AS (SELECT p, qi, {mask} AS mask, {count} AS domains, custody, hospital, "
        f"d{[d.key for d in DOMAINS].index('homelessness')} AS homeless FROM pq0), "
        f"kn AS ({known_sql}), known AS (SELECT p, {known_flags} FROM kn GROUP BY p), "
        f"per0 AS (SELECT p, {person_mask} AS mask FROM (SELECT p, {domain_columns} FROM pq0 "
        f"UNION ALL SELECT p, {domain_columns} FROM known) AS evidence GROUP BY p), "
        f"per AS (SELECT per0.p, per0.mask, {expr['born']} AS born, pp.sex, pp.ethnicity, "
        f"COALESCE({expr['district']}, '') AS district FROM per0 "
        "JOIN people_person pp ON pp.id = per0.p), "
        "runs AS (SELECT p, qi, LAG(qi) OVER (PARTITION BY p ORDER BY qi) AS prev, "
        "LEAD(qi) OVER (PARTITION BY p ORDER BY qi) AS nxt FROM pq WHERE domains >= 2) "
        f"SELECT 'g' AS tag, mask AS a, born AS b, {null} AS c, {null} AS d, {null} AS e, "
        "sex AS s1, ethnicity AS s2, district AS s3, COUNT(*) AS n FROM per WHERE mask > 0 "
        "GROUP BY mask, born, sex, ethnicity, district "
        f"UNION ALL SELECT 'q', qi, domains, {null}, {null}, {null}, {text}, {text}, district, "
        "COUNT(*) FROM pq JOIN per ON per.p = pq.p WHERE domains > 0 "
        "GROUP BY qi, domains, district "
        "UNION ALL SELECT 'f', qi, SUM(CASE WHEN prev IS NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN prev = qi - 1 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN prev < qi - 1 THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN nxt IS NULL OR nxt > qi + 1 THEN 1 ELSE 0 END), {text}, {text}, "
        "district, COUNT(*) FROM runs JOIN per ON per.p = runs.p GROUP BY qi, district "
        "UNION ALL SELECT 'c', qi, SUM(custody), SUM(custody * homeless), SUM(hospital), "
        f"SUM(hospital * homeless), {text}, {text}, district, COUNT(*) "
        "FROM pq JOIN per ON per.p = pq.p GROUP BY qi, district"
    )
    counted: dict[str, dict] = {}

    def of(district: str) -> dict:
        return counted.setdefault(
            district, {"groups": [], "quarters": defaultdict(int), "runs": {}, "custody": {}}
        )

    for tag, *numbers, s1, s2, district, n in _rows(sql, [*params, *inner_params, *known_params]):
        # PostgreSQL gives a UNION's sums as numeric: counts are whole numbers.
        a, b, c, d, e = (None if v is None else int(v) for v in numbers)
        n = int(n)
        for place in {district or AREA, AREA}:
            mine = of(place)
            if tag == "g":
                mine["groups"].append(
                    {"mask": a, "born": b, "sex": s1 or "", "ethnicity": s2 or "",
                     "district": district or "", "n": n}
                )  # fmt: skip
            elif tag == "q":
                mine["quarters"][(a, b)] += n
            elif tag == "f":
                mine["runs"][a] = [x + y for x, y in zip(mine["runs"].get(a, [0] * 4),
                                                        (b, c, d, e), strict=True)]  # fmt: skip
            else:
                was = mine["custody"].get(a, [0] * 4)
                mine["custody"][a] = [x + y for x, y in zip(was, (b, c, d, e), strict=True)]
    out = {}
    for place, mine in counted.items():
        custody_rows = [
            {"quarter": q, "custody": c[0], "custody_homeless": c[1], "hospital": c[2],
             "hospital_homeless": c[3]}
            for q, c in sorted(mine["custody"].items())
        ]  # fmt: skip
        by_quarter = [
            {"quarter": q, "domains": k, "n": n} for (q, k), n in sorted(mine["quarters"].items())
        ]
        out[place] = Snapshot(
            mine["groups"], by_quarter, _flows(period, mine["runs"]), custody_rows
        )
    return out


def _flows(period: Period, runs: dict) -> list[dict]:
    flows = []
    for q in quarters(period):
        new, stayed, back, _ = runs.get(q, (0, 0, 0, 0))
        left = runs[q - 1][3] if q - 1 in runs else 0
        flows.append({"quarter": q, "new": new, "stayed": stayed, "returned": back, "left": left})
    return flows


def _sql(queryset) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


#: PostgreSQL's memory for the statement's sorts and hashes: with the default (4 MB) grouping
#: a large area's service use by person spills to disk; this keeps it in memory (for this
#: statement's transaction only).
WORK_MEM = "64MB"


def _rows(sql: str, params: list) -> list[tuple]:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute(sql, params)
        return cursor.fetchall()


def explain(period: Period) -> str:
    """The plan of the page's statement (for the benchmark): `EXPLAIN ANALYZE` on PostgreSQL."""
    global _rows
    captured = {}
    real = _rows

    def capture(sql, params):
        captured.update(sql=sql, params=params)
        return []

    _rows = capture
    try:
        snapshots(period)
    finally:
        _rows = real
    rows = real("EXPLAIN ANALYZE " + captured["sql"], captured["params"])
    return "\n".join(r[0] for r in rows)


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
