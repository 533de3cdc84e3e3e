"""The cohort cost analysis as a commissioner reads it: who pays and who saves, by department
and by item, over each follow-up period, with the balance beneath. One object feeds the page,
the CSV and XLSX downloads and the PDF, so they always agree.

Small numbers: a comparison over fewer people than `disclosure.THRESHOLD` shows no money at
all (a cost total for two or three people could be read back to them), and every count of
people is shown through `joinedup.disclosure`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import altair as alt

from joinedup import charts, disclosure
from joinedup.costs import atrisk, balance, fair, kinds
from joinedup.costs.cohorts import Cohort
from joinedup.costs.comparison import Comparison, Declined

HANDLING_TEXT = {
    atrisk.EXCLUDE: "People who died or were in custody during a window are left out of "
    "that comparison.",
    atrisk.ANNUALISE: "Costs of people who died or were in custody during a window are scaled "
    "up to the whole window by their days at risk (days alive and not in custody); the cost "
    "of custody itself is counted as recorded.",
}


def money(amount: Decimal, pence: bool = False) -> str:
    """£1,234 (rounded half up to the pound), or £1,234.50 with `pence`; "−£300" if negative.

    Pages round to the pound for reading; the downloads keep every penny."""
    amount = amount.quantize(Decimal("0.01") if pence else Decimal(1), ROUND_HALF_UP)
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,}"


def percent(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value}%" if not value else f"{value:+}%".replace("-", "−")


@dataclass
class Report:
    cohort: Cohort
    months: int
    handling: str
    register: str
    periods: list[atrisk.PeriodChange]
    #: kind -> the department that bears its cost (from the unit cost register).
    item_departments: dict = field(default_factory=dict)
    programme_cost: Decimal | None = None
    adjustments: balance.Adjustments = field(default_factory=balance.Adjustments)
    #: The matched comparison cohort, when asked for.
    comparison: Comparison | None = None
    #: The people turned away as below the threshold, and the period (both days included).
    declined: Declined | None = None
    declined_between: tuple | None = None
    departments: list[dict] = field(init=False)
    items: list[dict] = field(init=False)

    def __post_init__(self):
        first = self.periods[0].change
        self.departments = [self._row(line) for line in first.printed()] if self.shown else []
        self.items = []
        if self.shown:
            for line in first.kinds:
                line = line.rounded()
                if line.baseline or line.follow_up:
                    row = self._row(line)
                    row["name"] = kinds.plural(line.name)
                    row["department"] = self.item_departments.get(line.name, "")
                    self.items.append(row)

    @staticmethod
    def _row(line) -> dict:
        return {
            "name": line.name.replace("TOTAL", "Total"),
            "baseline": line.baseline,
            "follow_up": line.follow_up,
            "change": line.change,
            "percent": line.change_percent,
        }

    # Who was counted --------------------------------------------------------------------

    @property
    def first(self) -> atrisk.PeriodChange:
        return self.periods[0]

    @property
    def shown(self) -> bool:
        """Money is shown only for a comparison over at least the threshold's people."""
        return self.first.people >= disclosure.THRESHOLD

    @property
    def size(self):
        return disclosure.count(len(self.cohort.starts))

    def accounted(self) -> list[tuple[str, int | str]]:
        """Where the cohort went in follow-up period 1, each count through disclosure."""
        p = self.first
        labels = [
            "Counted",
            "Left out: died"
            if self.handling == atrisk.EXCLUDE
            else "Left out: died, no day at risk",
            "Left out: in custody" if self.handling == atrisk.EXCLUDE else "Left out: custody",
            f"Not yet {self.months} months on from their start",
        ]
        cells = [p.people, p.left_out_died, p.left_out_custody, p.not_yet]
        rows = list(zip(labels, disclosure.counts(cells, total_known=True), strict=True))
        if self.handling == atrisk.ANNUALISE:
            rows.insert(
                1, ("Of those counted, scaled by days at risk", disclosure.count(p.annualised))
            )
        return rows

    def by_period(self) -> list[dict]:
        rows = []
        for p in self.periods:
            total = p.change.printed()[-1]
            shown = p.people >= disclosure.THRESHOLD
            rows.append(
                {
                    "period": p.period,
                    "label": self.period_label(p.period),
                    # As in the table of who is counted: with the cohort's size shown, a
                    # lone small "left out" count would otherwise follow by subtraction.
                    "people": disclosure.counts(
                        [p.people, p.left_out_died, p.left_out_custody, p.not_yet],
                        total_known=True,
                    )[0],
                    "shown": shown,
                    "baseline": total.baseline if shown else None,
                    "follow_up": total.follow_up if shown else None,
                    "change": total.change if shown else None,
                    "percent": total.change_percent if shown else None,
                }
            )
        return rows

    def period_label(self, k: int) -> str:
        start, end = (k - 1) * self.months, k * self.months
        return f"Follow-up {k}: months {start + 1} to {end} from the start"

    # Who pays and who saves -------------------------------------------------------------

    def sentences(self) -> list[str]:
        if not self.shown:
            return []
        said = []
        for row in self.departments[:-1]:
            name = row["name"]
            if said and name[1:2].islower():
                name = name[0].lower() + name[1:]
            if row["change"] < 0:
                said.append(f"{name} spent {money(-row['change'])} less")
            elif row["change"] > 0:
                said.append(f"{name} spent {money(row['change'])} more")
        lines = []
        if said:
            text = "; ".join(said)
            lines.append(text[0].upper() + text[1:] + ".")
        total = self.departments[-1]["change"]
        if total < 0:
            lines.append(f"Across every department the cohort cost {money(-total)} less.")
        elif total > 0:
            lines.append(f"Across every department the cohort cost {money(total)} more.")
        else:
            lines.append("Across every department the cost did not change.")
        return lines

    def chart(self):
        if not self.shown:
            return ""
        values = [
            {
                "department": row["name"],
                "change": int(row["change"].to_integral_value(ROUND_HALF_UP)),
                "direction": "Spent less" if row["change"] < 0 else "Spent more",
            }
            for row in self.departments[:-1]
        ]
        chart = (
            alt.Chart(alt.Data(values=values))
            .mark_bar()
            .encode(
                y=alt.Y("department:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
                x=alt.X("change:Q", title="Change in cost, follow-up against baseline (£)"),
                color=alt.Color(
                    "direction:N",
                    title=None,
                    scale=alt.Scale(
                        domain=["Spent less", "Spent more"],
                        range=[charts.PALETTE[2], charts.PALETTE[1]],
                    ),
                ),
                tooltip=["department:N", "change:Q"],
            )
            .properties(width=560, height=32 * max(len(values), 1))
        )
        caption = (
            "Change in each department's cost, follow-up 1 against the baseline, for the people "
            "counted above: green where it spent less, red where it spent more. "
            "The table below has the figures."
        )
        return charts.draw(chart, caption)

    # A fair comparison ------------------------------------------------------------------

    @property
    def matched(self) -> fair.Matched | None:
        return fair.Matched(self.comparison, self.months) if self.comparison else None

    @property
    def turned_away(self) -> fair.TurnedAway | None:
        if self.declined is None:
            return None
        return fair.TurnedAway(self.declined, self.months, *self.declined_between)

    # The balance ------------------------------------------------------------------------

    def effective_adjustments(self) -> balance.Adjustments:
        """The adjustments entered; with no deadweight entered and a matched comparison shown,
        the deadweight is the comparison cohort's own change (`deadweight_from_comparison`)."""
        matched = self.matched
        if self.adjustments.deadweight is not None or not (
            matched and matched.shown and self.shown
        ):
            return self.adjustments
        percent = balance.deadweight_from_comparison(
            self.first.change.printed()[-1], self.comparison.comparison_change.printed()[-1]
        )
        return dataclasses.replace(
            self.adjustments,
            deadweight=percent,
            deadweight_source="from the matched comparison cohort's own change",
        )

    def balance(self) -> balance.Balance | None:
        if self.programme_cost is None:
            return None
        savings = [-row["change"] for row in self.by_period() if row["shown"]]
        return balance.balance(
            savings, self.programme_cost, self.effective_adjustments(), self.months
        )

    # Tables for the downloads -----------------------------------------------------------

    def tables(self) -> dict[str, tuple[list[str], list[list]]]:
        """(header, rows) of every table on the page, money in pounds and pence as Decimal."""
        money_header = ["baseline", "follow_up", "change", "change_percent"]

        def cells(row):
            pct = row["percent"]
            return [row["baseline"], row["follow_up"], row["change"], "" if pct is None else pct]

        out = {
            "departments": (
                ["department", *money_header],
                [[r["name"], *cells(r)] for r in self.departments],
            ),
            "items": (
                ["item", "department", *money_header],
                [[r["name"], r["department"], *cells(r)] for r in self.items],
            ),
            "periods": (
                ["period", "people", *money_header],
                [
                    [r["label"], r["people"], *(cells(r) if r["shown"] else ["not shown"] * 4)]
                    for r in self.by_period()
                ],
            ),
        }
        for section in (self.matched, self.turned_away):
            if section is not None:
                out.update(section.tables())
        result = self.balance()
        if result is not None:
            out["balance"] = (
                ["line", "amount"],
                [[line.label, line.amount] for line in result.lines]
                + [["Return per £1 spent", result.return_per_pound or ""]],
            )
        return out
