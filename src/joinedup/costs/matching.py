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

#: Largest distance (in pooled standard deviations, averaged over features) accepted as a match.
CALIPER = 0.5
WELL_BALANCED = 0.1


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

    def distances(t: Subject) -> np.ndarray:
        grid = grids.get(t.period)
        if grid is None:
            return np.empty(0)
        diff = grid - np.array(t.features, dtype=float) / scale_
        return np.sqrt((diff**2).sum(axis=1) / max(len(scale), 1))

    nearest_first = {id(t): float(distances(t).min(initial=math.inf)) for t in treated}
    order = sorted(treated, key=lambda t: -nearest_first[id(t)])
    taken = {period: np.zeros(len(members), dtype=bool) for period, members in by_period.items()}
    pairs, unmatched = [], []
    for t in order:
        d = distances(t)
        if d.size:
            d = np.where(taken[t.period], np.inf, d)
            n = int(d.argmin())  # the first of equals: the pool's order breaks ties
        if not d.size or d[n] > caliper:
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
