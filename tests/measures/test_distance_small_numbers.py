"""Small numbers in distance travelled: whatever the cohort's size and make-up, nothing shown
lets a hidden count be worked out, and no share or mean rests on a hidden count."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup import disclosure
from joinedup.measures import distance
from joinedup.measures.distance import Direction

pytestmark = pytest.mark.usefixtures("threshold_five")  # worked for a threshold of 5

APART = {"on_hold": "On hold", "in_custody": "In custody", "died": "Died"}


def cohort(improved, stable, worse, one_reading):
    """A cohort where lower is better: improvers fell 3 points, the stable 0, the worse rose 2."""
    changes = [Decimal(-3)] * improved + [Decimal(0)] * stable + [Decimal(2)] * worse
    result = distance.Distance(
        direction=Direction.LOWER_IS_BETTER,
        threshold=None,
        outcomes={"improved": improved, "stable": stable, "worse": worse},
        one_reading=one_reading,
        changes=changes,
    )
    result.interval = distance.paired_interval(changes)
    return result


cells = st.integers(min_value=0, max_value=30)


@settings(deadline=None, max_examples=400)
@given(cells, cells, cells, cells, cells, cells, cells)
def test_no_hidden_count_can_be_worked_out_from_what_is_shown(i, s, w, one, hold, custody, died):
    apart = dict(zip(APART, (hold, custody, died), strict=True))
    shown = distance.disclosed(cohort(i, s, w, one), apart, APART)
    counts = [r["count"] for r in shown.rows]
    true = [i, s, w, one, hold, custody, died]
    for n, c in zip(true, counts, strict=True):
        assert c == n or disclosure.is_hidden(c)
        assert not disclosure.is_small(n) or disclosure.is_hidden(c)
    if isinstance(shown.total, int):
        assert shown.total == sum(true)
        for c, (low, high) in zip(counts, disclosure.bounds(counts, shown.total), strict=True):
            assert not disclosure.is_hidden(c) or low < high, (true, counts)
    else:
        assert disclosure.is_hidden(shown.total)
    # Shares rest only on counts that are shown: the number of people behind them is then the
    # sum of shown figures, and says nothing new. A mean needs twice the threshold behind it.
    if shown.counted is None:
        assert all(r["percent"] is None for r in shown.rows)
    else:
        assert shown.counted == i + s + w
        assert all(isinstance(c, int) for c in counts[:3])
    for row in shown.rows:
        if row["percent"] is not None:
            assert isinstance(row["count"], int)
    if shown.mean is not None:
        assert i + s + w >= distance.MEAN_FROM * disclosure.THRESHOLD


def test_the_sentences_say_the_numbers_behind_every_share():
    shown = distance.disclosed(cohort(30, 10, 8, 6), {"on_hold": 0, "died": 5}, APART)
    assert shown.sentences[0] == (
        "Of 48 people with two or more readings, 30 improved, 10 stayed about the same "
        "and 8 got worse."
    )
    assert [r["percent"] for r in shown.rows[:3]] == [62, 21, 17]
    assert "fell by" in shown.sentences[1] and "lower is better" in shown.sentences[1]
    assert shown.sentences[-1] == "Shown apart, not counted as failures: 0 on hold, 5 died."


def test_a_small_cell_hides_the_shares_but_not_a_mean_over_many_people():
    shown = distance.disclosed(cohort(30, 3, 8, 6), {"on_hold": 0}, APART)
    assert shown.rows[1]["count"] == disclosure.FEWER
    assert shown.counted is None and shown.mean is not None
    assert shown.sentences[0].startswith("Some of these counts are too small to show")
    assert "fell by" in shown.sentences[1]


def test_a_mean_over_few_people_is_not_shown():
    shown = distance.disclosed(cohort(5, 0, 4, 0), {}, APART)
    assert shown.mean is None and "nor the mean change" in shown.sentences[0]
