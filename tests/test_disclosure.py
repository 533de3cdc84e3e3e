"""The one rule for small numbers."""

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from joinedup import disclosure

#: The examples below were worked for an area that set the threshold at 5.
five = override_settings(SMALL_NUMBERS_THRESHOLD=5, SMALL_NUMBERS_ROUND_TO=0)


@pytest.fixture(autouse=True)
def _threshold_five():
    with five:
        yield


def test_it_hides_counts_of_one_to_four_and_shows_zero_and_five():
    assert [disclosure.count(n) for n in (0, 1, 4, 5, 12)] == [
        0,
        "fewer than 5",
        "fewer than 5",
        5,
        12,
    ]


def test_it_hides_the_smallest_other_count_when_the_total_would_give_one_away():
    assert disclosure.counts([3, 9, 6, 0], total_known=True) == [
        "fewer than 5",
        9,
        "5 or more",
        0,
    ]
    assert disclosure.counts([3, 9, 6, 0]) == ["fewer than 5", 9, 6, 0]
    assert disclosure.counts([3, 2, 9], total_known=True) == ["fewer than 5", "fewer than 5", 9]


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8))
def test_no_hidden_count_can_be_worked_out_from_the_total(cells):
    shown = disclosure.counts(cells, total_known=True)
    hidden = [n for n, s in zip(cells, shown, strict=True) if disclosure.is_hidden(s)]
    assert all(isinstance(s, int) == (not disclosure.is_hidden(s)) for s in shown)
    assert not any(1 <= s <= 4 for s in shown if isinstance(s, int))
    small = [i for i, n in enumerate(cells) if disclosure.is_small(n)]
    if small and any(n and i not in small for i, n in enumerate(cells)):
        # With the total known, subtraction gives only the hidden cells' sum: at least two.
        assert len(hidden) >= 2


def test_it_keeps_hiding_while_the_total_would_pin_a_hidden_count():
    # Hiding only the 1 and the 5 of a total of 26 leaves 6 between them: only 1 and 5 make 6.
    assert disclosure.counts([1, 5, 20], total_known=True) == [
        "fewer than 5",
        "5 or more",
        "5 or more",
    ]
    assert disclosure.pinned(["fewer than 5", "5 or more", 20], 26)
    assert not disclosure.pinned(["fewer than 5", "5 or more", "5 or more"], 26)


def test_a_table_hides_its_total_when_nothing_else_would_do():
    # Four and four of eight: with the total shown, both could only be 4.
    assert disclosure.table([4, 4, 0]) == (["fewer than 5", "fewer than 5", 0], "5 or more")
    assert disclosure.table([3, 9, 6]) == (["fewer than 5", 9, "5 or more"], 18)
    assert disclosure.table([2, 0]) == (["fewer than 5", 0], "fewer than 5")


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8))
def test_no_hidden_count_of_a_table_is_pinned_by_its_total(cells):
    shown, total = disclosure.table(cells)
    if isinstance(total, int):
        assert total == sum(cells)
        assert not disclosure.pinned(shown, total)


def test_pages_say_the_rule_from_its_constants():
    """No template writes its own small-number wording: they read `small_numbers`."""
    from pathlib import Path

    words = disclosure.in_words()
    assert words["rule"] == 'Counts from 1 to 4 are shown as "fewer than 5"'
    assert disclosure.THRESHOLD == 5 and disclosure.FEWER == "fewer than 5"
    src = Path(disclosure.__file__).parent
    written = [
        str(p.relative_to(src))
        for p in src.rglob("*.html")
        if any(w in p.read_text() for w in ("fewer than 5", "1 to 4", "fewer than 10", "1 to 9"))
    ]
    assert written == []


def test_the_product_default_is_ten_and_the_area_can_set_five(settings):
    from joinedup import settings as product

    assert product.SMALL_NUMBERS_THRESHOLD == 10  # not set in the environment of the tests
    settings.SMALL_NUMBERS_THRESHOLD = 10
    assert [disclosure.count(n) for n in (0, 5, 9, 10)] == [0, "fewer than 10", "fewer than 10", 10]
    assert disclosure.in_words()["fewer"] == "fewer than 10"
    settings.SMALL_NUMBERS_THRESHOLD = 5
    assert disclosure.count(5) == 5 and disclosure.FEWER == "fewer than 5"


def test_rounding_comes_after_suppression_and_never_reveals_a_small_count(settings):
    settings.SMALL_NUMBERS_ROUND_TO = 5
    assert [disclosure.count(n) for n in (0, 3, 5, 7, 8, 12, 13)] == [
        0,
        "fewer than 5",
        5,
        5,
        10,
        10,
        15,
    ]
    # Suppression is worked on the true counts; the total is rounded on its own.
    assert disclosure.table([3, 9, 6]) == (["fewer than 5", 10, "5 or more"], 20)
    assert "rounded to the nearest 5" in disclosure.in_words()["rounding"]


def test_a_rate_or_share_is_hidden_with_its_count():
    assert disclosure.rate(4, 1000) is None
    assert str(disclosure.rate(12, 9800)) == "1.2"
    assert disclosure.share(4, 50) is None and disclosure.share(10, 40) == 25


def test_a_grid_hides_a_small_cell_and_enough_others_across_rows_and_columns():
    shown = disclosure.grid([[3, 20, 30], [15, 25, 40]])
    assert shown.cells[0][0] == "fewer than 5"
    # Its row and its column each lose another figure, else subtraction gives the 3 back.
    assert disclosure.is_hidden(shown.cells[0][1]) or disclosure.is_hidden(shown.rows[0])
    assert disclosure.is_hidden(shown.cells[1][0]) or disclosure.is_hidden(shown.columns[0])
    assert shown.total == 133


def test_a_grid_that_cannot_be_protected_is_withheld_whole():
    # Four people, one in each row: "fewer than 5" everywhere still says each is 1.
    shown = disclosure.grid([[1], [1], [1], [1]])
    assert shown.withheld and shown.total == "not shown" and shown.cells[0] == ["not shown"]
    assert not disclosure.grid([[1], [30], [40]]).withheld


def _interval(shown: disclosure.Grid, i: int, j: int, t: int) -> tuple[float, float]:
    """What a reader can work out of one hidden figure from everything shown: its least and
    greatest value under the row and column sums (worked here, apart from the product's code)."""
    from scipy.optimize import linprog

    rows, cols = len(shown.cells), len(shown.cells[0])
    full = [list(r) + [shown.rows[k]] for k, r in enumerate(shown.cells)]
    full.append([*shown.columns, shown.total])
    unknown = [
        (a, b) for a in range(rows + 1) for b in range(cols + 1) if isinstance(full[a][b], str)
    ]
    at = {c: k for k, c in enumerate(unknown)}
    equations = []
    for a in range(rows + 1):
        equations.append([(a, b) for b in range(cols)] + [(a, cols)])
    for b in range(cols + 1):
        equations.append([(a, b) for a in range(rows)] + [(rows, b)])
    a_eq, b_eq = [], []
    for eq in equations:
        *parts, total = eq
        row, rhs = [0.0] * len(unknown), 0.0
        for cell in parts:
            if cell in at:
                row[at[cell]] += 1
            else:
                rhs -= full[cell[0]][cell[1]]
        if total in at:
            row[at[total]] -= 1
        else:
            rhs += full[total[0]][total[1]]
        a_eq.append(row)
        b_eq.append(rhs)
    limits = [(1, t - 1) if full[a][b].startswith("fewer") else (t, None) for a, b in unknown]
    k = at[(i, j)]
    ends = []
    for sign in (1, -1):
        c = [0.0] * len(unknown)
        c[k] = sign
        result = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=limits)
        assert result.status in (0, 3)  # the true table is always a solution; 3: no limit
        ends.append(sign * result.fun if result.status == 0 else -sign * float("inf"))
    return ends[0], ends[1]


@hypothesis_settings(deadline=None, max_examples=150)
@given(
    st.integers(min_value=1, max_value=4).flatmap(
        lambda rows: st.integers(min_value=1, max_value=4).flatmap(
            lambda cols: st.lists(
                st.lists(
                    st.one_of(st.integers(0, 12), st.integers(0, 60)), min_size=cols, max_size=cols
                ),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_no_hidden_figure_of_any_grid_can_be_pinned_from_the_shown_cells_and_totals(cells):
    t = disclosure.threshold()
    shown = disclosure.grid(cells)
    rows, cols = len(cells), len(cells[0])
    figures = [(i, j, shown.cells[i][j], cells[i][j]) for i in range(rows) for j in range(cols)]
    figures += [(i, cols, shown.rows[i], sum(cells[i])) for i in range(rows)]
    figures += [(rows, j, shown.columns[j], sum(r[j] for r in cells)) for j in range(cols)]
    figures.append((rows, cols, shown.total, sum(map(sum, cells))))
    if shown.withheld:  # nothing of the table is shown: nothing can be worked out
        assert all(value == disclosure.WITHHELD for _, _, value, _ in figures)
        return
    for i, j, value, true in figures:
        if isinstance(value, int):
            assert value == true and not 0 < value < t  # shown figures are true and not small
        else:
            assert value == ("fewer than 5" if 0 < true < t else "5 or more")
            low, high = _interval(shown, i, j, t)
            assert high - low >= 0.5, (cells, shown, (i, j))
