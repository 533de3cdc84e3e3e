"""Builds a deterministic synthetic local area: organisations, their staff, people and panels.

Same seed and size, same area. Every figure comes from `area.toml`; nothing here describes a
real person. Dates are laid out relative to `today` so that the area is always current.
"""

import hashlib
import random
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import Membership, User
from joinedup.accounts.roles import Role, rules
from joinedup.directory.models import Organisation
from joinedup.people.models import Consent, Involvement, Person
from joinedup.referrals.models import AgendaItem, Panel, PanelMeeting

AREA_FILE = Path(__file__).with_name("area.toml")


def load_parameters(path: Path = AREA_FILE) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


@dataclass
class SignIn:
    role: str
    name: str
    email: str
    organisation: str
    totp_key: str | None


@dataclass
class Summary:
    organisations: int = 0
    users: int = 0
    people: int = 0
    involvements: int = 0
    consents: int = 0
    sign_ins: list[SignIn] = field(default_factory=list)
    password: str = ""


def _email(name: str) -> str:
    return name.lower().replace(" ", ".").replace("'", "") + "@example.org"


def _totp_key(seed: int, email: str) -> str:
    """A stable 20-byte key, so the demo's authenticator entries survive a rebuild."""
    return hashlib.sha1(f"joinedup-demo:{seed}:{email}".encode()).hexdigest()


def _pick_weighted(rng: random.Random, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


@transaction.atomic
def generate(people: int = 2000, seed: int = 42, today: date | None = None) -> Summary:
    """Create the area in the database. Refuses to run on a database that already has one."""
    if Organisation.objects.exists():
        raise ValueError("This database already has organisations: generate into an empty one")
    params = load_parameters()
    rng = random.Random(seed)
    today = today or timezone.localdate()
    summary = Summary(password=params["demo_password"])

    organisations = _organisations(params)
    summary.organisations = len(organisations)
    workers = _staff(params, organisations, seed, summary)
    persons = _people(params, rng, people, today)
    summary.people = len(persons)
    summary.involvements, summary.consents = _involvements(
        params, rng, persons, organisations, workers, today
    )
    _panel(params, rng, persons, organisations, today)
    summary.users = User.objects.count()
    return summary


def _organisations(params) -> dict[str, Organisation]:
    created = Organisation.objects.bulk_create(
        Organisation(
            name=o["name"], kind=o["kind"], sector=o["sector"], commissions=o["commissions"]
        )
        for o in params["organisations"]
    )
    return {o.name: o for o in created}


def _staff(params, organisations, seed, summary) -> dict[str, list[User]]:
    """Named demo sign-ins plus practitioners; each organisation's workers, by name."""
    workers: dict[str, list[User]] = {}
    password = params["demo_password"]
    template = User(email="template@example.org")
    template.set_password(password)  # hash once: argon2 is slow by design
    for spec in params["organisations"]:
        org = organisations[spec["name"]]
        staff = [(u["name"], u["role"], u.get("title", "")) for u in spec.get("users", [])]
        for n in range(spec.get("workers", 0)):
            staff.append((f"{spec['role_label']} {n + 1} {org.pk}", Role.PRACTITIONER, ""))
        workers[org.name] = []
        for name, role, title in staff:
            is_named = not name[-1].isdigit()
            email = (
                _email(name) if is_named else f"worker{org.pk}.{len(workers[org.name])}@example.org"
            )
            display = name if is_named else f"{spec['role_label']} {len(workers[org.name]) + 1}"
            user = User.objects.create(
                email=email,
                full_name=display,
                job_title=title or spec["role_label"],
                password=template.password,
            )
            Membership.objects.create(user=user, organisation=org, role=role)
            key = None
            if rules(role).sees_personal_data:
                key = _totp_key(seed, email)
                TOTPDevice.objects.create(user=user, name="Demo authenticator", key=key)
            if role in (Role.PRACTITIONER, Role.COORDINATOR):
                workers[org.name].append(user)
            if is_named:
                summary.sign_ins.append(SignIn(role, display, email, org.name, key))
    return workers


def _people(params, rng, count, today) -> list[Person]:
    p = params["people"]
    names = params["names"]
    persons = []
    for _ in range(count):
        male = rng.random() < p["male_share"]
        low, high, _w = _pick_weighted(rng, p["age_bands"], [b[2] for b in p["age_bands"]])
        age = rng.randint(low, high)
        born = today - timedelta(days=age * 365 + rng.randint(0, 364))
        postcode = "" if rng.random() < p["no_fixed_abode_share"] else rng.choice(p["postcodes"])
        persons.append(
            Person(
                first_name=rng.choice(names["male" if male else "female"]),
                last_name=rng.choice(names["surnames"]),
                date_of_birth=born,
                sex=Person.Sex.MALE if male else Person.Sex.FEMALE,
                postcode=postcode,
            )
        )
    return Person.objects.bulk_create(persons, batch_size=1000)


def _involvements(params, rng, persons, organisations, workers, today):
    specs = [o for o in params["organisations"] if o["involvement_weight"] > 0]
    weights = [o["involvement_weight"] for o in specs]
    spread = params["people"]["agencies_weights"]
    involvements, consents = [], []
    now = timezone.make_aware(datetime.combine(today, time(9)))
    for person in persons:
        n = _pick_weighted(rng, [1, 2, 3, 4, 5], spread)
        chosen = set()
        while len(chosen) < n:
            chosen.add(_pick_weighted(rng, range(len(specs)), weights))
        for index in sorted(chosen):
            spec = specs[index]
            org = organisations[spec["name"]]
            started = today - timedelta(days=rng.randint(7, 900))
            # About one in five involvements has ended; they stay on the record as history.
            ended = None
            if rng.random() < 0.2:
                ended = started + timedelta(days=rng.randint(30, max(31, (today - started).days)))
                ended = min(ended, today)
                if ended <= started:
                    ended = None
            staff = workers[org.name]
            worker = rng.choice(staff) if staff else None
            involvements.append(
                Involvement(
                    person=person,
                    organisation=org,
                    professional=worker,
                    professional_name="" if worker else f"{spec['role_label']} (not on joinedup)",
                    role=spec["role_label"],
                    is_lead=rng.random() < 0.3,
                    started_on=started,
                    ended_on=ended,
                )
            )
        if rng.random() < params["people"]["consent_share"]:
            grantee = organisations[rng.choice(params["panel"]["organisations"])]
            consents.append(
                Consent(
                    person=person,
                    organisation=grantee,
                    basis=Consent.Basis.CONSENT,
                    starts_at=now - timedelta(days=rng.randint(1, 300)),
                    ends_at=now + timedelta(days=rng.randint(30, 365)),
                )
            )
    Involvement.objects.bulk_create(involvements, batch_size=2000)
    Consent.objects.bulk_create(consents, batch_size=2000)
    return len(involvements), len(consents)


def _panel(params, rng, persons, organisations, today):
    spec = params["panel"]
    panel = Panel.objects.create(name=spec["name"], host=organisations[spec["host"]])
    panel.organisations.set(organisations[name] for name in spec["organisations"])
    first = today + timedelta(days=(3 - today.weekday()) % 7)  # Thursdays
    for k in range(spec["meetings_ahead"]):
        meeting = PanelMeeting.objects.create(
            panel=panel, meets_on=first + timedelta(days=k * spec["every_days"])
        )
        chosen = rng.sample(persons, min(spec["people_per_meeting"], len(persons)))
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, person=p, reason="New referral") for p in chosen
        )
