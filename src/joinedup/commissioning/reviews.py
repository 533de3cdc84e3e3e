"""Reviewing a contract: learning reviews, and decisions that remember the people a service
supports (a decommission or re-tender cannot be recorded without a transition plan)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.commissioning import access, monitoring, queries
from joinedup.commissioning.models import Contract
from joinedup.commissioning.review_models import LearningReview, ReviewDecision


def may_review(membership, contract: Contract) -> bool:
    """The commissioners who pay, and the providers in the contract, hold learning reviews."""
    return (
        access.pays_for(membership, contract) or access.party_of(membership, contract) is not None
    )


def add_learning_review(membership, contract: Contract, review: LearningReview, issues=()):
    access.require(may_review(membership, contract), "record a learning review for this contract")
    if not review.provider_words.strip():
        raise ValidationError({"provider_words": "Write what the provider has learnt"})
    with transaction.atomic():
        review.contract = contract
        review.recorded_by = membership.user
        review.save()
        review.system_issues.set(issues)
    return review


@transaction.atomic
def decide(membership, contract: Contract, decision: ReviewDecision) -> ReviewDecision:
    """Record a review decision with a snapshot of the evidence as it stands today."""
    access.require(access.pays_for(membership, contract), "decide on this contract")
    if decision.decision in ReviewDecision.ENDING and not decision.transition_plan.strip():
        raise ValidationError(
            {
                "transition_plan": "Write the transition plan: the service's people need to know "
                "who will support them before it is decommissioned or re-tendered"
            }
        )
    if not decision.reasons.strip():
        raise ValidationError({"reasons": "Say why, on the evidence"})
    decision.contract = contract
    decision.decided_by = membership.user
    decision.people_supported = queries.people_supported(contract)
    decision.evidence = monitoring.summary(membership.user, contract)
    decision.decided_on = decision.decided_on or timezone.localdate()
    decision.save()
    if decision.decision == ReviewDecision.Decision.DECOMMISSION:
        Contract.objects.filter(pk=contract.pk).update(status=Contract.Status.DECOMMISSIONED)
    return decision
