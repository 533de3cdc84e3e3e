"""Who may see and change commissioning records.

Budgets, contracts, rate cards and decisions are the area's business records: every
commissioner, analyst and administrator reads them, as a provider reads the contracts it is a
party to. Changing one is for the commissioners who pay: the contract's commissioner and, for
a pooled budget, the commissioners who put money in. Claims are made by the providers in the
contract; their lines name people, so only the access layer shows a line's person.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from joinedup.accounts.roles import Role
from joinedup.commissioning.models import Contract, PooledBudget

READERS = {Role.COMMISSIONER, Role.ANALYST, Role.ADMINISTRATOR}
#: Who reads their own organisation's contracts when it is a provider in them.
PARTY_READERS = {Role.PROVIDER_MANAGER, Role.ADMINISTRATOR, Role.ANALYST}


def reads_all(membership) -> bool:
    """Commissioners, analysts and administrators of an organisation that commissions: a
    provider's own analyst or administrator reads only its own contracts."""
    return (
        membership is not None
        and membership.role in READERS
        and membership.organisation.commissions
    )


def commissions(membership) -> bool:
    return (
        membership is not None
        and membership.role == Role.COMMISSIONER
        and membership.organisation.commissions
    )


def reads_contracts(membership) -> bool:
    """Commissioners, analysts, administrators, and provider managers (their own contracts)."""
    return reads_all(membership) or (membership is not None and membership.role in PARTY_READERS)


def contracts_for(membership):
    """The contracts this membership may read."""
    contracts = Contract.objects.all()
    if reads_all(membership):
        return contracts
    if membership is not None and membership.role in PARTY_READERS:
        return contracts.filter(parties__organisation=membership.organisation_id).distinct()
    return contracts.none()


def budgets_for(membership):
    return PooledBudget.objects.all() if reads_all(membership) else PooledBudget.objects.none()


def pays_for(membership, contract: Contract) -> bool:
    """The contract's commissioner, or one who funds its pooled budget."""
    if not commissions(membership):
        return False
    org = membership.organisation_id
    if contract.commissioner_id == org:
        return True
    return bool(
        contract.budget_id and contract.budget.contributions.filter(commissioner=org).exists()
    )


def holds_budget(membership, budget: PooledBudget) -> bool:
    if not commissions(membership):
        return False
    org = membership.organisation_id
    return budget.host_id == org or budget.contributions.filter(commissioner=org).exists()


def party_of(membership, contract: Contract):
    """The membership's organisation's part in the contract, if it has one and may claim."""
    if membership is None or membership.role not in {Role.PROVIDER_MANAGER, Role.ADMINISTRATOR}:
        return None
    return contract.parties.filter(organisation=membership.organisation_id).first()


def require(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionDenied(f"Your role cannot {what}.")


def editable_contracts(membership):
    if not commissions(membership):
        return Contract.objects.none()
    org = membership.organisation_id
    return Contract.objects.filter(
        Q(commissioner=org) | Q(budget__contributions__commissioner=org)
    ).distinct()
