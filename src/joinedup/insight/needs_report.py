"""The needs analysis as it may be shown: every count of people through `joinedup.disclosure`,
every rate from a shown count only, and every table ready for the page, the CSV/XLSX
downloads and the PDF report (one object, so the three always agree).
"""

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path

from joinedup import disclosure
from joinedup.directory.models import Locality
from joinedup.insight import domains as rules
from joinedup.insight import drivers, figures, needs
from joinedup.insight.needs import Period
from joinedup.people.models import Person
from joinedup.referrals.queries import age_band

DATA = Path(__file__).with_name("data")
#: Columns of every breakdown: people by how many of the five domains their records show.
SPREAD = ("One domain", "Two domains", "Three or more")


@cache
def national_profile() -> dict:
    return json.loads((DATA / "national_profile.json").read_text())


@cache
def population_shares() -> dict[str, list[dict]]:
    with (DATA / "population_shares.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_group = defaultdict(list)
    for row in rows:
        by_group[row["group"]].append(row)
    return dict(by_group)


def _spread(n_domains: int) -> int:
    return min(n_domains, 3) - 1


@dataclass
class Breakdown:
    """People by group (rows) and how many domains (columns), suppressed as one grid."""

    key: str
    title: str
    rows: list[dict] = field(default_factory=list)
    total: int | str = 0
    denominator_note: str = ""

    def table(self) -> tuple[list[str], list[list]]:
        header = ["Group", *SPREAD, "People", "Adults in the population", "Per 1,000 adults"]
        body = [
            [r["label"], *r["cells"], r["people"], r["population"] or "", r["rate"] or ""]
            for r in self.rows
        ]
        return header, body


def _breakdown(key, title, labels, counts, populations, note="", links=None) -> Breakdown:
    """`counts[i][c]`: people of group i in spread column c; `populations[i]` or None."""
    shown = disclosure.grid(counts) if counts else disclosure.Grid([], [], [], 0)
    rows = []
    for i, label in enumerate(labels):
        people = shown.rows[i]
        rate = (
            disclosure.rate(sum(counts[i]), populations[i])
            if isinstance(people, int) and populations[i]
            else None
        )
        rows.append(
            {
                "label": label,
                "cells": shown.cells[i],
                "people": people,
                "population": populations[i],
                "rate": rate,
                "link": links[i] if links else None,
            }
        )
    return Breakdown(key, title, rows, shown.total, note)


class NeedsAnalysis:
    """Everything the needs page shows for a period, for the whole area or one locality."""

    def __init__(self, period: Period, locality: Locality | None = None, counted=None):
        self.period = period
        self.locality = locality
        # One statement for the whole page, unless the counts were worked out ahead.
        self.counted = counted if counted is not None else needs.snapshot(period, locality)
        self.groups = self.counted.groups
        #: When the counts were worked out, where they were kept (`insight.figures`).
        self.worked_out = None

    @classmethod
    def latest(cls, years: int, locality: Locality | None = None) -> "NeedsAnalysis":
        """The last `years` years, from the figures worked out ahead of the page."""
        period, counted, stored = figures.needs_figures(years, locality)
        analysis = cls(period, locality, counted)
        analysis.worked_out = stored
        return analysis

    # The combinations (UpSet) ---------------------------------------------------------------

    @cached_property
    def people(self) -> int:
        return sum(g["n"] for g in self.groups)

    @cached_property
    def _combination_table(self):
        """Combinations grouped by how many domains they hold: each group's combinations with
        the group's total (the breakdowns below show those totals), and the groups with the
        grand total, each suppressed as a table."""
        per_mask = defaultdict(int)
        for g in self.groups:
            per_mask[g["mask"]] += g["n"]
        sizes = defaultdict(list)
        for m in sorted(per_mask, key=lambda m: (-per_mask[m], m)):
            sizes[_spread(len(rules.members(m)))].append(m)
        group_cells = [sum(per_mask[m] for m in sizes[k]) for k in range(3)]
        group_shown, total = disclosure.table(group_cells)
        shown = {}
        for k in range(3):
            cells, _ = disclosure.table([per_mask[m] for m in sizes[k]]) if sizes[k] else ([], 0)
            shown.update(zip(sizes[k], cells, strict=True))
        masks = [m for k in range(3) for m in sizes[k]]
        return per_mask, masks, shown, total, group_shown

    @property
    def people_shown(self) -> int | str:
        """Everyone known in any domain, as it may be shown."""
        return self._combination_table[3]

    @property
    def spread(self) -> list[dict]:
        """People in one domain, two, three or more: the totals the breakdowns add up to."""
        return [
            {"label": label, "people": n}
            for label, n in zip(SPREAD, self._combination_table[4], strict=True)
        ]

    @cached_property
    def combinations(self) -> list[dict]:
        per_mask, masks, shown, _, _ = self._combination_table
        return [
            {
                "mask": m,
                "label": rules.label(m),
                "domains": [d.key for d in rules.members(m)],
                "size": len(rules.members(m)),
                "people": shown[m],
                "share": disclosure.share(per_mask[m], self.people)
                if isinstance(shown[m], int)
                else None,
            }
            for m in masks
        ]

    @cached_property
    def domain_totals(self) -> list[dict]:
        """People in each domain, whatever else: each a count on its own."""
        rows = []
        for d in rules.DOMAINS:
            n = sum(g["n"] for g in self.groups if g["mask"] & rules.BITS[d.key])
            rows.append({"label": d.label, "people": disclosure.count(n), "core": d.core})
        return rows

    @cached_property
    def core_profile(self) -> list[dict]:
        """Of people in at least one Hard Edges domain: in one, two, all three; beside England."""
        cells = [0, 0, 0]
        for g in self.groups:
            k = rules.core_count(g["mask"])
            if k:
                cells[k - 1] += g["n"]
        shown, _ = disclosure.table(cells)
        total = sum(cells)
        national = national_profile()["shares"]
        return [
            {
                "label": ("One of the three", "Two of the three", "All three")[i],
                "people": shown[i],
                "share": disclosure.share(cells[i], total) if isinstance(shown[i], int) else None,
                "national": Decimal(str(national[str(i + 1)])),
            }
            for i in range(3)
        ]

    # Breakdowns -----------------------------------------------------------------------------

    def _counts_by(self, key_of) -> dict:
        counts = defaultdict(lambda: [0, 0, 0])
        for g in self.groups:
            counts[key_of(g)][_spread(len(rules.members(g["mask"])))] += g["n"]
        return counts

    @cached_property
    def localities(self) -> Breakdown:
        places = list(Locality.objects.exclude(postcode_district="").order_by("code"))
        counts = self._counts_by(lambda g: g["district"])
        return _breakdown(
            "localities",
            "By ward",
            [p.name for p in places],
            [counts.get(p.postcode_district, [0, 0, 0]) for p in places],
            [p.population for p in places],
            "Adults aged 18 to 64 living in the ward (the area's own figures). People with no "
            "fixed abode or no postcode are counted in the area's total, not in a ward.",
            links=[p.pk for p in places],
        )

    def _area_adults(self) -> int:
        return sum(Locality.objects.values_list("population", flat=True))

    def _by_shares(self, key, title, group, key_of, extra_labels=()):
        shares = population_shares()[group]
        adults = self._area_adults() if self.locality is None else self.locality.population
        counts = self._counts_by(key_of)
        values = [s["value"] for s in shares] + [v for v, _ in extra_labels]
        labels = [s["label"] for s in shares] + [lab for _, lab in extra_labels]
        populations = [
            round(adults * Decimal(s["share_percent"]) / 100) if adults else None for s in shares
        ] + [None] * len(extra_labels)
        source = shares[0]
        return _breakdown(
            key,
            title,
            labels,
            [counts.get(v, [0, 0, 0]) for v in values],
            populations,
            f"Adults in each group worked out as the area's adults aged 18 to 64 times England's "
            f"share ({source['source']}, {source['year']}; {source['note'].lower()}).",
        )

    @cached_property
    def by_age(self) -> Breakdown:
        year = (self.period.end).year
        return self._by_shares(
            "age",
            "By age band",
            "age_band",
            lambda g: age_band(year - g["born"]) if g["born"] else "Not known",
            extra_labels=[("65 and over", "65 and over"), ("Not known", "Not known")],
        )

    @cached_property
    def by_sex(self) -> Breakdown:
        return self._by_shares(
            "sex",
            "By sex",
            "sex",
            lambda g: g["sex"] or "X",
            extra_labels=[("X", Person.Sex.OTHER.label)],
        )

    @cached_property
    def by_ethnicity(self) -> Breakdown:
        return self._by_shares(
            "ethnicity",
            "By ethnic group",
            "ethnicity",
            lambda g: g["ethnicity"] or "not_said",
            extra_labels=[("not_said", "Prefer not to say or not recorded")],
        )

    @property
    def breakdowns(self) -> list[Breakdown]:
        places = [] if self.locality else [self.localities]
        return [*places, self.by_age, self.by_sex, self.by_ethnicity]

    # Over time ------------------------------------------------------------------------------

    @cached_property
    def quarters(self) -> list[dict]:
        per = defaultdict(lambda: [0, 0, 0])
        for row in self.counted.quarters:
            per[row["quarter"]][_spread(row["domains"])] += row["n"]
        rows = []
        for q in needs.quarters(self.period):  # each quarter's row with its own total
            cells, people = disclosure.table(per[q])
            rows.append({"quarter": needs.quarter_short(q), "cells": cells, "people": people})
        return rows

    @cached_property
    def flows(self) -> list[dict]:
        rows = self.counted.flows
        out = []
        for r in rows[1:]:  # the first quarter has no quarter before it to compare with
            new, stayed, back, left = disclosure.counts(
                [r["new"], r["stayed"], r["returned"], r["left"]]
            )
            out.append(
                {
                    "quarter": needs.quarter_short(r["quarter"]),
                    "new": new,
                    "stayed": stayed,
                    "returned": back,
                    "left": left,
                }
            )
        return out

    @cached_property
    def custody_and_hospital(self) -> list[dict]:
        return [
            {
                "quarter": needs.quarter_short(r["quarter"]),
                **dict(
                    zip(
                        ("custody", "custody_homeless", "hospital", "hospital_homeless"),
                        disclosure.counts(
                            [
                                r["custody"],
                                r["custody_homeless"],
                                r["hospital"],
                                r["hospital_homeless"],
                            ]
                        ),
                        strict=True,
                    )
                ),
            }
            for r in self.counted.custody
        ]

    # Demand (area-wide only: the front door does not keep people's wards) --------------------

    @cached_property
    def demand(self) -> dict:
        repeat = drivers.repeat_referrals(self.period)
        rounds = drivers.sent_round(self.period)
        repeat_cells, referred = disclosure.table(
            [repeat["repeated"], repeat["referred"] - repeat["repeated"]]
        )
        round_cells, started = disclosure.table(
            [rounds["sent_round"], rounds["started"] - rounds["sent_round"]]
        )
        waits = []
        for row in drivers.time_to_help(self.period):
            people = disclosure.count(row["people"])
            waits.append(
                {
                    "year": row["year"],
                    "people": people,
                    "median_days": row["median_days"] if isinstance(people, int) else None,
                }
            )
        flows = []
        for row in drivers.list_flows_by_quarter(self.period):
            joined, left = disclosure.counts([row["in"], row["out"]])
            flows.append(
                {"quarter": needs.quarter_short(row["quarter"]), "in": joined, "out": left}
            )
        return {
            "referred": referred,
            "repeated": repeat_cells[0],
            "started": started,
            "sent_round": round_cells[0],
            "sent_round_from": drivers.SENT_ROUND,
            "waits": waits,
            "list_flows": flows,
            "deaths": drivers.deaths_by_cohort(),
        }

    # Downloads ------------------------------------------------------------------------------

    def tables(self) -> dict[str, tuple[list[str], list[list]]]:
        """Every table on the page, as (header, rows) for CSV and XLSX."""
        tables = {
            "combinations": (
                ["Combination of domains", "Domains", "People", "Share of people (%)"],
                [
                    [c["label"], c["size"], c["people"], "" if c["share"] is None else c["share"]]
                    for c in self.combinations
                ],
            ),
            "domains": (
                ["Domain", "Hard Edges domain", "People"],
                [
                    [d["label"], "yes" if d["core"] else "no", d["people"]]
                    for d in self.domain_totals
                ],
            ),
            "profile": (
                [
                    "Of people in the three Hard Edges domains",
                    "People",
                    "Share here (%)",
                    "Share in England, Hard Edges (%)",
                ],  # fmt: skip
                [
                    [
                        r["label"],
                        r["people"],
                        "" if r["share"] is None else r["share"],
                        r["national"],
                    ]
                    for r in self.core_profile
                ],
            ),
            "quarters": (
                ["Quarter", *SPREAD, "People"],
                [[q["quarter"], *q["cells"], q["people"]] for q in self.quarters],
            ),
            "flows": (
                [
                    "Quarter",
                    "New",
                    "Still there from the quarter before",
                    "Back after a gap",
                    "Not there now of the quarter before",
                ],  # fmt: skip
                [
                    [f["quarter"], f["new"], f["stayed"], f["returned"], f["left"]]
                    for f in self.flows
                ],
            ),
            "custody-hospital": (
                [
                    "Quarter",
                    "Nights in custody: people",
                    "Of whom with a homelessness record",
                    "Hospital stays: people",
                    "Of whom with a homelessness record",
                ],  # fmt: skip
                [
                    [
                        r["quarter"],
                        r["custody"],
                        r["custody_homeless"],
                        r["hospital"],
                        r["hospital_homeless"],
                    ]  # fmt: skip
                    for r in self.custody_and_hospital
                ],
            ),
        }
        for b in self.breakdowns:
            tables[b.key] = b.table()
        return tables


#: The tables a download may ask for (the URL refuses any other name).
TABLES = (
    "combinations",
    "domains",
    "profile",
    "localities",
    "age",
    "sex",
    "ethnicity",
    "quarters",
    "flows",
    "custody-hospital",
)
