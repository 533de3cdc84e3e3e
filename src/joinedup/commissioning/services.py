"""Changing budgets and contracts: one function per thing a commissioner does. Each checks who
is acting (`access`) and the rules a form cannot see alone (the supply chain adds up, a
learning partnership has no rate card), and refuses with the field and the reason."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from joinedup.commissioning import access, terms
from joinedup.commissioning.models import (
    BreakClause,
    Contract,
    Contribution,
    Exercise,
    Party,
    PooledBudget,
    RateCardOutcome,
)


def create_budget(membership, *, name, purpose, governance) -> PooledBudget:
    access.require(access.commissions(membership), "create a pooled budget")
    return PooledBudget.objects.create(
        name=name,
        purpose=purpose,
        governance=governance,
        host=membership.organisation,
        created_by=membership.user,
    )


def contribute(
    membership, budget: PooledBudget, *, commissioner, year: int, amount
) -> Contribution:
    """Record (or correct) one commissioner's money into the pool for a year, as the pool's
    governance agreed it. Only the commissioner that holds the pool records contributions: a
    contributor may change the contracts the pool funds, so joining is the host's decision,
    never something a commissioner does for itself."""
    access.require(
        access.commissions(membership) and budget.host_id == membership.organisation_id,
        "record contributions to a pool another commissioner holds",
    )
    if not commissioner.commissions:
        raise ValidationError({"commissioner": f"{commissioner} does not commission services"})
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "Amount: enter more than £0"})
    contribution, _ = Contribution.objects.update_or_create(
        budget=budget, commissioner=commissioner, year=year, defaults={"amount": amount}
    )
    return contribution


def _own_pool(membership, fields) -> None:
    budget = fields.get("budget")
    if budget is not None and not access.holds_budget(membership, budget):
        raise ValidationError({"budget": "Only a pool you hold or pay into can fund it"})


def create_exercise(membership, **fields) -> Exercise:
    access.require(access.commissions(membership), "start a commissioning exercise")
    _own_pool(membership, fields)
    return Exercise.objects.create(commissioner=membership.organisation, **fields)


def update_exercise(membership, exercise: Exercise, **fields) -> Exercise:
    access.require(
        access.commissions(membership) and exercise.commissioner_id == membership.organisation_id,
        "change this commissioning exercise",
    )
    _own_pool(membership, fields)
    for name, value in fields.items():
        setattr(exercise, name, value)
    exercise.save()
    return exercise


def check_contract(contract: Contract) -> None:
    """The rules across a contract's fields, each naming the field it is about."""
    errors = {}
    if contract.ends_on and contract.starts_on and contract.ends_on <= contract.starts_on:
        errors["ends_on"] = "The end of the term must be after its start"
    if contract.value is not None and contract.upfront and contract.upfront > contract.value:
        errors["upfront"] = "The up-front payment cannot be more than the contract's value"
    cap, value = contract.outcome_cap, contract.value
    if cap is not None and value is not None and cap > value:
        errors["outcome_cap"] = "The cap on outcome payments cannot be more than the value"
    if contract.mechanism == terms.Mechanism.SIB:
        for name in ("investor", "outcome_payer"):
            if not getattr(contract, name).strip():
                errors[name] = "A social impact bond names its investor and its outcome payer"
    if contract.mechanism == terms.Mechanism.LEARNING and not contract.purposes.strip():
        errors["purposes"] = "A learning partnership says the purposes it agrees instead of targets"
    if contract.delivery == Contract.Delivery.CONSORTIUM and not contract.agreement.strip():
        errors["agreement"] = "A consortium's agreement says who leads and who does what"
    if errors:
        raise ValidationError(errors)


def save_contract(membership, contract: Contract) -> Contract:
    """Create a contract for the membership's organisation, or save changes to one it pays for."""
    if contract.pk is None:
        access.require(access.commissions(membership), "let a contract")
        contract.commissioner = membership.organisation
        contract.created_by = membership.user
    else:
        access.require(access.pays_for(membership, contract), "change this contract")
    if contract.budget_id and not access.holds_budget(membership, contract.budget):
        raise ValidationError({"budget": "Only a pool you hold or pay into can fund a contract"})
    check_contract(contract)
    if contract.pk:
        shared = contract.parties.aggregate(s=Sum("value"))["s"] or Decimal("0")
        if contract.value is not None and contract.value < shared:
            raise ValidationError(
                {
                    "value": f"The providers' shares add up to {terms.pounds(shared)}: the value "
                    "cannot be less"
                }
            )
    if contract.exercise_id and contract.exercise.commissioner_id != contract.commissioner_id:
        raise ValidationError({"exercise": "Choose one of your own commissioning exercises"})
    learning = contract.mechanism == terms.Mechanism.LEARNING
    if contract.pk and learning and contract.rate_card.exists():
        raise ValidationError(
            {"mechanism": "A learning partnership has no targets: remove its rate card first"}
        )
    contract.save()
    return contract


@transaction.atomic
def add_party(membership, contract: Contract, party: Party) -> Party:
    """Add a provider to the supply chain. The parts cannot add up to more than the whole,
    and a contract has one prime or lead."""
    access.require(access.pays_for(membership, contract), "change this contract's supply chain")
    Contract.objects.select_for_update().filter(pk=contract.pk).first()
    party.contract = contract
    errors = {}
    others = contract.parties.exclude(pk=party.pk)
    if others.filter(organisation=party.organisation).exists():
        errors["organisation"] = f"{party.organisation} is already in this contract"
    taken = others.aggregate(s=Sum("value"))["s"] or Decimal("0")
    if party.value is not None and taken + party.value > contract.value:
        room = contract.value - taken
        errors["value"] = (
            f"The parts would add up to more than the contract's value: "
            f"{terms.pounds(room)} is left to share"
        )
    if party.at_risk is not None and party.value is not None and party.at_risk > party.value:
        errors["at_risk"] = "The amount at risk cannot be more than its share of the value"
    if party.tier == Party.Tier.PRIME and others.filter(tier=Party.Tier.PRIME).exists():
        errors["tier"] = "This contract already has its prime or lead provider"
    if party.tier == Party.Tier.SUB and contract.delivery != Contract.Delivery.PRIME:
        errors["tier"] = "Only a contract with a prime provider has sub-contractors"
    if party.tier == Party.Tier.MEMBER and contract.delivery != Contract.Delivery.CONSORTIUM:
        errors["tier"] = "Only a consortium has members"
    if errors:
        raise ValidationError(errors)
    party.save()
    return party


def remove_party(membership, party: Party) -> None:
    access.require(access.pays_for(membership, party.contract), "change this supply chain")
    if party.claims.exists() or party.payments.exists():
        raise ValidationError("A provider with claims or payments stays in the supply chain")
    party.delete()


def add_break(membership, contract: Contract, clause: BreakClause) -> BreakClause:
    access.require(access.pays_for(membership, contract), "change this contract")
    if not contract.starts_on < clause.on <= contract.ends_on:
        raise ValidationError({"on": "A break falls inside the term, after its first day"})
    clause.contract = contract
    clause.save()
    return clause


def add_outcome(membership, contract: Contract, outcome: RateCardOutcome) -> RateCardOutcome:
    access.require(access.pays_for(membership, contract), "change this contract's rate card")
    if contract.mechanism == terms.Mechanism.LEARNING:
        raise ValidationError(
            {"name": "A learning partnership has no targets, so it has no rate card"}
        )
    if contract.exercise_id and contract.exercise.framework_id:
        version = outcome.indicator.version_id_of()
        if version != contract.exercise.framework_id:
            raise ValidationError(
                {"indicator": "Choose an indicator of the exercise's outcome framework version"}
            )
    outcome.contract = contract
    outcome.position = contract.rate_card.count() + 1
    outcome.save()
    return outcome
