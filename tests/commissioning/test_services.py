"""Budgets and contracts change only through their services, which check who is acting and
the rules across fields, naming the field in every refusal."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.commissioning import services
from joinedup.commissioning.models import BreakClause, Contract, Party, RateCardOutcome
from tests.commissioning.conftest import member


def test_a_pool_from_two_departments(claire, housing, adults):
    pool = services.create_budget(member(claire), name="Pool", purpose="P", governance="G")
    assert pool.host == housing
    # The host records each department's money as the pool's board agreed it.
    for who, amount in ((housing, "240000"), (adults, "180000")):
        services.contribute(
            member(claire), pool, commissioner=who, year=2026, amount=Decimal(amount)
        )
    assert sorted(pool.contributions.values_list("amount", flat=True)) == [180000, 240000]
    # Saving again for the same commissioner and year corrects it.
    services.contribute(
        member(claire), pool, commissioner=adults, year=2026, amount=Decimal("150000")
    )
    assert pool.contributions.get(commissioner=adults).amount == Decimal("150000")
    with pytest.raises(ValidationError) as refused:
        services.contribute(
            member(claire), pool, commissioner=adults, year=2027, amount=Decimal("0")
        )
    assert "amount" in refused.value.error_dict


def test_a_commissioner_cannot_join_a_pool_to_take_over_its_contracts(
    claire, ruth, housing, adults, pbr
):
    """Paying into a pool lets a commissioner change the contracts it funds, so only the host
    records contributions: not even £1 of Ruth's own department gets her in."""
    pool = services.create_budget(member(claire), name="Pool", purpose="P", governance="G")
    pbr.budget = pool
    pbr.save()
    for who in (adults, housing):
        with pytest.raises(PermissionDenied):
            services.contribute(
                member(ruth), pool, commissioner=who, year=2026, amount=Decimal("1")
            )
    assert not pool.contributions.exists()
    pbr.title = "Taken over"
    with pytest.raises(PermissionDenied):
        services.save_contract(member(ruth), pbr)


def test_providers_cannot_create_pools_or_contracts(nadia):
    with pytest.raises(PermissionDenied):
        services.create_budget(member(nadia), name="Mine", purpose="P", governance="G")
    contract = Contract(
        reference="X",
        title="X",
        mechanism="block",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
        value=Decimal("1"),
    )
    with pytest.raises(PermissionDenied):
        services.save_contract(member(nadia), contract)
    assert not Contract.objects.exists()


def _contract(**fields):
    values = dict(
        reference="C-1",
        title="T",
        mechanism="block",
        starts_on=date(2026, 4, 1),
        ends_on=date(2029, 3, 31),
        value=Decimal("300000"),
    )
    return Contract(**(values | fields))


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"ends_on": date(2026, 3, 1)}, "ends_on"),
        ({"upfront": Decimal("300000.01")}, "upfront"),
        ({"outcome_cap": Decimal("400000")}, "outcome_cap"),
        ({"mechanism": "sib"}, "investor"),
        ({"mechanism": "learning"}, "purposes"),
        ({"delivery": "consortium"}, "agreement"),
    ],
)
def test_a_contract_is_refused_naming_the_field(claire, fields, field):
    with pytest.raises(ValidationError) as refused:
        services.save_contract(member(claire), _contract(**fields))
    assert field in refused.value.error_dict
    assert not Contract.objects.exists()


def test_the_contract_belongs_to_the_commissioner_who_lets_it(claire, ruth, housing):
    contract = services.save_contract(member(claire), _contract())
    assert contract.commissioner == housing
    contract.title = "Changed by another department"
    with pytest.raises(PermissionDenied):
        services.save_contract(member(ruth), contract)
    assert Contract.objects.get().title == "T"


def test_a_pool_funder_may_change_the_contract_it_funds(claire, ruth, adults):
    pool = services.create_budget(member(claire), name="Pool", purpose="P", governance="G")
    services.contribute(member(claire), pool, commissioner=adults, year=2026, amount=Decimal("1"))
    contract = services.save_contract(member(claire), _contract(budget=pool))
    contract.title = "Agreed at the board"
    services.save_contract(member(ruth), contract)
    assert Contract.objects.get().title == "Agreed at the board"


def test_a_contract_cannot_draw_on_a_pool_its_commissioner_is_not_in(claire, ruth):
    pool = services.create_budget(member(ruth), name="Adults' pool", purpose="P", governance="G")
    with pytest.raises(ValidationError) as refused:
        services.save_contract(member(claire), _contract(budget=pool))
    assert "budget" in refused.value.error_dict


def test_the_supply_chain_cannot_add_up_to_more_than_the_value(claire, pbr, rival):
    with pytest.raises(ValidationError) as refused:
        services.add_party(
            member(claire), pbr, Party(organisation=rival, tier="sub", value=Decimal("0.01"))
        )
    assert refused.value.error_dict["value"][0].messages == [
        "The parts would add up to more than the contract's value: £0 is left to share"
    ]


def test_one_prime_and_tiers_that_fit_the_delivery(claire, pbr, rival):
    pbr.parties.filter(tier="sub").delete()
    with pytest.raises(ValidationError) as refused:
        services.add_party(
            member(claire), pbr, Party(organisation=rival, tier="prime", value=Decimal("1"))
        )
    assert "tier" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.add_party(
            member(claire), pbr, Party(organisation=rival, tier="member", value=Decimal("1"))
        )
    assert refused.value.error_dict["tier"][0].messages == ["Only a consortium has members"]
    services.add_party(
        member(claire), pbr, Party(organisation=rival, tier="sub", value=Decimal("1"))
    )


def test_another_department_cannot_change_the_supply_chain(ruth, pbr, rival):
    with pytest.raises(PermissionDenied):
        services.add_party(
            member(ruth), pbr, Party(organisation=rival, tier="sub", value=Decimal("1"))
        )
    assert pbr.parties.count() == 3


def test_a_break_clause_falls_inside_the_term(claire, pbr):
    with pytest.raises(ValidationError):
        services.add_break(member(claire), pbr, BreakClause(on=date(2030, 1, 1)))
    clause = services.add_break(
        member(claire), pbr, BreakClause(on=date(2028, 3, 31), notice_days=90, remind_days=30)
    )
    # 90 days before 31 March 2028 (a leap year: 31 + 29 + 30 days back) is 1 January.
    assert clause.notice_by == date(2028, 1, 1)
    assert clause.remind_from == date(2027, 12, 2)


def test_a_learning_partnership_has_no_rate_card(claire, pbr, indicator):
    pbr.mechanism = "learning"
    with pytest.raises(ValidationError) as refused:
        services.add_outcome(
            member(claire),
            pbr,
            RateCardOutcome(name="Moved on", indicator=indicator, price=Decimal("1500")),
        )
    assert "no targets" in refused.value.messages[0]
    assert not RateCardOutcome.objects.exists()


def test_rate_card_outcomes_come_from_the_exercises_framework(claire, pbr, indicator):
    outcome = services.add_outcome(
        member(claire),
        pbr,
        RateCardOutcome(name="Moved on", indicator=indicator, price=Decimal("1500")),
    )
    assert outcome.position == 1 and pbr.rate_card.count() == 1


def test_the_value_cannot_fall_below_what_the_providers_share(claire, pbr):
    pbr.value = Decimal("999999.99")
    with pytest.raises(ValidationError) as refused:
        services.save_contract(member(claire), pbr)
    assert "value" in refused.value.error_dict


def test_a_contract_joins_only_its_commissioners_own_exercise(claire, ruth, pbr, adults):
    theirs = services.create_exercise(member(ruth), name="Adults' exercise")
    pbr.exercise = theirs
    with pytest.raises(ValidationError) as refused:
        services.save_contract(member(claire), pbr)
    assert "exercise" in refused.value.error_dict


def test_a_providers_analyst_reads_only_its_own_contracts(pbr, prime, rival):
    from joinedup.accounts.roles import Role
    from joinedup.commissioning import access
    from tests.conftest import make_user

    inside = make_user("in@example.org", prime, Role.ANALYST)
    outside = make_user("out@example.org", rival, Role.ANALYST)
    assert list(access.contracts_for(member(inside))) == [pbr]
    assert not access.contracts_for(member(outside)).exists()
    assert not access.reads_all(member(outside))
