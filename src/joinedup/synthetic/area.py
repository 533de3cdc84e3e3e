"""The area's fixed parts, read from `area.toml`: localities, organisations and their staff.

`Area` also answers the small questions the life-course simulation asks (who responds to a
domain, which worker, which postcode), so that `lives.py` never reads the file itself.
"""

import random
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from joinedup.costs import kinds as costs_kinds

AREA_FILE = Path(__file__).with_name("area.toml")


def load_parameters(path: Path = AREA_FILE) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


@dataclass(frozen=True)
class StaffMember:
    organisation: str
    name: str
    role: str
    title: str
    email: str
    named: bool  # one of the demo's printed sign-ins


@dataclass
class Area:
    seed: int
    today: date
    params: dict = field(default_factory=load_parameters)

    @property
    def years(self) -> int:
        return self.params["area"]["years"]

    @cached_property
    def organisations(self) -> dict[str, dict]:
        return {o["key"]: o for o in self.params["organisations"]}

    @cached_property
    def _responders(self) -> dict[str, list[dict]]:
        by_domain: dict[str, list[dict]] = {}
        for org in self.params["organisations"]:
            for domain in org.get("domains", []):
                if org.get("contact", 0) > 0:
                    by_domain.setdefault(domain, []).append(org)
        return by_domain

    def responders(self, domain: str) -> list[dict]:
        return self._responders.get(domain, [])

    @cached_property
    def staff(self) -> dict[str, list[StaffMember]]:
        """Named sign-ins first, then numbered practitioners, per organisation."""
        staff: dict[str, list[StaffMember]] = {}
        for org in self.params["organisations"]:
            members = [
                StaffMember(
                    org["key"],
                    u["name"],
                    u["role"],
                    u.get("title", org["role_label"]),
                    _email(u["name"]),
                    True,
                )
                for u in org.get("users", [])
            ]
            for n in range(org.get("workers", 0)):
                name = self._worker_name(org["key"], n)
                members.append(
                    StaffMember(
                        org["key"],
                        name,
                        org.get("worker_role", "practitioner"),
                        org["role_label"],
                        f"{_email(name).split('@')[0]}.{org['key'].replace('_', '')}@example.org",
                        False,
                    )
                )
            staff[org["key"]] = members
        return staff

    def caseworkers(self, org_key: str) -> list[StaffMember]:
        return [s for s in self.staff[org_key] if s.role in ("practitioner", "coordinator")]

    def worker(self, rng: random.Random, org_key: str) -> int | None:
        """Which of the organisation's caseworkers holds the case (None: not on joinedup)."""
        count = len(self.caseworkers(org_key))
        return rng.randrange(count) if count else None

    def _worker_name(self, org_key: str, n: int) -> str:
        rng = random.Random(f"{self.seed}:staff:{org_key}:{n}")
        pool = self.names("white_british" if rng.random() < 0.8 else "asian")
        first = rng.choice(pool["female"] if rng.random() < 0.65 else pool["male"])
        return f"{first} {rng.choice(pool['surnames'])}"

    def names(self, ethnicity: str) -> dict:
        return self.params["names"][ethnicity]

    @cached_property
    def _locality_weights(self) -> list[float]:
        gradient = self.params["locality_weights"]["deprivation_gradient"]
        return [
            loc["population"] * (1 + gradient * (10 - loc["deprivation_decile"]))
            for loc in self.params["localities"]
        ]

    def pick_locality(self, rng: random.Random) -> dict:
        return rng.choices(self.params["localities"], weights=self._locality_weights, k=1)[0]

    def postcode(self, rng: random.Random, locality: dict) -> str:
        letters = "ABDEFGHJLNPQRSTUWXYZ"  # the letters used in a postcode's inward code
        sector = rng.randint(1, 9)
        return f"{locality['postcode_district']} {sector}{rng.choice(letters)}{rng.choice(letters)}"

    def event_category(self, kind: str) -> str:
        return costs_kinds.category(kind)


def _email(name: str) -> str:
    return name.lower().replace(" ", ".").replace("'", "") + "@example.org"
