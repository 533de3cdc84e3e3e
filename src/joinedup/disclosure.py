"""One rule for small numbers: every count of people that leaves the access layer (a page, a
chart, an export, the API) for someone who may not see the names passes through here.

A count from 1 to 4 could point at someone, so it is shown as "fewer than 5" (primary
suppression); zero says nothing about anyone and is shown. Where the cells' total is shown or
can be worked out, one hidden cell could be found by subtraction, so the smallest other count
is hidden too, as "5 or more" (secondary suppression). Hiding goes on, smallest shown count
first, until no hidden cell can be pinned to one value from the total and the bounds the words
give ("fewer than 5" is 1 to 4, "5 or more" at least 5): with cells 1, 5 and 20 of a total of
26, hiding the 1 and the 5 alone would leave 6 between them, which only 1 and 5 make. Where even
hiding every cell leaves one pinned (four people in each of two cells), `table` hides the total.
"""

from collections.abc import Sequence

#: Counts under this are hidden. Five is the usual threshold for health and care statistics.
THRESHOLD = 5

FEWER = f"fewer than {THRESHOLD}"
OR_MORE = f"{THRESHOLD} or more"


def is_small(n: int) -> bool:
    return 0 < n < THRESHOLD


def count(n: int) -> int | str:
    """One count on its own: the number, or "fewer than 5"."""
    return FEWER if is_small(n) else n


def counts(cells: Sequence[int], *, total_known: bool = False) -> list[int | str]:
    """A row of counts. With `total_known` (the total is shown, or the cells add up to a
    figure published elsewhere), a lone hidden cell takes the smallest shown count with it."""
    shown = [count(n) for n in cells]
    hidden = [i for i, n in enumerate(cells) if is_small(n)]
    if total_known and len(hidden) == 1:
        others = [i for i, n in enumerate(cells) if n and not is_small(n)]
        if others:
            shown[min(others, key=lambda i: cells[i])] = OR_MORE
    if total_known:
        total = sum(cells)
        while pinned(shown, total):
            others = [i for i, n in enumerate(cells) if n and not is_hidden(shown[i])]
            if not others:
                break  # nothing left to hide: the caller hides the total (see `table`)
            shown[min(others, key=lambda i: cells[i])] = OR_MORE
    return shown


def bounds(shown: Sequence[int | str], total: int) -> list[tuple[int, int]]:
    """What someone who knows the total can work out of each cell: its least and greatest value."""
    ranges = [
        (1, THRESHOLD - 1) if s == FEWER else (THRESHOLD, total) if s == OR_MORE else (s, s)
        for s in shown
    ]
    low, high = sum(lo for lo, _ in ranges), sum(hi for _, hi in ranges)
    return [(max(lo, total - (high - hi)), min(hi, total - (low - lo))) for lo, hi in ranges]


def pinned(shown: Sequence[int | str], total: int) -> bool:
    """Whether a hidden cell has only one value consistent with the total."""
    return any(
        is_hidden(s) and lo == hi for s, (lo, hi) in zip(shown, bounds(shown, total), strict=True)
    )


def table(cells: Sequence[int]) -> tuple[list[int | str], int | str]:
    """A row of counts shown with its total: the cells as `counts(..., total_known=True)`, and
    the total, itself hidden as "5 or more" where showing it would pin a hidden cell."""
    shown = counts(cells, total_known=True)
    total = sum(cells)
    if is_small(total):
        return [FEWER if n else 0 for n in cells], FEWER
    return shown, OR_MORE if pinned(shown, total) else total


def is_hidden(value) -> bool:
    return value in (FEWER, OR_MORE)


def in_words() -> dict:
    """The rule as pages say it, from the same constants, so no template writes its own."""
    return {
        "threshold": THRESHOLD,
        "fewer": FEWER,
        "or_more": OR_MORE,
        "rule": f'Counts from 1 to {THRESHOLD - 1} are shown as "{FEWER}"',
        "secondary": f'another count is hidden as "{OR_MORE}" where a total would give a '
        "small one away",
    }


def context(request) -> dict:
    """A template context processor: `small_numbers` on every page."""
    return {"small_numbers": in_words()}
