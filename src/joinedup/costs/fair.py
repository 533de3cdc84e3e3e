"""The fair comparison as a commissioner reads it: the matched comparison cohort beside the
supported people, the balance table that shows whether the matching worked, and the people the
panel turned away. One object per section feeds the page, the downloads and the PDF.

Small numbers: every count of people goes through `joinedup.disclosure`, and no money (nor any
mean of a group) is shown for fewer than `disclosure.THRESHOLD` pairs or people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from joinedup import disclosure
from joinedup.costs import atrisk, matching
from joinedup.costs.comparison import Comparison, Declined


def _money(amount: Decimal) -> str:
    from joinedup.costs.report import money

    return money(amount)


def _three(value: float) -> Decimal:
    """A mean or a standardised difference to 3 decimals, for the downloads."""
    return round(Decimal(repr(value)), 3)


def _blank(value):
    return "" if value is None else value


def _lower(name: str) -> str:
    return name[0].lower() + name[1:] if name[1:2].islower() else name


HANDLING_TEXT = {
    atrisk.EXCLUDE: "Both sides are costed the same way. Only the supported people counted "
    "above (a whole follow-up, not left out for a death or custody) are matched, and a pair "
    "whose comparison person died or was in custody in either window is set aside, so both "
    "sides are always the same pairs.",
    atrisk.ANNUALISE: "Both sides are costed the same way: the costs of anyone on either side "
    "who died or was in custody during a window are scaled to the whole window by their days "
    "at risk; a pair whose comparison person had no day at risk is set aside.",
}
DEATHS_NOTE = (
    "Deaths and custody of people who were never co-ordinated are known from their recorded "
    "custody nights and, where they are on it, the by-name list."
)


@dataclass
class Matched:
    """The matched comparison of a cohort, follow-up 1 against the baseline."""

    comparison: Comparison
    months: int

    @property
    def pairs(self) -> int:
        return len(self.comparison.matched)

    @property
    def shown(self) -> bool:
        return self.pairs >= disclosure.THRESHOLD

    @property
    def handling_text(self) -> str:
        return HANDLING_TEXT[self.comparison.handling]

    def accounted(self) -> list[tuple[str, int | str]]:
        c = self.comparison
        cells = [self.pairs, c.unmatched, c.pairs_left_out]
        labels = [
            "Supported people matched with someone similar (pairs compared)",
            "Supported people with nobody similar enough (left unmatched)",
            "Pairs set aside: the comparison person died or was in custody",
        ]
        rows = list(zip(labels, disclosure.counts(cells, total_known=True), strict=True))
        rows.append(
            (
                "People never co-ordinated who could be chosen (the pool)",
                disclosure.count(c.pool_size),
            )
        )
        return rows

    def _totals(self):
        return self.comparison.treated_change.printed()[
            -1
        ], self.comparison.comparison_change.printed()[-1]

    @property
    def plain(self) -> Decimal:
        """The supported people's change in cost (negative: they cost less)."""
        return self._totals()[0].change

    @property
    def deadweight(self) -> Decimal:
        return self.comparison.deadweight()

    @property
    def credited(self) -> Decimal:
        return self.comparison.credited_change()

    def departments(self) -> list[dict]:
        if not self.shown:
            return []
        supported = self.comparison.treated_change.printed()
        compared = {line.name: line for line in self.comparison.comparison_change.printed()}
        rows = []
        for line in supported:
            other = compared[line.name]
            rows.append(
                {
                    "name": line.name.replace("TOTAL", "Total"),
                    "baseline": line.baseline,
                    "follow_up": line.follow_up,
                    "change": line.change,
                    "comparison_baseline": other.baseline,
                    "comparison_follow_up": other.follow_up,
                    "comparison_change": other.change,
                    "credited": line.change - other.change,
                }
            )
        return rows

    def sentences(self) -> list[str]:
        if not self.shown:
            return []
        n, plain, dead, credited = self.pairs, self.plain, self.deadweight, self.credited
        said = "fell" if plain < 0 else "rose" if plain > 0 else "did not change"
        first = f"For the {n} supported people matched with someone similar, a plain "
        first += f"before-and-after says costs {said}"
        first += f" by {_money(abs(plain))}." if plain else "."
        also = "also " if (dead < 0) == (plain < 0) and dead and plain else ""
        way = "less" if dead < 0 else "more"
        second = (
            f"{n} similar people who were never co-ordinated {also}cost {_money(abs(dead))} "
            f"{way} over the same months."
            if dead
            else f"{n} similar people who were never co-ordinated cost the same over those months."
        )
        if credited < 0:
            third = f"So {_money(-credited)} of saving is credited to co-ordination."
        elif credited > 0:
            third = (
                "So no saving is credited to co-ordination: set against similar people, the "
                f"supported people's costs were {_money(credited)} higher."
            )
        else:
            third = "So no saving and no extra cost is credited to co-ordination."
        return [first, second, third]

    def department_sentence(self) -> str:
        """Which departments' change survives the comparison, in plain words."""
        said = []
        for row in self.departments()[:-1]:
            if row["credited"] < 0:
                said.append(f"{_lower(row['name'])} {_money(-row['credited'])} less")
            elif row["credited"] > 0:
                said.append(f"{_lower(row['name'])} {_money(row['credited'])} more")
        if not said:
            return ""
        return "Credited to co-ordination, department by department: " + "; ".join(said) + "."

    def balance(self) -> list[matching.Balance]:
        return self.comparison.matching.balance if self.shown else []

    def balanced(self) -> bool:
        return all(row.balanced for row in self.balance())

    def tables(self) -> dict:
        if not self.shown:
            return {}
        keys = ("baseline", "follow_up", "change")
        theirs = ("comparison_baseline", "comparison_follow_up", "comparison_change")
        header = ["department", *(f"supported_{k}" for k in keys), *theirs, "credited_change"]
        rows = [
            [r["name"], *(r[k] for k in (*keys, *theirs, "credited"))] for r in self.departments()
        ]
        means = ("treated_mean", "pool_mean", "matched_mean", "smd_before", "smd_after")
        balance_header = ["feature", "supported_mean", "pool_mean", "matched_mean",
                          "smd_before", "smd_after", "balanced"]  # fmt: skip
        balance_rows = [
            [b.feature, *(_three(getattr(b, m)) for m in means), "yes" if b.balanced else "no"]
            for b in self.balance()
        ]
        return {"comparison": (header, rows), "matching": (balance_header, balance_rows)}


@dataclass
class TurnedAway:
    """The people the panel declined as below its threshold in the cohort's period."""

    declined: Declined
    months: int
    first: date
    last: date

    @property
    def people(self) -> int:
        return self.declined.people

    @property
    def shown(self) -> bool:
        return self.people >= disclosure.THRESHOLD

    def accounted(self) -> list[tuple[str, int | str]]:
        f = self.declined.followed
        labels = [
            f"Followed for {self.months} months since (counted)",
            f"Not yet {self.months} months on",
            "Left out: died",
            "Left out: in custody",
        ]
        cells = [self.people, f.not_yet, f.left_out_died, f.left_out_custody]
        shown, total = disclosure.table(cells)
        return [("Turned away as below the threshold", total), *zip(labels, shown, strict=True)]

    def returns(self) -> tuple[int | str, int | str]:
        """(came back to the front door, of whom with a higher need score), through disclosure."""
        d = self.declined
        cells, total = disclosure.table(
            [d.higher_need_on_return, d.returned - d.higher_need_on_return]
        )
        return total, cells[0]

    def departments(self) -> list[dict]:
        if not self.shown:
            return []
        return [
            {
                "name": line.name.replace("TOTAL", "Total"),
                "baseline": line.baseline,
                "follow_up": line.follow_up,
                "change": line.change,
                "percent": line.change_percent,
            }  # fmt: skip
            for line in self.declined.cost.printed()
        ]

    def sentences(self) -> list[str]:
        total = self.accounted()[0][1]
        window = "year" if self.months == 12 else f"{self.months} months"
        head = (
            f"{total} {'person was' if total == 1 else 'people were'} turned away as below the "
            f"threshold from {self.first:%-d %B %Y} to {self.last:%-d %B %Y}."
        )
        if not self.shown:
            return [head, f"Too few of them have been followed for a whole {window} to show more."]
        back, higher = self.returns()
        if back == 0:
            came = f"none came back to the front door within the {window}"
        else:
            came = (
                f"{back} came back to the front door within the {window}, {higher} of them "
                "with a higher need score"
            )
        change = self.departments()[-1]["change"]
        how = f"{_money(abs(change))} {'more' if change > 0 else 'less'}" if change else "the same"
        return [
            head,
            f"Of the {self.people} followed for a whole {window}, {came}. Their service use "
            f"cost {how} in the {window} after than in the {window} before.",
        ]

    def tables(self) -> dict:
        if not self.shown:
            return {}
        rows = [
            [r["name"], r["baseline"], r["follow_up"], r["change"], _blank(r["percent"])]
            for r in self.departments()
        ]
        return {
            "declined": (["department", "baseline", "follow_up", "change", "change_percent"], rows)
        }
