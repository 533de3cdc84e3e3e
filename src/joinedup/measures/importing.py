"""Importing readings from tools practitioners already use (an Outcomes Star, for example).

The file carries five columns only, `person reference, tool, area code, date, score`: no
wording or pictures of the tool, which are licensed. The person reference is the joinedup
person number (shown on the person's page), and only people the importer may see, with
their assessments, are accepted: anyone else is refused as "no such person", exactly like a
person who does not exist. One reading per organisation, person, tool, area and date: that
is the source id, so importing a file again adds nothing. The whole file goes in, or none.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from joinedup.measures.models import ExternalReading
from joinedup.people import access

COLUMNS = ["person reference", "tool", "area code", "date", "score"]
MAX_ROWS = 50_000


@dataclass
class Problem:
    row: int
    column: str
    reason: str

    def __str__(self):
        return f"Row {self.row}, {self.column}: {self.reason}"


@dataclass
class Outcome:
    added: int
    already: int


class ImportRefused(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(map(str, problems[:5])))


def _rows(content: bytes) -> tuple[list[str], list[list[str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            [Problem(1, "file", "is not UTF-8 text (save it as CSV UTF-8)")]
        ) from None
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if not rows:
        raise ImportRefused([Problem(1, "file", "is empty")])
    return [h.strip().lower().replace("_", " ") for h in rows[0]], rows[1:]


def parse(content: bytes) -> list[dict]:
    """Each row checked: the reasons name the row (the header is row 1) and the column."""
    header, rows = _rows(content)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportRefused([Problem(1, c, "column missing") for c in missing])
    if len(rows) > MAX_ROWS:
        raise ImportRefused([Problem(1, "file", f"has more than {MAX_ROWS:,} rows")])
    at = {c: header.index(c) for c in COLUMNS}
    problems, parsed = [], []
    for n, row in enumerate(rows, start=2):
        cell = {c: (row[i].strip() if i < len(row) else "") for c, i in at.items()}
        out = {"row": n}
        ref = cell["person reference"]
        if not ref.isdigit():
            problems.append(Problem(n, "person reference", f"{ref!r} is not a person number"))
        out["person"] = int(ref) if ref.isdigit() else None
        for column, longest in (("tool", 100), ("area code", 50)):
            if not cell[column]:
                problems.append(Problem(n, column, "is empty"))
            elif len(cell[column]) > longest:
                problems.append(Problem(n, column, f"is longer than {longest} characters"))
        out["tool"], out["area_code"] = cell["tool"], cell["area code"]
        try:
            out["read_on"] = date.fromisoformat(cell["date"])
        except ValueError:
            problems.append(Problem(n, "date", f"{cell['date']!r} is not a date like 2025-03-27"))
        else:
            if out["read_on"] > date.today():
                problems.append(Problem(n, "date", "is in the future"))
        try:
            out["score"] = Decimal(cell["score"])
            if not out["score"].is_finite() or not (0 <= out["score"] < 10_000_000):
                raise InvalidOperation
            if out["score"] != out["score"].quantize(Decimal("0.01")):
                problems.append(Problem(n, "score", "has more than 2 decimal places"))
        except InvalidOperation:
            problems.append(Problem(n, "score", f"{cell['score']!r} is not a score of 0 or more"))
        parsed.append(out)
    if problems:
        raise ImportRefused(problems)
    return parsed


@transaction.atomic
def import_readings(user, organisation, content: bytes) -> Outcome:
    """Check the file, then add every new reading; refuse the lot on any problem."""
    rows = parse(content)
    wanted = {r["person"] for r in rows}
    visible = {
        p.pk: p
        for p in access.persons_visible_to(user, section="assessments").filter(pk__in=wanted)
    }
    problems = [
        Problem(r["row"], "person reference", f"no such person: {r['person']}")
        for r in rows
        if r["person"] not in visible
    ]
    seen, new = {}, []
    existing = {
        (e.person_id, e.tool, e.area_code, e.read_on): e.score
        for e in ExternalReading.objects.filter(organisation=organisation, person_id__in=visible)
    }
    already = 0
    for r in rows:
        if r["person"] not in visible:
            continue
        key = (r["person"], r["tool"], r["area_code"], r["read_on"])
        earlier = seen.get(key, existing.get(key))
        if earlier is not None and earlier != r["score"]:
            problems.append(
                Problem(r["row"], "score", f"{r['score']} differs from {earlier} already given")
            )
        elif key in existing or key in seen:
            already += 1
        else:
            seen[key] = r["score"]
            new.append(r)
    if problems:
        raise ImportRefused(problems)
    access.record_list(user, [visible[p] for p in sorted({r["person"] for r in rows})], "import")
    ExternalReading.objects.bulk_create(
        ExternalReading(
            person=visible[r["person"]],
            organisation=organisation,
            tool=r["tool"],
            area_code=r["area_code"],
            read_on=r["read_on"],
            score=r["score"],
            imported_by=user,
        )
        for r in new
    )
    return Outcome(added=len(new), already=already)
