"""Clustering scored pairs into people, without chaining, and choosing the threshold.

Free of Django, like the rest of the engine. A link is accepted on its pairwise probability and
on the cluster it would make: no cluster holds two different valid NHS numbers, two dates of
birth that cannot be the same person's, or two records a reviewer called different. A strong
pair refused for such a conflict is kept (`refused`) so that a reviewer sees it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Pairs below this are never linked by the threshold the data suggests.
LOWEST_THRESHOLD = 0.5
#: ... nor is the threshold set above this.
HIGHEST_THRESHOLD = 0.99


@dataclass(frozen=True)
class Expected:
    """The model's own estimate of its pairwise precision and recall at a threshold."""

    threshold: float
    precision: float
    recall: float

    def as_dict(self) -> dict:
        return {
            "threshold": round(self.threshold, 4),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
        }


def expected_at(probabilities: np.ndarray, threshold: float) -> Expected:
    """If the probabilities are right, the share of linked pairs that are matches (precision)
    and the share of matching scored pairs that are linked (recall)."""
    p = np.asarray(probabilities, dtype="float64")
    linked = p[p >= threshold]
    total = p.sum()
    precision = float(linked.mean()) if len(linked) else 1.0
    # Sums in another order may differ in the last bit: a share is never above 1.
    recall = min(float(linked.sum() / total), 1.0) if total else 1.0
    return Expected(float(threshold), min(precision, 1.0), recall)


def choose_threshold(probabilities: np.ndarray) -> Expected:
    """The threshold with the best expected F1 (from the model's own probabilities), kept
    between LOWEST_THRESHOLD and HIGHEST_THRESHOLD."""
    p = np.sort(np.asarray(probabilities, dtype="float64"))[::-1]
    if len(p) == 0:
        return Expected(HIGHEST_THRESHOLD, 1.0, 1.0)
    true_links = np.cumsum(p)
    false_links = np.cumsum(1 - p)
    f1 = 2 * true_links / (true_links + false_links + p.sum())
    allowed = (p >= LOWEST_THRESHOLD) & (p <= HIGHEST_THRESHOLD)
    if not allowed.any():
        threshold = HIGHEST_THRESHOLD if p[0] > HIGHEST_THRESHOLD else LOWEST_THRESHOLD
    else:
        best = int(np.argmax(np.where(allowed, f1, -1)))
        threshold = float(p[best])
    return expected_at(p, threshold)


def dates_agree(a: str, b: str) -> bool:
    """Whether two dates of birth (ISO) can be one person's: the same, day and month
    swapped, one digit out, or within a month."""
    if a == b:
        return True
    if a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return True
    if sum(x != y for x, y in zip(a, b, strict=False)) <= 1:
        return True
    days = abs((np.datetime64(a) - np.datetime64(b)).astype(int))
    return days <= 31


def cluster(
    n: int,
    pairs: pd.DataFrame,
    threshold: float,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
    nhs: pd.Series | None = None,
    attach_floor: float | None = 0.05,
    attach_max_size: int = 2,
    dob: pd.Series | None = None,
    refused: list | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster records: a cluster label and the best linking probability per record.

    Reviewers' 'same' pairs are joined first; then scored pairs, strongest first, join their
    clusters unless that would put together two records a reviewer called 'different', two
    valid, different NHS numbers or two dates of birth that cannot be one person's. So a split
    is never silently re-merged, however strong a chain of other links may look. Pairs at or
    above the threshold refused for a conflict are appended to `refused` as
    (left, right, probability, reason).
    """
    parent = np.arange(n)
    best = np.zeros(n)
    cannot: dict[int, set[int]] = {}
    for a, b in different:
        cannot.setdefault(a, set()).add(b)
        cannot.setdefault(b, set()).add(a)
    numbers: dict[int, str] = {}
    if nhs is not None:
        numbers = {i: v for i, v in enumerate(nhs) if v}
    dates: dict[int, frozenset[str]] = {}
    own: list = [None] * n
    if dob is not None:
        own = [v if isinstance(v, str) and v else None for v in dob]
        dates = {i: frozenset([v]) for i, v in enumerate(own) if v}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return int(i)

    def conflict(ra: int, rb: int, a: int, b: int, weighed: bool) -> str | None:
        if rb in cannot.get(ra, ()):  # a reviewer's 'different' between the two clusters
            return "a reviewer said different"
        na, nb = numbers.get(ra), numbers.get(rb)
        if na and nb and na != nb:
            return "different NHS numbers"
        da, db = dates.get(ra), dates.get(rb)
        if da and db and da != db and not all(dates_agree(x, y) for x in da for y in db):
            # The pair's own dates the model has weighed (and still found a match): the
            # conflict is allowed when it is that one. A conflict made by a chain of links,
            # between records never compared, is not.
            x, y = own[a], own[b]
            if not (
                weighed
                and x
                and y
                and all(dates_agree(x, d) for d in da)
                and all(dates_agree(y, d) for d in db)
            ):
                return "dates of birth conflict"
        return None

    def join(a: int, b: int, forced: bool, weighed: bool = True) -> str | None:
        """Join the clusters of records a and b; None when joined, else the conflict that
        stopped it. `weighed`: the pair's own score is a link, so the model weighed its dates."""
        ra, rb = root(a), root(b)
        if ra == rb:
            return None
        if not forced:
            reason = conflict(ra, rb, a, b, weighed)
            if reason:
                return reason
        if len(cannot.get(ra, ())) < len(cannot.get(rb, ())):
            ra, rb = rb, ra
        parent[rb] = ra
        # Keep constraints, NHS numbers and dates of birth on the surviving root.
        for other in cannot.pop(rb, set()):
            cannot.setdefault(ra, set()).add(root(other))
            partners = cannot.get(root(other))
            if partners is not None:
                partners.discard(rb)
                partners.add(ra)
        if rb in numbers and ra not in numbers:
            numbers[ra] = numbers[rb]
        if rb in dates:
            dates[ra] = dates.get(ra, frozenset()) | dates.pop(rb)
        return None

    for a, b in same:
        join(a, b, forced=True)
        best[a] = best[b] = 1.0
    strong = pairs[pairs["match_probability"] >= threshold].sort_values(
        "match_probability", ascending=False, kind="stable"
    )
    for a, b, p in zip(
        strong["unique_id_l"].to_numpy(),
        strong["unique_id_r"].to_numpy(),
        strong["match_probability"].to_numpy(),
        strict=True,
    ):
        reason = join(int(a), int(b), forced=False)
        if reason is None:
            best[a] = max(best[a], p)
            best[b] = max(best[b], p)
        elif refused is not None and reason != "a reviewer said different":
            refused.append((int(a), int(b), float(p), reason))
    if attach_floor is not None:
        says_little = lambda x: x not in dates  # noqa: E731
        _attach(
            n, pairs, threshold, attach_floor, attach_max_size, root, join, best, says_little,
            refused,
        )  # fmt: skip
    labels = np.array([root(i) for i in range(n)])
    return labels, best


def _attach(
    n, pairs, threshold, floor, max_size, root, join, best, says_little, refused=None
) -> None:
    """A record (or small cluster) without a date of birth whose only plausible links all lead
    to one cluster joins it: a name-only record of an uncommon person. A cluster that has a
    date of birth has had its say in the pairs' scores."""
    weak = pairs[(pairs["match_probability"] >= floor) & (pairs["match_probability"] < threshold)]
    a_ids = weak["unique_id_l"].to_numpy()
    b_ids = weak["unique_id_r"].to_numpy()
    probs = weak["match_probability"].to_numpy()
    for last in (False, True):
        candidates: dict[int, dict[int, tuple[float, int, int]]] = {}
        for a, b, p in zip(a_ids, b_ids, probs, strict=True):
            ra, rb = root(int(a)), root(int(b))
            if ra == rb:
                continue
            for x, y, i, j in ((ra, rb, a, b), (rb, ra, b, a)):
                seen = candidates.setdefault(x, {})
                if p > seen.get(y, (0.0,))[0]:
                    seen[y] = (float(p), int(i), int(j))
        sizes = np.bincount([root(i) for i in range(n)], minlength=n)
        for x, seen in sorted(candidates.items(), key=lambda kv: sizes[kv[0]]):
            if sizes[x] > max_size or not says_little(x):
                continue
            if len(seen) != 1:
                # Several people could be this record: a reviewer decides, not the order of
                # the pairs.
                if refused is not None and last:
                    for p, i, j in seen.values():
                        refused.append((min(i, j), max(i, j), p, "several people fit"))
                continue
            ((y, (p, i, j)),) = seen.items()
            if (
                root(x) != x
                or root(y) != y
                or len(candidates.get(y, {})) > 1
                and sizes[y] <= max_size
            ):
                continue
            if join(i, j, forced=False, weighed=False) is None:
                best[i] = max(best[i], p)
                best[j] = max(best[j], p)


def review_priority(
    probability: float, threshold: float, size_a: int, size_b: int, conflict: bool
) -> float:
    """How much a reviewer's decision on a pair would change: the pairs of records it would
    link or split (the two clusters' sizes multiplied), weighted by how unsure the model is
    (1 at the threshold, falling to 0 at certainty either way), doubled for a conflict."""
    distance = abs(probability - threshold) / max(threshold, 1 - threshold)
    unsure = max(1.0 - distance, 0.05)
    return size_a * size_b * unsure * (2.0 if conflict else 1.0)
