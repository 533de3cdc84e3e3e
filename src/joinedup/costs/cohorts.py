"""Cohorts for cost analysis: which people, each with a start date. Reusable by any analysis
(the page, the matched comparison, the declined cohort).

Commissioners and analysts see the whole area in aggregate only, never a named person: a
cohort is built over every person through `access.unscoped`, which logs the read with its
reason, and nothing but ids and dates leaves this module. Every figure built on a cohort passes
`joinedup.disclosure` before it is shown.

Start dates come from `referrals.cohorts.starts` (the first day of co-ordination, or of panel
acceptance for someone not yet allocated), except for an uploaded list, which brings its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from joinedup.costs import change
from joinedup.costs.models import UploadedCohort, UploadedCohortMember
from joinedup.directory.models import Locality
from joinedup.people import access
from joinedup.referrals import cohorts as referral_cohorts

ACCEPTED, COORDINATOR, ORGANISATION, LOCALITY, UPLOADED = (
    "accepted",
    "coordinator",
    "organisation",
    "locality",
    "list",
)
KINDS = {
    ACCEPTED: "People the panel accepted in a period",
    COORDINATOR: "A co-ordinator's caseload",
    ORGANISATION: "A service's caseload",
    LOCALITY: "A locality (co-ordinated people living there)",
    UPLOADED: "A list uploaded by an analyst",
}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Cohort:
    kind: str
    label: str
    starts: dict[int, date]
    #: People who matched the cohort's definition but have no start date (left out).
    without_start: int = 0


def _area(user, ids, reason: str) -> list[int]:
    """The ids among `ids` of people on joinedup, read through the audited unscoped path."""
    return list(access.unscoped(user, reason).filter(pk__in=ids).values_list("pk", flat=True))


def _with_starts(kind, label, ids) -> Cohort:
    starts = referral_cohorts.starts(ids)
    return Cohort(kind, label, starts, without_start=len(set(ids)) - len(starts))


def accepted(user, first: date, last: date) -> Cohort:
    ids = _area(user, referral_cohorts.accepted_between(first, last), "cost analysis: accepted")
    label = f"People the panel accepted from {first:%-d %B %Y} to {last:%-d %B %Y}"
    return _with_starts(ACCEPTED, label, ids)


def coordinator_caseload(user, coordinator_id: int, name: str = "") -> Cohort:
    found = referral_cohorts.allocated(coordinator_id=coordinator_id)
    ids = _area(user, found, "cost analysis: a co-ordinator's caseload")
    return _with_starts(COORDINATOR, f"The current caseload of {name or 'a co-ordinator'}", ids)


def organisation_caseload(user, organisation_id: int, name: str = "") -> Cohort:
    found = referral_cohorts.allocated(organisation_id=organisation_id)
    ids = _area(user, found, "cost analysis: a service's caseload")
    label = f"People co-ordinated by {name or 'a service'} now"
    return _with_starts(ORGANISATION, label, ids)


def served_by(user, people_ids, label: str) -> Cohort:
    """People a set of providers supports (a contract's cohort), each from their first
    allocation to a co-ordinator: ids from the caller's count-only query."""
    ids = _area(user, people_ids, "cost analysis: a contract's cohort")
    return _with_starts(ORGANISATION, label, ids)


def locality(user, locality: Locality) -> Cohort:
    """Co-ordinated people whose postcode is in the locality's postcode district."""
    people = access.unscoped(user, "cost analysis: a locality").filter(
        postcode__startswith=f"{locality.postcode_district} ",
        pk__in=referral_cohorts.ever_allocated(),
    )
    ids = list(people.values_list("pk", flat=True))
    return _with_starts(LOCALITY, f"Co-ordinated people living in {locality.name}", ids)


def uploaded(user, cohort: UploadedCohort) -> Cohort:
    """An uploaded list; the caller has checked it belongs to the user's organisation."""
    rows = dict(cohort.members.values_list("person_id", "start_date"))
    ids = set(_area(user, list(rows), "cost analysis: an uploaded list"))
    label = f"The uploaded list “{cohort.name}”"
    return Cohort(UPLOADED, label, {p: d for p, d in rows.items() if p in ids})


def lists_for(organisation_id: int):
    return UploadedCohort.objects.filter(organisation_id=organisation_id)


class UploadError(ValueError):
    """A list that cannot be used: `errors` are (row, field, reason), the header being row 1."""

    def __init__(self, errors: list[tuple[int | None, str | None, str]]):
        self.errors = errors
        super().__init__("; ".join(f"row {r}, {f}: {why}" for r, f, why in errors))


def upload(user, organisation, name: str, data: bytes, filename: str = "list") -> UploadedCohort:
    """Check every row of `person_id,start_date` and store the list, all or nothing.

    `person_id` is the joinedup person number. Every fault found is reported (up to 20), each
    with its row, field and reason; a list with any fault stores nothing. The same file
    uploaded again by the organisation gives back the list already stored.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError([(None, None, "the file is larger than 5 MB")])
    sha = hashlib.sha256(data).hexdigest()
    existing = UploadedCohort.objects.filter(organisation=organisation, sha256=sha).first()
    if existing:
        return existing
    rows, errors, seen = {}, [], {}
    try:
        parsed = list(_parse(data, filename))
    except change.ContractError as exc:
        raise UploadError([(exc.row, exc.field, exc.reason)]) from None
    for number, raw_id, start, fault in parsed:
        if fault:
            errors.append((number, fault[0], fault[1]))
        elif int(raw_id) in seen:
            errors.append((number, "person_id", f"already on row {seen[int(raw_id)]}"))
        else:
            seen[int(raw_id)] = number
            rows[int(raw_id)] = (number, start)
    known = set(_area(user, list(rows), "cost analysis: checking an uploaded list"))
    errors += [
        (number, "person_id", f"no person number {pk} on joinedup")
        for pk, (number, _) in rows.items()
        if pk not in known
    ]
    if not rows and not errors:
        errors.append((None, None, "the list has no people in it"))
    if errors:
        raise UploadError(sorted(errors, key=lambda e: e[0] or 0)[:20])
    with transaction.atomic():
        cohort = UploadedCohort.objects.create(
            name=name, organisation=organisation, uploaded_by=user, sha256=sha
        )
        UploadedCohortMember.objects.bulk_create(
            UploadedCohortMember(cohort=cohort, person_id=pk, start_date=start)
            for pk, (_, start) in rows.items()
        )
    return cohort


def _parse(data: bytes, filename: str):
    """(row, person id text, start date, fault or None) per row, through the engine's reader."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.csv"
        path.write_bytes(data)
        for number, row in change._rows(path, filename, change.COHORT_COLUMNS):
            raw = row["person_id"]
            if not raw.isdigit() or not raw.isascii():
                yield number, raw, None, ("person_id", f"{raw!r} is not a joinedup person number")
                continue
            try:
                start = change._date(filename, number, row, "start_date")
            except change.ContractError as exc:
                yield number, raw, None, (exc.field, exc.reason)
                continue
            yield number, raw, start, None
