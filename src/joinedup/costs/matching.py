"""A fair comparison: for each person who had support, the most similar person who did not.

Plain Python, no Django, so the matching behind a credited saving can be checked on its own.
Each person is described by a few numbers measured over the same baseline window (their number
of needs, NDT score where known, what their service use cost each department); people are
compared within the same index period (the quarter support started), so both sides are measured
over the same months. Matching is greedy nearest-neighbour, one to one, without replacement, on
distances in standard-deviation units, with a caliper: a supported person with nobody within
the caliper stays unmatched and is reported, never paired with a poor match. The balance table
shows the standardised mean difference of every feature before and after matching; by the usual
rule of thumb, under 0.1 is well balanced and over 0.25 is not.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree

#: Largest distance (in pooled standard deviations, averaged over features) accepted as a match.
CALIPER = 0.5
WELL_BALANCED = 0.1
#: How many nearest pool rows a tree finds for each treated subject before any is taken.
NEAREST = 16
#: Relative margin between the tree's arithmetic and `distances`' (both exact to ~1e-15).
SLACK = 1e-9


@dataclass(frozen=True)
class Subject:
    """One person at one index period: who, when (a key such as the quarter), and features."""

    person_id: Hashable
    period: Hashable
    features: tuple[float, ...]


@dataclass(frozen=True)
class Balance:
    feature: str
    treated_mean: float
    pool_mean: float
    matched_mean: float
    smd_before: float
    smd_after: float

    @property
    def balanced(self) -> bool:
        return abs(self.smd_after) < WELL_BALANCED


@dataclass
class Matching:
    pairs: list[tuple[Subject, Subject]]
    unmatched: list[Subject]
    balance: list[Balance] = field(default_factory=list)

    @property
    def matched_share(self) -> float:
        n = len(self.pairs) + len(self.unmatched)
        return len(self.pairs) / n if n else 0.0


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _sd(values: Sequence[float]) -> float:
    if len(values) < 2:
        return 0.0
    m = _mean(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


def smd(a: Sequence[float], b: Sequence[float]) -> float:
    """Standardised mean difference: (mean a - mean b) / pooled SD; 0 when both are constant."""
    pooled = math.sqrt((_sd(a) ** 2 + _sd(b) ** 2) / 2)
    if pooled == 0:
        return 0.0
    return (_mean(a) - _mean(b)) / pooled


def match(
    treated: Sequence[Subject],
    pool: Sequence[Subject],
    names: Sequence[str],
    caliper: float = CALIPER,
) -> Matching:
    """Pair each treated subject with its nearest unused pool subject of the same period.

    The hardest to match go first (those whose nearest candidate is furthest), so an easy
    subject does not take the only candidate a hard one had. Ties break on the pool's order,
    so the result is reproducible. A pool subject who is also treated is never used.
    """
    treated_ids = {t.person_id for t in treated}
    pool = [p for p in pool if p.person_id not in treated_ids]
    scale = []
    for i in range(len(names)):
        values = [s.features[i] for s in (*treated, *pool)]
        scale.append(_sd(values) or 1.0)

    by_period: dict[Hashable, list[Subject]] = {}
    for p in pool:
        by_period.setdefault(p.period, []).append(p)
    scale_ = np.array(scale)
    grids = {
        period: np.array([p.features for p in members], dtype=float) / scale_
        for period, members in by_period.items()
    }
    trees = {period: cKDTree(grid) for period, grid in grids.items()}
    count = max(len(scale), 1)

    def distances(t: Subject, rows=None) -> np.ndarray:
        """Distances from t to the period's pool (or to its `rows`), always this arithmetic."""
        grid = grids.get(t.period)
        if grid is None:
            return np.empty(0)
        if rows is not None:
            grid = grid[rows]
        diff = grid - np.array(t.features, dtype=float) / scale_
        return np.sqrt((diff**2).sum(axis=1) / count)

    def nearest(t: Subject, k: int = NEAREST) -> tuple[np.ndarray, np.ndarray]:
        """The pool rows nearest t, closest first and in pool order among equals, with their
        distances: every row nearer than any row left out, so the first of them not yet taken
        is the nearest not yet taken (a tree finds them; the distances are `distances`')."""
        tree = trees.get(t.period)
        if tree is None:
            return np.empty(0, dtype=int), np.empty(0)
        point = np.array(t.features, dtype=float) / scale_
        k = min(k, tree.n)
        reach = np.atleast_1d(tree.query(point, k)[0])[-1]
        rows = np.array(
            sorted(tree.query_ball_point(point, reach * (1 + SLACK) + SLACK)), dtype=int
        )
        d = distances(t, rows)
        keep = d <= reach / math.sqrt(count) * (1 - SLACK)  # nothing left out is nearer
        rows, d = rows[keep], d[keep]
        order = np.lexsort((rows, d))
        return rows[order], d[order]

    candidates = {id(t): nearest(t) for t in treated}

    def nearest_first(t: Subject) -> float:
        rows, d = candidates[id(t)]
        return float(d[0]) if d.size else float(distances(t).min(initial=math.inf))

    first = {id(t): nearest_first(t) for t in treated}
    order = sorted(treated, key=lambda t: -first[id(t)])
    taken = {period: np.zeros(len(members), dtype=bool) for period, members in by_period.items()}
    pairs, unmatched = [], []
    for t in order:
        rows, d = candidates[id(t)]
        free = np.flatnonzero(~taken[t.period][rows]) if rows.size else rows
        reach = NEAREST
        while not free.size and reach < len(taken.get(t.period, ())):
            reach *= 8  # every near one taken: look further
            rows, d = nearest(t, reach)
            free = np.flatnonzero(~taken[t.period][rows]) if rows.size else rows
        if free.size:
            n, distance = int(rows[free[0]]), float(d[free[0]])
        else:  # still none: the whole pool, as if there were no tree
            d = distances(t)
            if d.size:
                d = np.where(taken[t.period], np.inf, d)
                n = int(d.argmin())  # the first of equals: the pool's order breaks ties
            distance = float(d[n]) if d.size else math.inf
        if distance > caliper:
            unmatched.append(t)
            continue
        taken[t.period][n] = True
        pairs.append((t, by_period[t.period][n]))
    result = Matching(pairs, unmatched)
    result.balance = balance(treated, pool, [p for _, p in pairs], names, [t for t, _ in pairs])
    return result


def balance(
    treated: Sequence[Subject],
    pool: Sequence[Subject],
    matched: Sequence[Subject],
    names: Sequence[str],
    matched_treated: Sequence[Subject] | None = None,
) -> list[Balance]:
    """Each feature's means and standardised differences, before and after matching."""
    matched_treated = treated if matched_treated is None else matched_treated
    rows = []
    for i, name in enumerate(names):
        t = [s.features[i] for s in treated]
        p = [s.features[i] for s in pool]
        mt = [s.features[i] for s in matched_treated]
        m = [s.features[i] for s in matched]
        rows.append(Balance(name, _mean(t), _mean(p), _mean(m), smd(t, p), smd(mt, m)))
    return rows
