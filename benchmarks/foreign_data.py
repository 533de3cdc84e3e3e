"""Agency extracts we did not design the linker around: two generators for the quality harness.

Neither shares code, name lists or noise model with `joinedup.synthetic`. Each returns
`(frame, truth)`: `frame` in the linkage contract (all text), `truth` the person behind each row.

* `agencies`: seven agencies of a mixed UK town, heavier and other noise than ours: dates of
  birth missing in about 1 record in 10, a typo in about 1 name in 10 (sometimes both names),
  first and last names swapped, day and month swapped, 1 January placeholders, near dates (a day
  or a month off, a year digit), married and alias surnames, several records of one person in
  the same agency, postcodes missing, moved or 'NFA', NHS numbers only in health agencies.
  Written record by record with `random.Random`.
* `population`: another population (mostly names from Poland, Romania, Somalia, Pakistan,
  India, Nigeria, China, Vietnam, Portugal and Lithuania) in extracts with only names, date of
  birth and postcode: transliteration variants (Mohammed, Muhammad, Mohamed), a second given
  name kept or dropped, family name first, American month/day dates, diacritics lost, typos.
  Written column by column with numpy.
"""

import random
import string
from datetime import date, timedelta

import numpy as np
import pandas as pd

COLUMNS = [
    "source",
    "source_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "postcode",
    "nhs_number",
]


from foreign_names import (  # noqa: E402
    ENDINGS,
    FAMILY_NAME_FIRST,
    FEMALE,
    MALE,
    ORIGIN_WEIGHTS,
    ORIGINS,
    SURNAMES,
    SYLLABLES,
    VARIANTS,
)

AGENCIES = ["housing", "police", "probation", "gp", "hospital", "drugs", "mental_health"]
HEALTH = {"gp", "hospital", "mental_health"}


# Generator one: seven agencies of a mixed UK town --------------------------------------------


def _nhs_number(rng: random.Random) -> str:
    while True:
        stem = [rng.randrange(10) for _ in range(9)]
        check = (11 - sum(d * w for d, w in zip(stem, range(10, 1, -1), strict=True)) % 11) % 11
        if check != 10:
            return "".join(map(str, stem)) + str(check)


def _zipf_choice(rng: random.Random, pool: list[str], s: float = 0.9) -> str:
    weights = [1 / (i + 1) ** s for i in range(len(pool))]
    return rng.choices(pool, weights)[0]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.3:  # a letter left out
        return word[:i] + word[i + 1 :]
    if kind < 0.55:  # two letters the other way round
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if kind < 0.8:  # a wrong letter
        return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # a letter doubled


def _postcode(rng: random.Random) -> str:
    district = f"{rng.choice(['HX', 'HD', 'BD', 'WF'])}{rng.randint(1, 9)}"
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{district} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _person(rng: random.Random) -> dict:
    sex = rng.choice("MF")
    first = _zipf_choice(rng, MALE if sex == "M" else FEMALE, 0.7)
    if rng.random() < 0.35:  # the long tail of surnames no table holds
        last = (rng.choice(SYLLABLES) + rng.choice(ENDINGS)).capitalize()
    else:
        last = _zipf_choice(rng, SURNAMES, 0.8)
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    alias = None
    if sex == "F" and rng.random() < 0.12:  # a married name, or a former one
        alias = rng.choice(SURNAMES)
    elif rng.random() < 0.04:  # a street alias
        alias = (rng.choice(SYLLABLES) + rng.choice(ENDINGS)).capitalize()
    return {
        "first": first,
        "last": last,
        "alias": alias,
        "sex": sex,
        "born": born,
        "postcodes": [_postcode(rng) for _ in range(rng.randint(1, 3))],
        "nhs": _nhs_number(rng),
    }


def _near(rng: random.Random, born: date) -> date:
    kind = rng.random()
    if kind < 0.5:
        return born + timedelta(days=rng.choice([-1, 1]))
    if kind < 0.8:
        month = min(max(born.month + rng.choice([-1, 1]), 1), 12)
        return born.replace(month=month, day=min(born.day, 28))
    return born.replace(year=born.year + rng.choice([-10, -1, 1, 10]), day=min(born.day, 28))


def _agency_record(rng: random.Random, p: dict, agency: str) -> dict:
    first, last = p["first"], p["last"]
    if p["alias"] and rng.random() < 0.4:
        last = p["alias"]
    if rng.random() < 0.07:
        first = _typo(rng, first.lower()).capitalize()
    if rng.random() < 0.07:
        last = _typo(rng, last.lower()).capitalize()
    if rng.random() < 0.04:
        first, last = last, first
    born, dob = p["born"], p["born"].isoformat()
    r = rng.random()
    if r < 0.10:
        dob = ""
    elif r < 0.13 and born.day <= 12 and born.day != born.month:
        dob = f"{born.year}-{born.day:02d}-{born.month:02d}"
    elif r < 0.16:
        dob = f"{born.year}-01-01"
    elif r < 0.19:
        dob = _near(rng, born).isoformat()
    if dob and agency in {"police", "probation"}:  # some systems write UK dates
        y, m, d = dob.split("-")
        dob = f"{d}/{m}/{y}"
    r = rng.random()
    postcode = rng.choice(p["postcodes"])
    if r < 0.1:
        postcode = ""
    elif r < 0.18:
        postcode = rng.choice(["NFA", "No fixed abode", "ZZ99 3VZ"])
    elif r < 0.35:
        postcode = _postcode(rng)  # moved since
    nhs = ""
    if agency in HEALTH and rng.random() < 0.8:
        nhs = p["nhs"]
        if rng.random() < 0.02:
            nhs = nhs[:-2] + nhs[-1] + nhs[-2]
    sex = "" if rng.random() < 0.05 else p["sex"]
    if rng.random() < 0.3:
        first, last = first.upper(), last.upper()
    return {
        "first_name": first,
        "last_name": last,
        "date_of_birth": dob,
        "sex": sex,
        "postcode": postcode,
        "nhs_number": nhs,
    }


def agencies(people: int, seed: int = 1) -> tuple[pd.DataFrame, pd.Series]:
    """Seven agencies' extracts of `people` people (about 3.8 records each)."""
    rng = random.Random(seed)
    rows, truth = [], []
    counters = dict.fromkeys(AGENCIES, 0)
    for index in range(people):
        p = _person(rng)
        k = min(1 + int(rng.expovariate(1 / 3.3)), len(AGENCIES))
        for agency in rng.sample(AGENCIES, k):
            copies = 1 + (rng.random() < 0.12) + (rng.random() < 0.03)
            for _ in range(copies):
                counters[agency] += 1
                source_id = f"{agency[:2].upper()}{counters[agency]:07d}"
                rows.append(
                    {"source": agency, "source_id": source_id, **_agency_record(rng, p, agency)}
                )
                truth.append(f"a{index}")
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame, pd.Series(truth)


# Generator two: another population, names, date of birth and postcode only -----------------


def _strip_marks(names: np.ndarray) -> np.ndarray:
    import unicodedata

    return np.array(
        [unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode() for n in names]
    )


def population(people: int, seed: int = 2) -> tuple[pd.DataFrame, pd.Series]:
    """Five agencies' extracts of another population: names, date of birth, postcode."""
    g = np.random.default_rng(seed)
    origins = list(ORIGINS)
    origin = g.choice(len(origins), size=people, p=ORIGIN_WEIGHTS)
    male = g.random(people) < 0.55
    firsts, seconds, families = [], [], []
    for o, m in zip(origin, male, strict=True):
        men, women, family = (part.split() for part in ORIGINS[origins[o]])
        pool = men if m else women
        firsts.append(pool[_skewed(g, len(pool))])
        seconds.append(pool[g.integers(len(pool))] if g.random() < 0.3 else "")
        families.append(family[_skewed(g, len(family))])
    firsts, seconds, families = np.array(firsts), np.array(seconds), np.array(families)
    born = np.datetime64("1948-01-01") + g.integers(0, 365 * 57, size=people).astype(
        "timedelta64[D]"
    )
    home = _tails_full(g, people)

    # Records: each person at 1 to 5 agencies, some twice in one.
    per = np.clip(g.geometric(0.42, size=people), 1, 5)
    person = np.repeat(np.arange(people), per)
    extra = g.random(len(person)) < 0.1
    person = np.sort(np.concatenate([person, person[extra]]))
    n = len(person)
    source = g.choice(["council", "nhs_trust", "refuge", "foodbank", "probation"], size=n)
    first, second, family = firsts[person], seconds[person], families[person]
    org = np.array(origins)[origin[person]]

    variant = g.random(n) < 0.25
    first = np.array(
        [
            g.choice(VARIANTS[f]) if v and f in VARIANTS else f
            for f, v in zip(first, variant, strict=True)
        ]
    )
    family = np.array(
        [
            g.choice(VARIANTS[f]) if v and f in VARIANTS else f
            for f, v in zip(family, g.random(n) < 0.2, strict=True)
        ]
    )
    with_second = (second != "") & (g.random(n) < 0.5)
    first = np.where(with_second, np.char.add(np.char.add(first, " "), second), first)
    lose_marks = g.random(n) < 0.5
    first = np.where(lose_marks, _strip_marks(first), first)
    family = np.where(lose_marks, _strip_marks(family), family)
    for column in (first, family):
        typo = np.flatnonzero(g.random(n) < 0.09)
        for i in typo:
            column[i] = _np_typo(g, column[i])
    order_swapped = (np.isin(org, list(FAMILY_NAME_FIRST)) & (g.random(n) < 0.3)) | (
        g.random(n) < 0.02
    )
    first, family = np.where(order_swapped, family, first), np.where(order_swapped, first, family)

    dob = born[person].copy()
    shift = g.random(n)
    dob = np.where(shift < 0.03, dob + np.timedelta64(1, "D"), dob)
    dob = np.where((shift >= 0.03) & (shift < 0.05), dob - np.timedelta64(365, "D"), dob)
    iso = pd.Series(dob.astype("datetime64[D]").astype(str))
    year, month, day = iso.str[:4], iso.str[5:7], iso.str[8:10]
    # Day/month/year for most; some systems write month/day/year.
    us = g.random(n) < 0.04
    text = np.where(us, month + "/" + day + "/" + year, day + "/" + month + "/" + year)
    placeholder = g.random(n) < 0.03
    text = np.where(placeholder, "01/01/" + year, text)
    missing = g.random(n) < 0.09
    text = np.where(missing, "", text)
    unknown = (g.random(n) < 0.01) & ~missing
    text = np.where(unknown, "01/01/1900", text)

    postcode = home[person].copy()
    moved = g.random(n) < 0.2
    postcode = np.where(moved, _tails_full(g, n), postcode)
    postcode = np.where(g.random(n) < 0.15, "", postcode)
    postcode = np.where(g.random(n) < 0.3, np.char.replace(postcode.astype(str), " ", ""), postcode)
    case = g.random(n)
    first = np.where(case < 0.3, np.char.upper(first.astype(str)), first)
    family = np.where(case < 0.3, np.char.upper(family.astype(str)), family)

    counts: dict[str, int] = {}
    ids = []
    for s in source:
        counts[s] = counts.get(s, 0) + 1
        ids.append(f"{s[:3]}-{counts[s]}")
    frame = pd.DataFrame(
        {
            "source": source,
            "source_id": ids,
            "first_name": first,
            "last_name": family,
            "date_of_birth": text,
            "sex": "",
            "postcode": postcode,
            "nhs_number": "",
        },
        columns=COLUMNS,
    ).astype(str)
    return frame, pd.Series([f"b{i}" for i in person])


def _skewed(g: np.random.Generator, size: int) -> int:
    """An index into a name list, the first names in it the most common (weights 1/rank)."""
    weights = 1 / np.arange(1, size + 1) ** 0.8
    return int(g.choice(size, p=weights / weights.sum()))


def _tails_full(g: np.random.Generator, n: int) -> np.ndarray:
    area = g.choice(["E1", "E2", "E3", "N15", "N17", "N18", "SE15", "SE17"], size=n)
    sector = g.integers(1, 10, size=n)
    letters = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))
    a, b = letters[g.integers(20, size=n)], letters[g.integers(20, size=n)]
    return np.array([f"{x} {s}{y}{z}" for x, s, y, z in zip(area, sector, a, b, strict=True)])


def _np_typo(g: np.random.Generator, word: str) -> str:
    if len(word) < 4:
        return word
    i = int(g.integers(1, len(word) - 1))
    kind = g.random()
    if kind < 0.35:
        return word[:i] + word[i + 1 :]
    if kind < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + "aeiou"[int(g.integers(5))] + word[i + 1 :]
