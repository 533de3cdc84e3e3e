"""The synthetic area's tenders: a pipeline at every stage, made through the product's steps,
with the Housing First evaluation worked by hand."""

from decimal import Decimal

import pytest

from joinedup.commissioning import tender_queries as queries
from joinedup.commissioning.tender_models import Tender
from joinedup.synthetic.generator import generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def made():
    """The tenders `generate` loads (through `load_demo_tenders`), in the order made."""
    generate(people=20, seed=42)
    return list(Tender.objects.order_by("id"))


def test_the_pipeline_has_a_tender_at_every_stage(made):
    assert [t.status for t in made] == ["evaluating", "open", "planned", "awarded"]
    floating = Tender.objects.get(title="Floating support for women leaving refuge")
    assert floating.awarded_bid.provider.name == "Safe Harbour Domestic Abuse Service"


def test_the_housing_first_evaluation_is_as_worked_by_hand(made):
    # Lowest price £240,000 (weights 40 / 40 / 20).
    # Women's Centre: 40 x 240/262 = 36.64; quality 40 x (0.40 + 0.35 x 3/5 + 0.25 x 4/5) =
    # 32.40; social value 20 x (0.6 + 0.4 x 4/5) = 18.40; 87.44.
    # Housing First: 40 x 240/285 = 33.68; 40 x (0.4 x 4/5 + 0.35 x 4/5 + 0.25) = 34.00;
    # 20 x (0.6 + 0.4 x 3/5) = 16.80; 84.48. National: 40; 26.80; 9.60; 76.40.
    results = queries.evaluation(made[0])
    assert [(r.bid.provider.name, r.total, r.rank) for r in results] == [
        ("Riverside Women's Centre", Decimal("87.44"), 1),
        ("Riverside Housing First", Decimal("84.48"), 2),
        ("Change Grow Live Riverside", Decimal("76.40"), 3),
    ]
    small = results[0].bid
    assert small.profile_snapshot["small"] is True
    assert queries.below_full_cost(small) == "£18,500"  # priced below its full cost
