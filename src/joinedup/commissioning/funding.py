"""Joint funding for one person: a request that needs several budgets, each budget holder's
answer, and how long each took. The request is made by someone who sees the person's record;
budget holders see the case as it was summarised for them, never the record itself."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.commissioning import access, terms
from joinedup.commissioning.review_models import Approval, JointFundingRequest
from joinedup.people import access as people_access


@transaction.atomic
def request(user, membership, person, *, title, summary, shares: dict) -> JointFundingRequest:
    """`shares` maps each budget holder (a commissioning organisation) to its part of the cost;
    the person was read through the access layer by the caller."""
    if not people_access.works_with(user, person):
        raise PermissionDenied("Only someone working with the person may ask for joint funding.")
    shares = {org: amount for org, amount in shares.items() if amount}
    if len(shares) < 2:
        raise ValidationError("Joint funding needs at least two budget holders: give each a share")
    if any(not org.commissions for org in shares):
        raise ValidationError("Each budget holder must be a commissioning organisation")
    funding = JointFundingRequest.objects.create(
        person=person,
        organisation=membership.organisation,
        title=title,
        summary=summary,
        amount=sum(shares.values(), Decimal("0")),
        requested_by=user,
    )
    Approval.objects.bulk_create(
        Approval(request=funding, budget_holder=org, amount=amount)
        for org, amount in shares.items()
    )
    return funding


def answer(membership, approval: Approval, *, approve: bool, reason: str) -> Approval:
    access.require(
        access.commissions(membership) and approval.budget_holder_id == membership.organisation_id,
        "answer for another budget holder",
    )
    if approval.answer != Approval.Answer.WAITING:
        raise ValidationError("This budget holder has already answered")
    if not approve and not reason.strip():
        raise ValidationError({"reason": "Say why the budget cannot pay its share"})
    approval.answer = Approval.Answer.APPROVED if approve else Approval.Answer.DECLINED
    approval.reason = reason.strip()
    approval.answered_at = timezone.now()
    approval.answered_by = membership.user
    approval.save()
    return approval


def visible_to(user, membership):
    """Requests this user may open: their organisation's own, or one it is asked to fund."""
    if membership is None:
        return JointFundingRequest.objects.none()
    org = membership.organisation_id
    found = JointFundingRequest.objects.filter(
        Q(approvals__budget_holder=org) if access.commissions(membership) else Q(pk__in=[])
    )
    if membership.rules.sees_personal_data:
        mine = JointFundingRequest.objects.filter(
            organisation=org, person__in=people_access.persons_visible_to(user)
        )
        found = found | mine
    return found.distinct()


def status(funding: JointFundingRequest) -> str:
    answers = [a.answer for a in funding.approvals.all()]
    if Approval.Answer.DECLINED in answers:
        return "Declined by a budget holder"
    if all(a == Approval.Answer.APPROVED for a in answers):
        return "Approved by every budget holder"
    return "Waiting for budget holders"


def waits(funding: JointFundingRequest, now=None) -> list[dict]:
    """Each budget holder's answer and the days it took (or has waited so far)."""
    now = now or timezone.now()
    rows = []
    for a in funding.approvals.select_related("budget_holder"):
        end = a.answered_at or now
        rows.append(
            {
                "approval": a,
                "days": (end - funding.requested_at).days,
                "answered": a.answered_at is not None,
                "amount": terms.pounds(a.amount),
            }
        )
    return rows
