"""Each agency's own records of its people, with the identity noise real case systems carry.

Rows follow the linkage contract (`source, source_id, first_name, last_name, date_of_birth,
sex, postcode, nhs_number`) plus the agency's own extra columns. Which noise each record got
is kept beside it for the ground-truth file, never in the extract.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from joinedup.linkage.prepare import CONTRACT  # the columns every agency extract has
from joinedup.synthetic.area import Area
from joinedup.synthetic.lives import Life, rng_for

EXTRA = ["first_contact", "last_contact", "assessment"]
COLUMNS = CONTRACT + EXTRA
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class AgencyRecord:
    row: list[str]
    person_key: str
    noise: tuple[str, ...]

    @property
    def source(self) -> str:
        return self.row[0]

    @property
    def source_id(self) -> str:
        return self.row[1]


def source_id(seed: int, org: str, index: int, copy: int) -> str:
    """An agency's case number: stable, but says nothing about the person across agencies."""
    digest = hashlib.blake2b(f"{seed}:{org}:{index}:{copy}".encode(), digest_size=5).hexdigest()
    return f"{org[:3].upper()}-{digest.upper()}"


def records_for(life: Life, area: Area) -> Iterator[AgencyRecord]:
    seen: dict[str, list[date]] = {}
    for c in life.contacts:
        seen.setdefault(c.organisation, []).extend([c.start, c.end or area.today])
    for e in life.events:
        seen.setdefault(e.organisation, []).append(e.on)
    noise = area.params["noise"]
    for org_key in sorted(seen):
        org = area.organisations[org_key]
        if not org.get("records"):
            continue
        rng = rng_for(area.seed, life.index, f"extract:{org_key}")
        copies = 2 if rng.random() < noise["duplicate_record"] else 1
        first, last = min(seen[org_key]), min(max(seen[org_key]), life.died_on or area.today)
        for copy in range(copies):
            yield _record(rng, life, area, org, copy, first, last)


def _record(rng, life, area, org, copy, first_contact, last_contact) -> AgencyRecord:
    n = area.params["noise"]
    applied = ["duplicate_record"] if copy else []
    first_name, last_name = life.first_name, life.last_name
    if life.alias_first_name and rng.random() < n["alias"]:
        first_name = life.alias_first_name
        applied.append("alias")
    nicknames = area.params["nicknames"].get(first_name)
    if nicknames and rng.random() < n["nickname"]:
        first_name = rng.choice(nicknames)
        applied.append("nickname")
    if "-" in last_name and rng.random() < n["hyphen_part"]:
        last_name = rng.choice(last_name.split("-"))
        applied.append("hyphen_part")
    if rng.random() < n["typo_last_name"]:
        last_name = typo(rng, last_name)
        applied.append("typo_last_name")
    if rng.random() < n["swapped_names"]:
        first_name, last_name = last_name, first_name
        applied.append("swapped_names")
    dob = life.date_of_birth.isoformat()
    roll = rng.random()
    if roll < n["dob_missing"]:
        dob = ""
        applied.append("dob_missing")
    elif roll < n["dob_missing"] + n["dob_placeholder"]:
        dob = n["placeholder_date"]
        applied.append("dob_placeholder")
    elif rng.random() < n["dob_day_month_swapped"] and swappable(life.date_of_birth):
        d = life.date_of_birth
        dob = date(d.year, d.day, d.month).isoformat()
        applied.append("dob_day_month_swapped")
    postcode = life.postcode
    if life.homeless_on(last_contact):
        postcode = n["no_fixed_abode"]
        applied.append("no_fixed_abode")
    elif rng.random() < n["postcode_missing"]:
        postcode = ""
        applied.append("postcode_missing")
    nhs = ""
    if org.get("health"):
        nhs = life.nhs_number
        if rng.random() < n["nhs_number_typo"]:
            position = rng.randrange(10)
            wrong = str((int(nhs[position]) + rng.randint(1, 9)) % 10)
            nhs = nhs[:position] + wrong + nhs[position + 1 :]
            applied.append("nhs_number_typo")
    row = [
        org["key"],
        source_id(area.seed, org["key"], life.index, copy),
        first_name,
        last_name,
        dob,
        life.sex,
        postcode,
        nhs,
        first_contact.isoformat(),
        last_contact.isoformat(),
        org.get("assessment", ""),
    ]
    return AgencyRecord(row, life.key, tuple(applied))


def swappable(d: date) -> bool:
    return d.day <= 12 and d.day != d.month


def typo(rng, word: str) -> str:
    """One keying slip: a letter replaced, dropped, doubled or two letters swapped."""
    if len(word) < 3:
        return word + rng.choice(LETTERS)
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + rng.choice(LETTERS.replace(word[i].lower(), "")) + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
