"""One rule for small numbers: every count of people that leaves the access layer (a page, a
chart, an export, the API) for someone who may not see the names passes through here.

A count from 1 to 4 could point at someone, so it is shown as "fewer than 5" (primary
suppression); zero says nothing about anyone and is shown. Where the cells' total is shown or
can be worked out, one hidden cell could be found by subtraction, so the smallest other count
is hidden too, as "5 or more" (secondary suppression).
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
    return shown


def is_hidden(value) -> bool:
    return value in (FEWER, OR_MORE)
