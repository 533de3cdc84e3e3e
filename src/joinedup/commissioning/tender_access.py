"""Who may see and do what in a tender.

- The pipeline and each tender's published terms (what is bought, the weights, the questions,
  the dates) are for every member of the area: advance notice is the point.
- The tender's commissioners (role commissioner in the organisation that lets it) run it:
  change it while it is coming, publish, appoint evaluators, moderate, award or cancel.
- Appointed evaluators see every bid and score those not from an organisation they belong to.
- A provider's managers submit and see their own organisation's bid. No provider sees a
  rival's bid, its answers, its price or its open-book costs: to them it does not exist (404).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from joinedup.accounts.roles import Role
from joinedup.commissioning.access import commissions
from joinedup.commissioning.tender_models import Bid, Tender, TenderEvaluator

#: Roles that may act for a provider in a tender.
BIDDERS = {Role.PROVIDER_MANAGER}
#: Roles that may read their own organisation's bid.
OWN_BID_READERS = {Role.PROVIDER_MANAGER, Role.ADMINISTRATOR}
#: Roles a commissioner may appoint as an evaluator: people who buy and analyse, never a
#: provider's staff (an evaluator sees every bid).
EVALUATOR_ROLES = {Role.COMMISSIONER, Role.ANALYST}


def member(membership) -> None:
    if membership is None:
        raise PermissionDenied("Tenders are for the area's organisations.")


def tenders_for(membership):
    """Every tender: the pipeline is published to the whole area."""
    member(membership)
    return Tender.objects.select_related("commissioner")


def tender_for(membership, tender_id: int) -> Tender:
    tender = tenders_for(membership).filter(pk=tender_id).first()
    if tender is None:
        raise Http404("No such tender.")
    return tender


def runs(membership, tender: Tender) -> bool:
    return commissions(membership) and tender.commissioner_id == membership.organisation_id


def may_start(membership) -> bool:
    return commissions(membership)


def evaluates(user, tender: Tender) -> bool:
    return TenderEvaluator.objects.filter(tender=tender, user=user).exists()


#: Bids are sealed until the tender closes: before that, nobody but the bidder reads one.
UNSEALED = {Tender.Status.EVALUATING, Tender.Status.AWARDED}


def bidders_of(tender: Tender) -> set[int]:
    return set(Bid.objects.filter(tender=tender).values_list("provider_id", flat=True))


def sees_all_bids(membership, user, tender: Tender) -> bool:
    """The tender's commissioners and its evaluators, once it has closed, acting for an
    organisation that commissions, and belonging to no organisation that bid."""
    if membership is None or tender.status not in UNSEALED:
        return False
    if not (
        runs(membership, tender)
        or (commissions_or_analyses(membership) and evaluates(user, tender))
    ):
        return False
    return not (organisations_of(user) & bidders_of(tender))


def commissions_or_analyses(membership) -> bool:
    return (
        membership is not None
        and membership.role in EVALUATOR_ROLES
        and membership.organisation.commissions
    )


def may_bid(membership) -> bool:
    return membership is not None and membership.role in BIDDERS


def organisations_of(user) -> set[int]:
    return set(user.memberships.values_list("organisation_id", flat=True))


def conflicted(user, bid: Bid) -> bool:
    """Whether the user belongs to the organisation that made the bid."""
    return bid.provider_id in organisations_of(user)


def bids_for(membership, user, tender: Tender):
    """The bids of the tender this user may read: all for its commissioners and evaluators,
    their own organisation's for a provider's managers, none for anyone else."""
    bids = Bid.objects.filter(tender=tender).select_related("provider")
    if sees_all_bids(membership, user, tender):
        return bids
    if membership is not None and membership.role in OWN_BID_READERS:
        return bids.filter(provider=membership.organisation_id)
    return bids.none()


def bid_for(membership, user, tender: Tender, bid_id: int) -> Bid:
    """The bid, if this user may read it. A member of the bidding organisation whose role may
    not read bids is told so (403); to everyone else another's bid does not exist (404)."""
    bid = bids_for(membership, user, tender).filter(pk=bid_id).first()
    if bid is not None:
        return bid
    own = membership is not None and Bid.objects.filter(
        pk=bid_id, tender=tender, provider=membership.organisation_id
    )
    if own and own.exists():
        raise PermissionDenied("Your role cannot see your organisation's bids.")
    raise Http404("No such bid.")


def require(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionDenied(f"Only {what}.")
