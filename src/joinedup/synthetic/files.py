"""Writing the area to files, one person at a time, so a million people never sit in memory.

Layout of the output folder (all CSV with a header row, UTF-8, `\\n` line ends):

    area/localities.csv, area/organisations.csv, area/services.csv, area/staff.csv
    extracts/<agency>.csv   each agency's own records (the linkage contract, plus extras)
    truth.csv               which record is which person, and the noise it carries (hidden)
    people.csv              each person's true identity and domains (hidden)
    episodes.csv, involvements.csv, events.csv, referrals.csv, network.csv
"""

from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path

from joinedup.exports import CsvWriter
from joinedup.synthetic.area import Area
from joinedup.synthetic.extracts import COLUMNS, records_for
from joinedup.synthetic.lives import Life

TABLES = {
    "people.csv": [
        "person_key",
        "first_name",
        "last_name",
        "alias_first_name",
        "sex",
        "ethnicity",
        "date_of_birth",
        "locality",
        "postcode",
        "nhs_number",
        "domains",
        "coordinated_from",
        "died_on",
    ],
    "truth.csv": ["source", "source_id", "person_key", "noise"],
    "episodes.csv": ["person_key", "domain", "start", "end"],
    "involvements.csv": ["person_key", "organisation", "worker_email", "domain", "start", "end"],
    "events.csv": ["person_key", "organisation", "kind", "category", "on", "quantity"],
    "referrals.csv": [
        "person_key",
        "from_organisation",
        "to_organisation",
        "on",
        "outcome",
        "need_score",
        "returned_from",
    ],
    "network.csv": ["person_key", "name", "relationship"],
}


def _iso(d) -> str:
    return d.isoformat() if d else ""


class AreaWriter:
    """Opens the output files once and appends each person's rows as they are simulated."""

    def __init__(self, out: Path, area: Area):
        self.out = Path(out)
        self.area = area
        self._stack = ExitStack()
        self._writers: dict[str, CsvWriter] = {}

    def __enter__(self):
        (self.out / "extracts").mkdir(parents=True, exist_ok=True)
        (self.out / "area").mkdir(parents=True, exist_ok=True)
        self._write_area()
        for name, header in TABLES.items():
            self._open(name, header)
        for key, org in sorted(self.area.organisations.items()):
            if org.get("records"):
                self._open(f"extracts/{key}.csv", COLUMNS)
        return self

    def __exit__(self, *exc):
        self._stack.close()

    def _open(self, name: str, header: list[str]):
        f = self._stack.enter_context((self.out / name).open("w", newline="", encoding="utf-8"))
        writer = CsvWriter(f, lineterminator="\n")
        writer.writerow(header)
        self._writers[name] = writer
        return writer

    def write(self, life: Life) -> int:
        """Append one person's rows; returns how many agency records they have."""
        w = self._writers
        area = self.area
        w["people.csv"].writerow(
            [
                life.key,
                life.first_name,
                life.last_name,
                life.alias_first_name,
                life.sex,
                life.ethnicity,
                _iso(life.date_of_birth),
                life.locality,
                life.postcode,
                life.nhs_number,
                ";".join(life.domains),
                _iso(life.coordinated_from),
                _iso(life.died_on),
            ]
        )
        w["episodes.csv"].writerows(
            [life.key, e.domain, _iso(e.start), _iso(e.end)] for e in life.episodes
        )
        w["involvements.csv"].writerows(
            [life.key, c.organisation, self._worker_email(c), c.domain, _iso(c.start), _iso(c.end)]
            for c in life.contacts
        )
        w["events.csv"].writerows(
            [life.key, e.organisation, e.kind, area.event_category(e.kind), _iso(e.on), e.quantity]
            for e in life.events
        )
        w["referrals.csv"].writerows(
            [
                life.key,
                r.from_organisation,
                r.to_organisation,
                _iso(r.on),
                r.outcome,
                r.need_score,
                _iso(r.returned_from),
            ]
            for r in life.referrals
        )
        w["network.csv"].writerows([life.key, name, role] for name, role in life.network)
        count = 0
        for record in records_for(life, area):
            w[f"extracts/{record.source}.csv"].writerow(record.row)
            w["truth.csv"].writerow(
                [record.source, record.source_id, life.key, ";".join(record.noise)]
            )
            count += 1
        return count

    def _worker_email(self, contact) -> str:
        if contact.worker is None:
            return ""
        return self.area.caseworkers(contact.organisation)[contact.worker].email

    def _write_area(self):
        p = self.area.params
        self._table(
            "area/localities.csv",
            ["code", "name", "population", "deprivation_decile", "postcode_district"],
            (
                [
                    loc["code"],
                    loc["name"],
                    loc["population"],
                    loc["deprivation_decile"],
                    loc["postcode_district"],
                ]
                for loc in p["localities"]
            ),
        )
        self._table(
            "area/organisations.csv",
            ["key", "name", "kind", "sector", "commissions", "locality", "domains"],
            (
                [
                    o["key"],
                    o["name"],
                    o["kind"],
                    o["sector"],
                    o["commissions"],
                    o["locality"],
                    ";".join(o.get("domains", [])),
                ]
                for o in p["organisations"]
            ),
        )
        self._table(
            "area/services.csv",
            ["organisation", "name", "domains"],
            (
                [o["key"], s["name"], ";".join(s["domains"])]
                for o in p["organisations"]
                for s in o.get("services", [])
            ),
        )
        self._table(
            "area/staff.csv",
            ["organisation", "name", "role", "title", "email"],
            (
                [s.organisation, s.name, s.role, s.title, s.email]
                for members in self.area.staff.values()
                for s in members
            ),
        )

    def _table(self, name: str, header: list[str], rows: Iterable):
        with (self.out / name).open("w", newline="", encoding="utf-8") as f:
            writer = CsvWriter(f, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
