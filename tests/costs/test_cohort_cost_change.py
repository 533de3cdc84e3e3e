"""`costs.queries.cohort_cost_change`: the engine on service use recorded in the database."""

from datetime import date
from decimal import Decimal

import pytest

from joinedup.costs import queries
from joinedup.costs.change import ContractError, UnitCost
from joinedup.costs.models import ServiceUseEvent

pytestmark = pytest.mark.django_db

COSTS = [UnitCost("arrest", "criminal_justice", Decimal(500)),
         UnitCost("hostel_night", "housing", Decimal("35.50"))]  # fmt: skip


def use(person, org, kind, day, quantity=1):
    category = "housing" if kind == "hostel_night" else "criminal_justice"
    ServiceUseEvent.objects.create(person=person, organisation=org, kind=kind, category=category,
                                   occurred_on=day, quantity=quantity)  # fmt: skip


def test_it_prices_the_cohort_s_recorded_use_with_the_same_engine(person, owner_org):
    use(person, owner_org, "arrest", date(2024, 2, 1), 2)  # baseline
    use(person, owner_org, "hostel_night", date(2024, 3, 1), 10)  # follow-up
    use(person, owner_org, "arrest", date(2023, 1, 1))  # outside both windows
    result = queries.cohort_cost_change({person.pk: date(2024, 3, 1)}, COSTS, 6)
    assert [row[:4] for row in result.rows()] == [
        ["criminal_justice", Decimal("1000.00"), Decimal("0.00"), Decimal("-1000.00")],
        ["housing", Decimal("0.00"), Decimal("355.00"), Decimal("355.00")],
        ["TOTAL", Decimal("1000.00"), Decimal("355.00"), Decimal("-645.00")],
    ]


def test_an_empty_cohort_gives_zeros_for_every_department():
    result = queries.cohort_cost_change({}, COSTS, 6)
    assert [row[0] for row in result.rows()] == ["criminal_justice", "housing", "TOTAL"]


def test_an_unpriced_kind_in_the_windows_is_refused(person, owner_org):
    use(person, owner_org, "arrest", date(2024, 2, 1))
    with pytest.raises(ContractError):
        queries.cohort_cost_change({person.pk: date(2024, 3, 1)}, COSTS[1:], 6)
