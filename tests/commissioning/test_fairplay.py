"""Fair play on a small hand-made contract: need side by side, readings bunched at a
threshold, the other agencies behind claimed outcomes, spend by sector, size and tier, and
the warning for payment on outcomes on the small."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from joinedup.commissioning import fairplay
from joinedup.commissioning.claim_models import Claim, ClaimLine, Payment
from joinedup.commissioning.models import ProviderProfile
from joinedup.plans.models import PlanStep, SupportPlan
from joinedup.referrals.models import Panel, ProfileVersion, Referral, ReferralShare
from tests.commissioning import claims_area as area

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(owner_org):
    council = area.commissioner_org()
    c = area.contract(council, owner_org)
    area.rate(c, area.indicator(council))
    return c


def _claim(contract, status=Claim.Status.SUBMITTED, period=area.H1):
    return Claim.objects.create(
        contract=contract,
        party=contract.parties.get(),
        period_start=period[0],
        period_end=period[1],
        status=status,
    )


def _line(claim, person, evidence=None, on=date(2025, 3, 1), amount="1500.00"):
    return ClaimLine.objects.create(
        claim=claim,
        outcome=claim.contract.rate_card.get(),
        person=person,
        achieved_on=on,
        amount=Decimal(amount),
        evidence=evidence if evidence is not None else [{"kind": "reading", "id": 1}],
    )


def _refer(person, organisation, on):
    panel = Panel.objects.get_or_create(name="Panel", defaults={"host": organisation})[0]
    profile = ProfileVersion.objects.create(
        person=person, number=1, what_is_happening="-", what_matters="-"
    )
    referral = Referral.objects.create(
        person=person,
        panel=panel,
        profile=profile,
        received_at=datetime(on.year, on.month, on.day, 12, tzinfo=UTC),
    )
    ReferralShare.objects.create(referral=referral, organisation=organisation, profile=profile)


def test_need_side_by_side_shows_lower_need_claimed_for(contract, owner_org):
    """Twelve people taken on in 2025 with NDT 20 to 24 (five, all claimed for) and 35 to 41
    (seven, none claimed for); two referred in 2025 with NDT 30 and 44 at referral."""
    claim = _claim(contract)
    for score in [20, 21, 22, 23, 24, 35, 36, 37, 38, 39, 40, 41]:
        p = area.served_person(owner_org, f"P{score}", started=date(2025, 2, 1))
        area.reading(p, date(2025, 1, 20), score)
        area.reading(p, date(2025, 6, 1), 10)  # later readings do not change need on entry
        if score < 30:
            _line(claim, p)
    for score, day in [(30, date(2025, 4, 1)), (44, date(2025, 5, 1))]:
        p = area.served_person(area.commissioner_org(f"Elsewhere {score}"), f"R{score}")
        area.reading(p, day, score)
        _refer(p, owner_org, day)
    referred, taken, claimed = fairplay.need_side_by_side(contract)
    assert (referred["people"], referred["median"]) == ("fewer than 5", None)
    assert taken["people"] == 12 and taken["median"] == Decimal("35.5")
    # bands under 20, 20-29, 30-39, 40+: 0, 5, 5, 2; the 2 is hidden, so one 5 goes too
    assert taken["bands"] == [0, "5 or more", 5, "fewer than 5"] and taken["no_reading"] == 0
    assert (claimed["people"], claimed["median"], claimed["bands"]) == (
        5,
        Decimal(22),
        [0, 5, 0, 0],
    )
    sentence = fairplay.need_sentence([referred, taken, claimed])
    assert "median NDT of 22 on entry, against 35.5" in sentence and "creaming" in sentence


def _paying(value, level=29):
    return [{"kind": "reading", "id": 1, "value": f"{value}.00", "level": str(level)}]


def test_readings_bunched_just_past_the_level_are_flagged(contract, owner_org):
    """Level 29, at or below. Readings 29, 29, 29, 29, 28, 28 (six just past) against 27, 25,
    24 (three two to five past) and 10 (more than five past): 6 > 3, ten lines: flagged."""
    claim = _claim(contract)
    for i, value in enumerate([29, 29, 29, 29, 28, 28, 27, 25, 24, 10]):
        _line(claim, area.served_person(owner_org, f"P{i}"), _paying(value))
    (b,) = fairplay.bunching(contract)
    assert b["flagged"] and b["lines"] == 10
    # four at the level, two one past, three two to five past, one beyond: each small
    assert b["cells"] == ["fewer than 5"] * 4


def test_an_even_spread_is_not_flagged(contract, owner_org):
    claim = _claim(contract)
    for i, value in enumerate([29, 28, 27, 27, 26, 26, 25, 25, 24, 24]):
        _line(claim, area.served_person(owner_org, f"P{i}"), _paying(value))
    (b,) = fairplay.bunching(contract)
    assert not b["flagged"]
    # one at the level, one past, eight two to five past: the 8 would give the two 1s away
    assert b["cells"] == ["fewer than 5", "fewer than 5", "5 or more", 0] and b["lines"] == 10


def test_rejected_claims_do_not_count(contract, owner_org):
    claim = _claim(contract, Claim.Status.REJECTED)
    for i in range(10):
        _line(claim, area.served_person(owner_org, f"P{i}"), _paying(29))
    assert not fairplay.bunching(contract)[0]["flagged"]


def test_other_agencies_behind_each_claimed_outcome(contract, owner_org, other_org):
    """Ann had a police step done in the period and one after it; Bea's own provider did hers;
    Cy's line is paid on a step the police did."""
    claim = _claim(contract)
    ann, bea, cy = (area.served_person(owner_org, n) for n in ("Ann", "Bea", "Cy"))
    for person, owner, day in [
        (ann, other_org, date(2025, 2, 1)),
        (ann, other_org, date(2025, 8, 1)),
        (bea, owner_org, date(2025, 2, 1)),
    ]:
        plan = SupportPlan.objects.get_or_create(person=person)[0]
        PlanStep.objects.create(
            plan=plan,
            position=1,
            area="housing",
            title="A step",
            status="done",
            done_on=day,
            owner=owner,
        )
    _line(claim, ann)
    _line(claim, bea)
    _line(claim, cy, [{"kind": "plan_step", "id": 9, "owner": other_org.pk}])
    (row,) = fairplay.agencies_behind(contract)
    assert row["agencies"] == [{"name": other_org.name, "lines": "fewer than 5"}]
    assert row["others_step"] == "fewer than 5" and row["lines"] == "fewer than 5"


def test_spend_by_sector_size_and_tier(contract, owner_org, other_org):
    ProviderProfile.objects.create(
        organisation=owner_org, annual_income=Decimal("400000"), accounts_year=2024
    )
    sub = contract.parties.create(
        organisation=other_org, tier="sub", value=Decimal("100000"), at_risk=Decimal("0")
    )
    prime = contract.parties.get(tier="prime")
    Payment.objects.create(
        contract=contract,
        party=prime,
        kind="instalment",
        paid_on=date(2025, 2, 1),
        amount=Decimal("3000.10"),
    )
    Payment.objects.create(
        contract=contract,
        party=sub,
        kind="instalment",
        paid_on=date(2025, 2, 1),
        amount=Decimal("1000.00"),
    )
    spend = fairplay.spend([contract])
    assert spend["total"] == Decimal("4000.10")
    assert spend["sector"] == [
        {"name": "Social (voluntary and community)", "amount": Decimal("3000.10"), "share": "75%"},
        {"name": "Public", "amount": Decimal("1000.00"), "share": "25%"},
    ]
    assert [r["name"] for r in spend["size"]] == [
        "Medium (£100,000 to £1 million)",
        "No provider profile",
    ]
    assert [r["name"] for r in spend["tier"]] == ["Prime or lead provider", "Sub-contractor"]


def test_payment_by_results_on_the_small_is_warned(contract, owner_org):
    assert fairplay.pbr_warnings(contract) == []  # £500,000, no profile
    ProviderProfile.objects.create(
        organisation=owner_org, annual_income=Decimal("90000"), accounts_year=2024
    )
    (warning,) = fairplay.pbr_warnings(contract)
    assert "small provider (Small (£10,000 to £100,000))" in warning
    contract.value = Decimal("100000")
    contract.save()
    assert len(fairplay.pbr_warnings(contract)) == 2
    contract.mechanism = "block"
    assert fairplay.pbr_warnings(contract) == []
