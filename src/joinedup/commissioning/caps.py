"""The caps on a claim, as plain arithmetic (no database): which achievements become lines and
what each is paid, given what earlier claims on the contract already hold.

In order (oldest achievement first), an achievement is left out when the same outcome for the
same person on the same day is already claimed, or the person has already been paid the
outcome `per_person` times; otherwise it is paid its price, or what is left under the
contract's outcome cap if that is less, and left out once nothing is left.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Candidate:
    outcome_id: int
    person_id: int
    on: date
    price: Decimal
    per_person: int
    payload: object = None  # what the caller needs back with the line


@dataclass
class Priced:
    lines: list[tuple[Candidate, Decimal]] = field(default_factory=list)
    already_claimed: int = 0
    capped_per_person: int = 0
    capped_by_contract: int = 0


def price(
    candidates: Iterable[Candidate],
    earlier: Iterable[tuple[int, int, date, Decimal]],
    cap: Decimal | None,
) -> Priced:
    """`earlier` is (outcome id, person id, achieved on, amount) of the lines that already count
    (claims not rejected); `candidates` come in the order they are to be paid."""
    taken: dict[tuple[int, int], int] = {}
    claimed, spent = set(), Decimal("0")
    for outcome_id, person_id, on, amount in earlier:
        taken[outcome_id, person_id] = taken.get((outcome_id, person_id), 0) + 1
        claimed.add((outcome_id, person_id, on))
        spent += amount
    result = Priced()
    for c in candidates:
        key = (c.outcome_id, c.person_id)
        if (*key, c.on) in claimed:
            result.already_claimed += 1
            continue
        if taken.get(key, 0) >= c.per_person:
            result.capped_per_person += 1
            continue
        amount = c.price if cap is None else min(c.price, cap - spent)
        if amount <= 0:
            result.capped_by_contract += 1
            continue
        taken[key] = taken.get(key, 0) + 1
        claimed.add((*key, c.on))
        spent += amount
        result.lines.append((c, amount))
    return result
