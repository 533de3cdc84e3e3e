"""Risk along the supply chain, worked by hand on the `pbr` fixture: a £1,000,000 contract over
36 months (April 2026 to March 2029) whose parts are the prime £700,000 (£70,000 on outcomes),
the hostel £200,000 (£40,000) and the small peer mentors £100,000 (£60,000)."""

from decimal import Decimal

from joinedup.commissioning import risk


def test_each_providers_share_at_risk_against_the_cap(pbr):
    rows = {r.party.organisation.name: r for r in risk.supply_chain(pbr)}
    assert rows["Multiple Needs Service"].share == Decimal("0.1000")
    assert rows["Harbour Hostel"].share == Decimal("0.2000")
    assert rows["Second Chance Peer Mentors"].share == Decimal("0.6000")
    # The cap is the area's 20%: at the cap is within it, above it is not.
    assert [r.over_cap for r in rows.values()] == [False, False, True]
    # £60,000 over three years is £20,000 a year, of an income of £180,000: 11.11%.
    mentors = rows["Second Chance Peer Mentors"]
    assert mentors.yearly_at_risk == Decimal("20000.00")
    assert mentors.income_share == Decimal("0.1111")
    assert mentors.small and not rows["Multiple Needs Service"].small


def test_warnings_name_the_small_sub_its_share_and_the_cap(pbr):
    found = risk.warnings(pbr)
    assert (
        "Second Chance Peer Mentors (a small provider with an income of £180,000, "
        "sub-contractor) has 60% of its income from this contract at risk, above the cap of 20%"
    ) in found
    assert any("passes risk down" in w and "Second Chance Peer Mentors has 60%" in w for w in found)
    assert any(
        "puts money at risk for Second Chance Peer Mentors, a small provider" in w for w in found
    )


def test_full_cost_recovery_is_checked_against_the_open_book(pbr):
    # £30,000 a month for 36 months is £1,080,000; the contract pays £1,000,000 (92.6%).
    assert risk.full_cost(pbr) == Decimal("1080000.00")
    assert any("pays 92.6% of the full cost" in w for w in risk.warnings(pbr))
    pbr.monthly_cost = Decimal("25000")
    assert not any("full cost" in w for w in risk.warnings(pbr))


def test_a_contract_within_every_limit_has_no_warnings(pbr):
    pbr.parties.filter(tier="sub").update(at_risk=Decimal("0"))
    pbr.parties.filter(tier="prime").update(at_risk=Decimal("0"))
    pbr.monthly_cost = None
    assert risk.warnings(pbr) == []


def test_a_contract_cap_of_its_own_replaces_the_areas(pbr):
    pbr.max_share_at_risk = Decimal("0.6500")
    assert not any(r.over_cap for r in risk.supply_chain(pbr))


def test_pbr_on_a_small_contract_is_flagged(pbr):
    pbr.value = Decimal("120000")
    assert any("Payment by results on a small contract (£120,000)" in w for w in risk.warnings(pbr))


def test_value_not_shared_among_providers_is_said(pbr):
    pbr.parties.get(tier="prime").delete()
    assert "£700,000 of the value is not yet shared among the providers" in risk.warnings(pbr)
