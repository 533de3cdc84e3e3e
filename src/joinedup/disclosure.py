"""One rule for small numbers: every count of people that leaves the access layer (a page, a
chart, an export, the API) for someone who may not see the names passes through here.

The threshold is the area's setting `SMALL_NUMBERS_THRESHOLD` (10 unless the area sets it; 5 is
the least an area may choose), read each time, never frozen at import. A count from 1 to one
under the threshold could point at someone, so it is shown as "fewer than 10" (primary
suppression); zero says nothing about anyone and is shown. Where the cells' total is shown or
can be worked out, one hidden cell could be found by subtraction, so the smallest other count
is hidden too, as "10 or more" (secondary suppression). Hiding goes on, smallest shown count
first, until no hidden cell can be pinned to one value from the total and the bounds the words
give ("fewer than 10" is 1 to 9, "10 or more" at least 10). Where even hiding every cell leaves
one pinned, `table` hides the total. `grid` does the same for a table of rows and columns with
its row, column and grand totals, checking every hidden cell against all the totals at once.

Rounding (`SMALL_NUMBERS_ROUND_TO`, off unless set): suppression is decided on the true counts
first; then every count still shown, totals included, is rounded to the nearest multiple (a
count that is not zero never rounds to zero). Rounding only widens what a reader can work out,
so it never undoes suppression; shown cells may then not add up to the shown total, and pages
say so.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings


def threshold() -> int:
    """The area's threshold now (the setting, so tests and areas can change it)."""
    return settings.SMALL_NUMBERS_THRESHOLD


def round_to() -> int:
    """Shown counts are rounded to a multiple of this; 0 means no rounding."""
    return getattr(settings, "SMALL_NUMBERS_ROUND_TO", 0) or 0


def fewer() -> str:
    return f"fewer than {threshold()}"


def or_more() -> str:
    return f"{threshold()} or more"


def __getattr__(name: str):
    """`disclosure.THRESHOLD`, `FEWER` and `OR_MORE` read the setting each time they are used."""
    dynamic = {"THRESHOLD": threshold, "FEWER": fewer, "OR_MORE": or_more}
    if name in dynamic:
        return dynamic[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_small(n: int) -> bool:
    return 0 < n < threshold()


def rounded(n: int) -> int:
    """A shown count as the area's rounding shows it (unchanged without rounding)."""
    base = round_to()
    if not base or not isinstance(n, int) or n == 0:
        return n
    near = int((Decimal(n) / base).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * base
    return near or base


def _rounded_all(values: Sequence[int | str]) -> list[int | str]:
    return [rounded(v) if isinstance(v, int) else v for v in values]


def count(n: int) -> int | str:
    """One count on its own: the number (rounded where the area rounds), or "fewer than 10"."""
    return fewer() if is_small(n) else rounded(n)


def _counts(cells: Sequence[int], total_known: bool) -> list[int | str]:
    """Suppression on the true counts, before any rounding."""
    shown: list[int | str] = [fewer() if is_small(n) else n for n in cells]
    hidden = [i for i, n in enumerate(cells) if is_small(n)]
    if total_known and len(hidden) == 1:
        others = [i for i, n in enumerate(cells) if n and not is_small(n)]
        if others:
            shown[min(others, key=lambda i: cells[i])] = or_more()
    if total_known:
        total = sum(cells)
        while pinned(shown, total):
            others = [i for i, n in enumerate(cells) if n and not is_hidden(shown[i])]
            if not others:
                break  # nothing left to hide: the caller hides the total (see `table`)
            shown[min(others, key=lambda i: cells[i])] = or_more()
    return shown


def counts(cells: Sequence[int], *, total_known: bool = False) -> list[int | str]:
    """A row of counts. With `total_known` (the total is shown, or the cells add up to a
    figure published elsewhere), a lone hidden cell takes the smallest shown count with it."""
    return _rounded_all(_counts(cells, total_known))


def bounds(shown: Sequence[int | str], total: int) -> list[tuple[int, int]]:
    """What someone who knows the total can work out of each cell: its least and greatest value."""
    t = threshold()
    ranges = [
        (1, t - 1) if s == fewer() else (t, total) if s == or_more() else (s, s) for s in shown
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
    the total, itself hidden as "10 or more" where showing it would pin a hidden cell."""
    shown = _counts(cells, total_known=True)
    total = sum(cells)
    if is_small(total):
        return [fewer() if n else 0 for n in cells], fewer()
    return _rounded_all(shown), or_more() if pinned(shown, total) else rounded(total)


def is_hidden(value) -> bool:
    return value in (fewer(), or_more())


def rate(n: int, denominator: int | None, per: int = 1000) -> Decimal | None:
    """`n` per `per` of the denominator, to one decimal place, or None where the count itself
    is hidden (a rate over a known denominator gives the count back) or nothing to divide by."""
    if not denominator or is_small(n):
        return None
    value = Decimal(rounded(n)) * per / Decimal(denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def share(n: int, total: int) -> int | None:
    """`n` as a whole percentage of `total`, or None where either is hidden (a share of a
    shown total gives the count back)."""
    if not total or is_small(n) or is_small(total):
        return None
    return int((Decimal(100 * n) / total).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# Tables of rows and columns -----------------------------------------------------------------


@dataclass
class Grid:
    """A two-way table as it may be shown: each cell, each row's and column's total, and the
    grand total, every one a number or the words."""

    cells: list[list[int | str]]
    rows: list[int | str]
    columns: list[int | str]
    total: int | str
    #: True where even hiding every figure would leave one to be worked out (four cells of 1
    #: in a total "fewer than 5" can each only be 1): then nothing of the table is shown.
    withheld: bool = False


#: Every figure of a withheld table.
WITHHELD = "not shown"


def grid(cells: Sequence[Sequence[int]]) -> Grid:
    """A table of counts with its row, column and grand totals, suppressed together: small
    cells (and small totals) hidden, then further cells hidden, smallest first and beside the
    cell at risk, until no hidden figure can be worked out exactly from everything shown."""
    rows, cols = len(cells), len(cells[0]) if cells else 0
    full = [list(r) + [sum(r)] for r in cells]
    full.append([sum(full[i][j] for i in range(rows)) for j in range(cols + 1)])
    every = [(i, j) for i in range(rows + 1) for j in range(cols + 1)]
    hidden = {c for c in every if is_small(full[c[0]][c[1]])}
    lines = [[(i, j) for j in range(cols + 1)] for i in range(rows + 1)]
    lines += [[(i, j) for i in range(rows + 1)] for j in range(cols + 1)]

    def hide_beside(cell, line=None):
        """Hide one more figure in `line` (a row or column with one hidden figure), or else in
        the at-risk cell's row or column: a cell whose other line already has a hidden
        figure first (it closes a cycle, so fewer go), interior cells before totals, smallest
        first."""
        i, j = cell
        pool = line or [(a, b) for a, b in every if (a == i) != (b == j)]
        choice = [c for c in pool if c not in hidden and full[c[0]][c[1]]]
        choice = choice or [c for c in every if c not in hidden and full[c[0]][c[1]]]
        if not choice:
            return False

        def cost(c):
            a, b = c
            # The cell's line other than the one we are protecting.
            across = (a == i) if line is None else (all(x == a for x, _ in line))
            other = (
                [(x, b) for x in range(rows + 1)] if across else [(a, y) for y in range(cols + 1)]
            )
            closes = any(o in hidden and o != c for o in other)
            return (not closes, a == rows or b == cols, full[a][b])

        hidden.add(min(choice, key=cost))
        return True

    while True:
        # Cheap first: a row or column with one hidden figure gives it away by subtraction.
        lone = next((line for line in lines if sum(c in hidden for c in line) == 1), None)
        if lone is not None:
            cell = next(c for c in lone if c in hidden)
            if not hide_beside(cell, lone):
                break
            continue
        at_risk = _first_pinned(full, hidden, rows, cols)
        if at_risk is None or not hide_beside(at_risk):
            break

    withheld = bool(hidden) and (
        any(sum(c in hidden for c in line) == 1 for line in lines)
        or _first_pinned(full, hidden, rows, cols) is not None
    )

    def shown(i, j):
        n = full[i][j]
        if withheld:
            return WITHHELD
        if (i, j) not in hidden:
            return rounded(n)
        return fewer() if is_small(n) else or_more()

    return Grid(
        withheld=withheld,
        cells=[[shown(i, j) for j in range(cols)] for i in range(rows)],
        rows=[shown(i, cols) for i in range(rows)],
        columns=[shown(rows, j) for j in range(cols)],
        total=shown(rows, cols),
    )


def _first_pinned(full, hidden, rows, cols) -> tuple[int, int] | None:
    """A hidden cell of the bordered table whose value the shown figures fix exactly (its
    least and greatest value, from linear programmes over the row and column sums, whose
    answers are whole numbers for a table like this, are equal), or None."""
    if not hidden:
        return None
    from scipy.optimize import linprog

    order = sorted(hidden)
    index = {c: k for k, c in enumerate(order)}
    t = threshold()
    lines = [[(i, j) for j in range(cols)] + [(i, cols)] for i in range(rows + 1)]
    lines += [[(i, j) for i in range(rows)] + [(rows, j)] for j in range(cols + 1)]
    a_eq, b_eq = [], []
    for line in lines:
        *parts, total = line
        coefficients = [0.0] * len(order)
        constant = 0
        for cell in parts:
            if cell in index:
                coefficients[index[cell]] += 1
            else:
                constant += full[cell[0]][cell[1]]
        if total in index:
            coefficients[index[total]] -= 1
        else:
            constant -= full[total[0]][total[1]]
        if any(coefficients):
            a_eq.append(coefficients)
            b_eq.append(-constant)
    limits = [(1, t - 1) if is_small(full[i][j]) else (t, None) for i, j in order]
    for k, cell in enumerate(order):
        ends = []
        for sign in (1, -1):
            objective = [0.0] * len(order)
            objective[k] = sign
            result = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=limits)
            ends.append(sign * result.fun if result.status == 0 else None)
        low, high = ends
        if low is not None and high is not None and high - low < 0.5:
            return cell
    return None


def in_words() -> dict:
    """The rule as pages say it, from the same settings, so no template writes its own."""
    t = threshold()
    words = {
        "threshold": t,
        "fewer": fewer(),
        "or_more": or_more(),
        "rule": f'Counts from 1 to {t - 1} are shown as "{fewer()}"',
        "secondary": f'another count is hidden as "{or_more()}" where a total would give a '
        "small one away",
        "round_to": round_to(),
        "rounding": (
            f"Counts shown are rounded to the nearest {round_to()}, so they may not add up "
            "to the totals shown."
            if round_to()
            else ""
        ),
    }
    return words


def context(request) -> dict:
    """A template context processor: `small_numbers` on every page."""
    return {"small_numbers": in_words()}
