"""The one rule for small numbers."""

from hypothesis import given
from hypothesis import strategies as st

from joinedup import disclosure


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
    assert (
        words["rule"]
        == f'Counts from 1 to {disclosure.THRESHOLD - 1} are shown as "{disclosure.FEWER}"'
    )
    src = Path(disclosure.__file__).parent
    written = [
        str(p.relative_to(src))
        for p in src.rglob("*.html")
        if "fewer than 5" in p.read_text() or "1 to 4" in p.read_text()
    ]
    assert written == []
