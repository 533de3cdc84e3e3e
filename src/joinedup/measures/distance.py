"""Distance travelled: change from each person's first reading of an instrument to their latest,
for a cohort, with its uncertainty. No Django here: the pages call it, and anyone can check a
figure from a file of readings with nothing but this module.

The arithmetic, so a reader can redo it by hand:

* Each person's change is latest minus first, in the instrument's own points (exact Decimal).
* A person *improved* when the change goes the better way by at least the instrument's
  reliable-change threshold (any change at all where it has none); *worse* the same the other
  way; *stable* otherwise. Someone with one reading only has no change and is counted apart.
* The mean change and its 95% confidence interval come from a paired t test on the changes:
  mean d, standard deviation s (n - 1 in the divisor), standard error s / sqrt(n), and
  d +/- t(0.975, n - 1) * se, with t from SciPy's Student t distribution. Mean, s and the
  interval are Decimal (28 significant digits); t is SciPy's double converted to Decimal, so
  the interval is exact to about 15 significant digits. Pages round to 2 decimal places.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

IMPROVED, STABLE, WORSE = "improved", "stable", "worse"
OUTCOMES = (IMPROVED, STABLE, WORSE)


class Direction(Enum):
    HIGHER_IS_BETTER = 1
    LOWER_IS_BETTER = -1


@dataclass(frozen=True)
class Reading:
    person_id: int
    on: date
    score: Decimal


@dataclass(frozen=True)
class Pair:
    """One person's first and latest readings (the same reading when they have only one)."""

    person_id: int
    first_on: date
    first: Decimal
    latest_on: date
    latest: Decimal
    readings: int

    @property
    def change(self) -> Decimal:
        return self.latest - self.first


@dataclass(frozen=True)
class Interval:
    """Mean change with its 95% confidence interval, from a paired t test."""

    n: int
    mean: Decimal
    sd: Decimal | None
    se: Decimal | None
    t: Decimal | None
    low: Decimal | None
    high: Decimal | None


@dataclass
class Distance:
    """A cohort's distance travelled on one instrument."""

    direction: Direction
    threshold: Decimal | None
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    one_reading: int = 0
    changes: list[Decimal] = field(default_factory=list)
    interval: Interval | None = None

    @property
    def counted(self) -> int:
        """People with two or more readings: those improved, stable or worse."""
        return len(self.changes)

    @property
    def improving_mean(self) -> bool | None:
        """Whether the mean change goes the better way (None when there is no mean)."""
        if self.interval is None or self.interval.mean == 0:
            return None
        return (self.interval.mean > 0) == (self.direction is Direction.HIGHER_IS_BETTER)


def pairs(readings: Iterable[Reading]) -> list[Pair]:
    """First and latest reading per person; on one day, the reading given last counts as later."""
    first: dict[int, Reading] = {}
    latest: dict[int, Reading] = {}
    count: dict[int, int] = {}
    for r in readings:
        count[r.person_id] = count.get(r.person_id, 0) + 1
        if r.person_id not in first or r.on < first[r.person_id].on:
            first[r.person_id] = r
        if r.person_id not in latest or r.on >= latest[r.person_id].on:
            latest[r.person_id] = r
    return [
        Pair(p, first[p].on, first[p].score, latest[p].on, latest[p].score, count[p])
        for p in sorted(first)
    ]


def outcome(change: Decimal, direction: Direction, threshold: Decimal | None = None) -> str:
    """Improved, stable or worse: a change of at least `threshold` points the better way
    (any change at all without a threshold) is an improvement."""
    better = change * direction.value
    if threshold is None:
        return IMPROVED if better > 0 else WORSE if better < 0 else STABLE
    if better >= threshold:
        return IMPROVED
    if -better >= threshold:
        return WORSE
    return STABLE


def t_quantile(df: int, p: float = 0.975) -> Decimal:
    """Student's t quantile (SciPy), as Decimal; imported here so the module loads fast."""
    from scipy.stats import t

    return Decimal(repr(float(t.ppf(p, df))))


def paired_interval(changes: list[Decimal]) -> Interval | None:
    """Mean change and its 95% confidence interval; no interval from fewer than two people."""
    n = len(changes)
    if n == 0:
        return None
    mean = sum(changes, Decimal(0)) / n
    if n == 1:
        return Interval(1, mean, None, None, None, None, None)
    variance = sum(((c - mean) ** 2 for c in changes), Decimal(0)) / (n - 1)
    sd = variance.sqrt()
    se = sd / Decimal(n).sqrt()
    t = t_quantile(n - 1)
    return Interval(n, mean, sd, se, t, mean - t * se, mean + t * se)


def summarise(
    people: Iterable[Pair], direction: Direction, threshold: Decimal | None = None
) -> Distance:
    """The cohort's figures from each person's first and latest readings."""
    if threshold is not None and threshold <= 0:
        raise ValueError("A reliable-change threshold must be more than 0")
    result = Distance(direction=direction, threshold=threshold)
    for pair in people:
        if pair.readings < 2:
            result.one_reading += 1
            continue
        result.changes.append(pair.change)
        result.outcomes[outcome(pair.change, direction, threshold)] += 1
    result.interval = paired_interval(result.changes)
    return result


def distance(
    readings: Iterable[Reading], direction: Direction, threshold: Decimal | None = None
) -> Distance:
    """`summarise` from raw readings (person, date, score)."""
    return summarise(pairs(readings), direction, threshold)


# What may be shown -------------------------------------------------------------------------

LABELS = {
    IMPROVED: "Improved",
    STABLE: "Stayed about the same",
    WORSE: "Got worse",
    "one_reading": "One reading only",
}


@dataclass
class Shown:
    """The figures fit to leave the access layer: every count through `joinedup.disclosure`,
    a percentage only beside a count that is shown, the mean only when the counts it rests on
    are all shown (otherwise the mean's presence would say they add up to five or more)."""

    rows: list[dict]
    total: int | str
    counted: int | None
    mean: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    better: str = ""
    threshold: Decimal | None = None
    sentences: list[str] = field(default_factory=list)


def _two(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


#: The mean change is shown for this many times the small-number threshold or more people.
MEAN_FROM = 2


def disclosed(result: Distance, apart: dict[str, int], apart_labels: dict[str, str]) -> Shown:
    """`result` and the people shown apart (by reason) as one table of the cohort's people with
    a reading: improved, stable, worse, one reading only, then each reason for being apart."""
    from joinedup import disclosure

    keys = [*OUTCOMES, "one_reading", *apart]
    cells = [*(result.outcomes[k] for k in OUTCOMES), result.one_reading, *apart.values()]
    shown, total = disclosure.table(cells)
    exact = all(isinstance(s, int) for s in shown[:3])
    counted = sum(shown[:3]) if exact else None
    labels = {**LABELS, **apart_labels}
    rows = []
    for key, n in zip(keys, shown, strict=True):
        percent = None
        if key in OUTCOMES and counted and isinstance(n, int):
            percent = round(100 * Decimal(n) / counted)
        row = {"key": key, "label": labels[key], "count": n, "percent": percent}
        rows.append({**row, "apart": key in apart})
    better = "higher" if result.direction is Direction.HIGHER_IS_BETTER else "lower"
    out = Shown(rows, total, counted, better=better, threshold=result.threshold)
    interval = result.interval
    # A mean over many people reveals nobody, even where one of the three counts behind it is
    # too small to show: it is shown once at least twice the threshold have two readings.
    if interval is not None and sum(result.outcomes.values()) >= MEAN_FROM * disclosure.THRESHOLD:
        out.mean, out.low, out.high = _two(interval.mean), _two(interval.low), _two(interval.high)
    out.sentences = _sentences(out, shown, [labels[k] for k in apart])
    return out


def _points(value: Decimal) -> str:
    return f"{abs(value):.2f} point{'' if abs(value) == 1 else 's'}"


def _sentences(out: Shown, shown: list, apart_labels: list[str]) -> list[str]:
    improved, stable, worse, one = shown[:4]
    if out.counted is None:
        lines = [
            "Some of these counts are too small to show, so the shares improved, stable and "
            "worse are not shown" + ("." if out.mean is not None else ", nor the mean change.")
        ]
    elif out.counted == 0:
        lines = ["Nobody here has two or more readings yet, so there is no change to show."]
    else:
        lines = [
            f"Of {out.counted} people with two or more readings, {improved} improved, "
            f"{stable} stayed about the same and {worse} got worse."
        ]
    if out.mean is not None:
        way = "rose" if out.mean > 0 else "fell" if out.mean < 0 else "did not change"
        text = f"On average their score {way}"
        text += f" by {_points(out.mean)}" if out.mean else ""
        text += f" (95% confidence interval {out.low:+.2f} to {out.high:+.2f}); "
        text += f"on this instrument {out.better} is better."
        lines.append(text)
        if out.low <= 0 <= out.high:
            lines.append("The interval includes no change at all, so the change could be chance.")
    lines.append(f"{one} {'person has' if one == 1 else 'people have'} one reading only.")
    apart = [f"{n} {label.lower()}" for label, n in zip(apart_labels, shown[4:], strict=True)]
    lines.append(
        "Shown apart, not counted as failures: " + ", ".join(apart) + "."
        if apart
        else "Nobody is shown apart."
    )
    return lines
