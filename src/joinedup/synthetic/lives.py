"""One person's hidden, true life course, and the agencies' responses that follow from it.

`simulate(index, area)` is a pure function of the seed and the person's index: each person
draws from their own random stream, so people can be generated in any order, in chunks or in
parallel, and the area is still the same. Nothing here touches the database or the disk.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from joinedup.synthetic.area import Area


@dataclass(frozen=True)
class Episode:
    domain: str
    start: date
    end: date


@dataclass(frozen=True)
class Contact:
    """An organisation's involvement with the person: from, to (None while it goes on)."""

    organisation: str
    start: date
    end: date | None
    worker: int | None
    domain: str


@dataclass(frozen=True)
class Event:
    organisation: str
    kind: str
    on: date
    quantity: int


@dataclass(frozen=True)
class Referral:
    from_organisation: str
    to_organisation: str
    on: date
    outcome: str
    need_score: int
    returned_from: date | None = None


@dataclass
class Life:
    index: int
    key: str
    first_name: str
    last_name: str
    sex: str
    ethnicity: str
    date_of_birth: date
    locality: str
    postcode: str
    nhs_number: str
    domains: tuple[str, ...]
    alias_first_name: str = ""
    episodes: list[Episode] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    network: list[tuple[str, str]] = field(default_factory=list)
    coordinated_from: date | None = None
    died_on: date | None = None

    @property
    def homeless_periods(self) -> list[Episode]:
        return [e for e in self.episodes if e.domain == "homelessness"]

    def homeless_on(self, day: date) -> bool:
        return any(e.start <= day < e.end for e in self.homeless_periods)


def rng_for(seed: int, index: int, stream: str = "life") -> random.Random:
    """A person's own random stream (string seeds are hashed with SHA-512: stable everywhere)."""
    return random.Random(f"{seed}:{stream}:{index}")


def weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


def poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method: fine for the small means used here.
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def nhs_number(rng: random.Random) -> str:
    """A valid NHS number in the 999 range, which the NHS reserves for testing."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits + [check]))


def _scaled(rng: random.Random, count: int, factor: float) -> int:
    """`count` times `factor`, rounded up or down at random so the expectation is exact."""
    raw = count * factor
    whole = int(raw)
    return whole + (1 if rng.random() < raw - whole else 0)


def simulate(index: int, area: Area) -> Life:
    rng = rng_for(area.seed, index)
    p = area.params["people"]
    life = _identity(rng, index, area)
    window_start = area.today - timedelta(days=365 * area.params["area"]["years"])
    _death(rng, life, area, window_start)
    end = life.died_on or area.today
    _coordination(rng, life, area, end)
    chaos = p["episode_factor_by_domains"][len(life.domains) - 1]
    for domain in life.domains:
        spec = area.params["domains"][domain]
        for _ in range(max(1, poisson(rng, spec["episodes_per_year"] * area.years * chaos))):
            start = window_start + timedelta(days=rng.randrange(max(1, (end - window_start).days)))
            length = rng.randint(*spec["duration_days"])
            life.episodes.append(Episode(domain, start, min(end, start + timedelta(days=length))))
    for episode in sorted(life.episodes, key=lambda e: (e.start, e.domain)):
        _life_events(rng, life, area, episode, end)
    for episode in sorted(life.episodes, key=lambda e: (e.start, e.domain)):
        _responses(rng, life, area, episode, end)
    if life.coordinated_from:
        _engagement(life, area, end)
        org = area.params["coordination"]["organisation"]
        life.contacts.append(
            Contact(org, life.coordinated_from, life.died_on, area.worker(rng, org), "all")
        )
    if not life.contacts:  # everyone in the area is known to at least one agency
        _first_contact(rng, life, area, end)
    low, high = p["network_size"]
    life.network = [
        (_contact_name(rng, area, life, role), role)
        for role in rng.sample(p["network_roles"], rng.randint(low, high))
    ]
    return life


def _identity(rng, index, area) -> Life:
    p = area.params["people"]
    shares = p["core_overlap"]
    n_core = {"one": 1, "two": 2, "three": 3}[weighted(rng, shares)]
    if n_core == 1:
        core = (weighted(rng, p["single_weights"]),)
    elif n_core == 2:
        core = tuple(weighted(rng, p["pair_weights"]).split("+"))
    else:
        core = tuple(p["core_domains"])
    male = rng.random() < p["male_share_by_core"][n_core - 1]
    sex = "M" if male else "F"
    domains = list(core)
    if rng.random() < p["mental_health_by_core"][n_core - 1]:
        domains.append("mental_health")
    if rng.random() < p["domestic_abuse_by_core"]["male" if male else "female"][n_core - 1]:
        domains.append("domestic_abuse")
    bands = {tuple(b[:2]): b[2] for b in p["age_bands"]}
    low, high = weighted(rng, bands)
    age = rng.randint(low, high)
    born = area.today - timedelta(days=age * 365 + rng.randrange(365))
    ethnicity = weighted(rng, p["ethnicity"])
    first, last = _name(rng, area, ethnicity, sex)
    if rng.random() < p["hyphenated_share"]:
        last = f"{last}-{rng.choice(area.names(ethnicity)['surnames'])}"
    alias = ""
    if rng.random() < p["alias_share"]:
        alias = _name(rng, area, ethnicity, sex)[0]
    locality = area.pick_locality(rng)
    return Life(
        index=index,
        key=f"P{index:07d}",
        first_name=first,
        last_name=last,
        sex=sex,
        ethnicity=ethnicity,
        date_of_birth=born,
        locality=locality["code"],
        postcode=area.postcode(rng, locality),
        nhs_number=nhs_number(rng),
        domains=tuple(domains),
        alias_first_name=alias,
    )


FEMALE_ROLES = {"mother", "sister", "daughter"}
MALE_ROLES = {"father", "brother", "son"}
KIN = FEMALE_ROLES | MALE_ROLES


def _contact_name(rng, area, life, role) -> str:
    """Kin share the person's surname and have the sex their role says; others do not."""
    sex = "F" if role in FEMALE_ROLES else "M" if role in MALE_ROLES else rng.choice("MF")
    first, surname = _name(rng, area, life.ethnicity, sex)
    return f"{first} {life.last_name if role in KIN else surname}"


def _name(rng, area, ethnicity, sex):
    pool = area.names(ethnicity)
    return rng.choice(pool["male" if sex == "M" else "female"]), rng.choice(pool["surnames"])


def _death(rng, life, area, window_start):
    p = area.params["people"]
    base = p["death_rate_per_year"][len(life.domains) - 1]
    for year in range(area.years):
        age = (window_start - life.date_of_birth).days // 365 + year
        factor = next((f for low, f in reversed(p["death_factor_by_age"]) if age >= low), 0.0)
        if rng.random() < base * factor:
            day = window_start + timedelta(days=365 * year + rng.randrange(365))
            if day < area.today:
                life.died_on = day
            return


def _coordination(rng, life, area, end):
    spec = area.params["coordination"]
    if len(life.domains) < spec["min_domains"] or rng.random() >= spec["share"]:
        return
    service_start = area.today - timedelta(days=30 * area.params["area"]["coordination_months"])
    latest = (end - service_start).days - 30
    if latest > 0:
        life.coordinated_from = service_start + timedelta(days=rng.randrange(latest))


def _life_events(rng, life, area, episode, end):
    """Custody and release, hospital admission and discharge, tenancies ending."""
    ev = area.params["events"]
    agencies = area.params["life_event_agencies"]
    if episode.domain == "offending" and rng.random() < ev["custody_share"]:
        nights = rng.randint(*ev["custody_nights"])
        release = min(end, episode.end + timedelta(days=nights))
        _add_stay(rng, life, area, agencies["custody"], "custody_night", episode.end, nights)
        if release < end and rng.random() < ev["release_homeless_share"]:
            life.episodes.append(
                Episode("homelessness", release, min(end, release + timedelta(days=90)))
            )
    if episode.domain == "mental_health" and rng.random() < ev["admission_share"]:
        days = rng.randint(*ev["bed_days"])
        _add_stay(rng, life, area, agencies["admission"], "bed_day", episode.start, days)
        discharge = episode.start + timedelta(days=days)
        if discharge < end and rng.random() < ev["discharge_homeless_share"]:
            life.episodes.append(
                Episode("homelessness", discharge, min(end, discharge + timedelta(days=60)))
            )
    if episode.domain == "homelessness" and rng.random() < ev["tenancy_end_share"]:
        _add_event(rng, life, area, "housing_options", "housing_assessment", episode.start, 1)


def _responses(rng, life, area, episode, end):
    """Which agencies the episode reaches, what they do, and the referrals between them."""
    female = life.sex == "F"
    reached = []
    for org in area.responders(episode.domain):
        chance = org["contact"] * (area.params["people"]["female_contact_factor"] if female else 1)
        if rng.random() >= chance:
            continue
        reached.append(org["key"])
        start = min(end, episode.start + timedelta(days=rng.randint(0, 21)))
        finish = episode.end + timedelta(days=rng.randint(0, 60))
        ongoing = finish >= area.today and not life.died_on
        life.contacts.append(
            Contact(
                org["key"],
                start,
                None if ongoing else max(min(finish, end), start + timedelta(days=1)),
                area.worker(rng, org["key"]),
                episode.domain,
            )
        )
        span = max(1, (episode.end - episode.start).days)
        for kind, (low, high) in org.get("events", {}).items():
            on = episode.start + timedelta(days=rng.randrange(span))
            _add_event(rng, life, area, org["key"], kind, on, rng.randint(low, high))
    if reached and rng.random() < area.params["referrals"]["per_episode"]:
        _refer(rng, life, area, reached[0], episode, end)


def _refer(rng, life, area, from_org, episode, end):
    spec = area.params["referrals"]
    targets = [o["key"] for d in life.domains for o in area.responders(d) if o["key"] != from_org]
    if not targets:
        return
    to_org = rng.choice(sorted(set(targets)))
    score = min(48, 8 + 5 * len(life.domains) + rng.randint(-4, 6))
    outcome = weighted(rng, spec["outcomes"])
    life.referrals.append(Referral(from_org, to_org, episode.start, outcome, score))
    if outcome == "declined_below_threshold" and rng.random() < spec["return_share"]:
        back = episode.start + timedelta(days=rng.randint(*spec["return_after_days"]))
        if back < end:
            worse = min(48, score + rng.randint(4, 10))
            life.referrals.append(
                Referral(from_org, to_org, back, "accepted", worse, returned_from=episode.start)
            )


def _first_contact(rng, life, area, end):
    domain = life.domains[0]
    org = area.responders(domain)[0]["key"]
    episode = next(e for e in life.episodes if e.domain == domain)
    life.contacts.append(
        Contact(
            org, episode.start, None if not life.died_on else end, area.worker(rng, org), domain
        )
    )


def _engagement(life, area, end):
    """Planned contacts after co-ordination starts, month by month, from their own stream so
    the rest of the life is drawn exactly as before."""
    rng = rng_for(area.seed, life.index, "engagement")
    for kind, spec in sorted(area.params["coordination"]["engagement"].items()):
        if spec["domain"] not in life.domains:
            continue
        day = life.coordinated_from
        while day < end:
            n = poisson(rng, spec["per_year"] / 12)
            if n:
                life.events.append(Event(spec["organisation"], kind, day, n))
            day += timedelta(days=30)


def _add_stay(rng, life, area, org, kind, first, nights):
    """A stay in custody or hospital, counted as prisons and wards count it: the nights in each
    calendar month, on the month's first night of the stay (or the stay's first night)."""
    day, left = first, nights
    while left > 0:
        next_month = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        here = min(left, (next_month - day).days)
        _add_event(rng, life, area, org, kind, day, here)
        day, left = next_month, left - here


def _add_event(rng, life, area, org, kind, on, quantity):
    if life.died_on and on >= life.died_on:
        return
    if on > area.today:
        return
    trend = area.params["trends"]["yearly_factors"].get(area.event_category(kind))
    if trend:
        # Its own stream, so adding a trend leaves every other draw of this life unchanged.
        years = (on - area.today).days / 365.25 + area.params["area"]["years"]
        own = random.Random(f"{area.seed}:trend:{life.index}:{kind}:{on}")
        quantity = _scaled(own, quantity, trend ** max(years, 0))
    if life.coordinated_from and on >= life.coordinated_from:
        factor = area.params["coordination"]["factors"].get(area.event_category(kind), 1.0)
        quantity = _scaled(rng, quantity, factor)
    if quantity > 0:
        life.events.append(Event(org, kind, on, quantity))
