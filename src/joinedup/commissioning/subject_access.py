"""Commissioning's records about a person, for a subject access request and for anonymising:
the outcomes a provider claimed for them (with the records that evidenced each), and requests
for joint funding of their help with each budget holder's answer."""

from joinedup.people.retention import kept_when_anonymising, redact, register_anonymiser
from joinedup.people.subject_access import register_exporter


def _claimed(person):
    from joinedup.commissioning.claim_models import ClaimLine

    lines = ClaimLine.objects.filter(person=person).select_related(
        "claim__contract", "claim__party__organisation", "outcome"
    )
    return [
        {
            "contract": line.claim.contract.reference,
            "provider": line.claim.party.organisation.name,
            "outcome": line.outcome.name,
            "achieved_on": line.achieved_on,
            "amount": str(line.amount),
            "claim_status": line.claim.get_status_display(),
            "evidence": "; ".join(e.get("words", e.get("kind", "")) for e in line.evidence),
        }
        for line in lines
    ]


def _funding(person):
    from joinedup.commissioning.review_models import JointFundingRequest

    rows = []
    for made in JointFundingRequest.objects.filter(person=person).prefetch_related(
        "approvals__budget_holder"
    ):
        for approval in made.approvals.all():
            rows.append(
                {
                    "asked_on": made.requested_at.date(),
                    "asked_by": made.organisation.name,
                    "for": made.title,
                    "case": made.summary,
                    "budget_holder": approval.budget_holder.name,
                    "share": str(approval.amount),
                    "answer": approval.get_answer_display(),
                    "reason": approval.reason,
                }
            )
    return rows


register_exporter(
    "claims",
    "Outcomes a provider was paid for",
    _claimed,
    models=["commissioning.ClaimLine"],
)
register_exporter(
    "joint_funding",
    "Requests for joint funding",
    _funding,
    models=["commissioning.JointFundingRequest", "commissioning.Approval"],
)
kept_when_anonymising(
    "commissioning.ClaimLine",
    "Kept for the contract's accounts: a line holds the outcome, its date, the amount and the "
    "evidence found by the platform (a record's kind, date and words generated from it), never "
    "text written about the person.",
)


def _anonymise(person) -> None:
    from joinedup.commissioning.review_models import Approval, JointFundingRequest

    requests = JointFundingRequest.objects.filter(person=person)
    redact(requests, "title", "summary")
    redact(Approval.objects.filter(request__in=requests), "reason")


register_anonymiser(
    "commissioning",
    _anonymise,
    models=["commissioning.JointFundingRequest", "commissioning.Approval"],
)
