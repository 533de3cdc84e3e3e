"""The caps as arithmetic: whatever the achievements, prices and earlier lines, no outcome is
paid twice, no one past their per-person limit, the contract never past its cap, money exact."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from joinedup.commissioning.caps import Candidate, price

DAY = date(2025, 1, 1)
pennies = st.integers(min_value=1, max_value=500_000).map(lambda p: Decimal(p) / 100)
#: An outcome's limit per person is the outcome's own: outcome 1 once, 2 twice, 3 three times.
candidate = st.tuples(
    st.integers(1, 3),
    st.integers(1, 4),
    st.integers(0, 5).map(lambda d: DAY + timedelta(days=d)),
    pennies,
).map(lambda t: Candidate(t[0], t[1], t[2], t[3], per_person=t[0]))
earlier_line = st.tuples(
    st.integers(1, 3),
    st.integers(1, 4),
    st.integers(0, 5).map(lambda d: DAY + timedelta(days=d)),
    pennies,
)


def test_the_line_that_passes_the_cap_is_paid_up_to_it():
    c = [Candidate(1, p, DAY, Decimal("1500.00"), 1) for p in (1, 2, 3)]
    priced = price(c, [(1, 9, DAY, Decimal("600.00"))], Decimal("2700.00"))
    assert [a for _, a in priced.lines] == [Decimal("1500.00"), Decimal("600.00")]
    assert priced.capped_by_contract == 1


@given(
    st.lists(candidate, max_size=25),
    st.lists(earlier_line, max_size=6),
    st.one_of(st.none(), pennies.map(lambda p: p * 10)),
)
def test_caps_hold_whatever_comes(candidates, earlier, cap):
    priced = price(candidates, earlier, cap)
    limits = {(c.outcome_id, c.person_id): c.per_person for c in candidates}
    counts: dict = {}
    keys = {(o, p, on) for o, p, on, _ in earlier}
    for o, p, _, _ in earlier:
        counts[o, p] = counts.get((o, p), 0) + 1
    before = dict(counts)
    for c, amount in priced.lines:
        assert (c.outcome_id, c.person_id, c.on) not in keys  # never twice
        keys.add((c.outcome_id, c.person_id, c.on))
        counts[c.outcome_id, c.person_id] = counts.get((c.outcome_id, c.person_id), 0) + 1
        assert 0 < amount <= c.price and amount == amount.quantize(Decimal("0.01"))
        if cap is None:
            assert amount == c.price
    for key, n in counts.items():
        if n > before.get(key, 0):  # this claim paid some: within the limit
            assert n <= limits[key]
    new = sum((a for _, a in priced.lines), Decimal("0"))
    spent = sum((a for *_, a in earlier), Decimal("0"))
    if cap is not None and spent <= cap:
        assert spent + new <= cap
    assert len(priced.lines) + priced.already_claimed + priced.capped_per_person + (
        priced.capped_by_contract
    ) == len(candidates)
