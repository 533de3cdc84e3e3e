"""Reading claims: which claims a membership may read, the provider's lines with people shown
only as the access layer lets them, and the aggregates everyone else sees.

Commissioners see a claim per rate-card outcome: how many lines, the amount, whether the
evidence was found. Counts of lines and of people pass `joinedup.disclosure`; amounts are
exact (money is paid to the penny), so a reader who knows the price can work out how many
outcomes a small amount stands for, never whose they are: no name, no person id and no date
of any one person's outcome leaves the provider's side (docs/commissioning-claims.md).
"""

from decimal import Decimal

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from joinedup import disclosure
from joinedup.accounts.roles import Role
from joinedup.commissioning import access, timing
from joinedup.commissioning.claim_models import Claim, ClaimLine
from joinedup.people import access as people_access

#: What a commissioner reads of a line's evidence.
FOUND = {"all": "Yes", "some": "For some lines only", "none": "No"}


def claims_for(membership):
    """The claims this membership may read: a provider's own claims, drafts included; for
    those who read every contract, every claim once submitted (a draft is the provider's
    work in progress until then)."""
    claims = Claim.objects.filter(contract__in=access.contracts_for(membership))
    if membership is None:
        return claims.none()
    own = Q(party__organisation=membership.organisation_id)
    if access.reads_all(membership):
        return claims.filter(own | ~Q(status=Claim.Status.DRAFT))
    return claims.filter(own)


def may_read_claims(membership) -> bool:
    """Roles that read contracts at all: the rest are refused (403) before anything is read."""
    return access.reads_all(membership) or (
        membership is not None and membership.role == Role.PROVIDER_MANAGER
    )


def require_reader(membership) -> None:
    access.require(may_read_claims(membership), "see contracts and claims")


def contract_for(membership, pk):
    """A contract the membership reads, or 404 (403 for a role that reads none)."""
    require_reader(membership)
    contract = access.contracts_for(membership).filter(pk=pk).first()
    if contract is None:
        raise Http404("No such contract")
    return contract


def claim_for(membership, pk) -> Claim:
    require_reader(membership)
    claim = (
        claims_for(membership)
        .select_related("contract", "party__organisation", "decided_by", "created_by")
        .filter(pk=pk)
        .first()
    )
    if claim is None:
        raise Http404("No such claim")
    return claim


def is_claimant(membership, claim: Claim) -> bool:
    """The membership acts for the provider that made the claim: it sees the lines."""
    party = access.party_of(membership, claim.contract)
    return party is not None and party.pk == claim.party_id


def lines_for_claimant(user, claim: Claim) -> list[dict]:
    """Each line with its person where the access layer shows them to the user (logged as a
    list seen), and without where it does not: the line still counts, its person stays
    hidden."""
    lines = list(claim.lines.select_related("outcome"))
    visible = people_access.persons_visible_to(user).filter(
        pk__in={line.person_id for line in lines}
    )
    shown = {
        p.pk: p
        for p in people_access.record_list(user, visible, purpose=f"lines of claim {claim.pk}")
    }
    return [{"line": line, "person": shown.get(line.person_id)} for line in lines]


def summary(claim: Claim) -> dict:
    """The claim per rate-card outcome, for anyone: no names, no ids, counts disclosed."""
    groups: dict[int, dict] = {}
    for line in claim.lines.select_related("outcome").order_by("outcome__position", "outcome_id"):
        g = groups.setdefault(
            line.outcome_id,
            {"outcome": line.outcome, "lines": 0, "people": set(), "amount": Decimal("0"), "ev": 0},
        )
        g["lines"] += 1
        g["people"].add(line.person_id)
        g["amount"] += line.amount
        g["ev"] += 1 if line.has_evidence else 0
    rows = list(groups.values())
    shown, total = disclosure.table([g["lines"] for g in rows])
    people = len({p for g in rows for p in g["people"]})
    return {
        "rows": [
            {
                "outcome": g["outcome"],
                "lines": shown[i],
                "people": disclosure.count(len(g["people"])),
                # Price times count is the count: the amount hides with it (the claim's total,
                # which the commissioner pays, stays).
                "amount": None if disclosure.is_hidden(shown[i]) else g["amount"],
                "evidence": FOUND[_found(g["ev"], g["lines"])],
            }
            for i, g in enumerate(rows)
        ],
        "lines": total,
        "people": disclosure.count(people),
        "amount": sum((g["amount"] for g in rows), Decimal("0")),
        "evidence": FOUND[_found(sum(g["ev"] for g in rows), sum(g["lines"] for g in rows))],
    }


def _found(evidenced: int, lines: int) -> str:
    if lines and evidenced == lines:
        return "all"
    return "some" if evidenced else "none"


def dates_of(claim: Claim) -> timing.ClaimDates:
    submitted = timezone.localdate(claim.submitted_at) if claim.submitted_at else None
    payment = getattr(claim, "payment", None) if claim.status == Claim.Status.PAID else None
    return timing.ClaimDates(
        achieved=[line.achieved_on for line in claim.lines.all()],
        submitted=submitted,
        paid=payment.paid_on if payment else None,
    )


def timing_of(claims, today=None) -> timing.Timing:
    """Timing over these claims (a queryset or a list of one), lines read in one query."""
    today = today or timezone.localdate()
    if hasattr(claims, "prefetch_related"):
        claims = claims.select_related("payment").prefetch_related(
            Prefetch("lines", queryset=ClaimLine.objects.only("claim_id", "achieved_on"))
        )
    return timing.of_claims((dates_of(c) for c in claims), today)


def shown_timing(t: timing.Timing) -> list[dict]:
    """Rows for a page or the API: the number behind each spread through disclosure. Over too
    few outcomes the days are hidden too: the longest wait less a claim's date would give the
    day one person achieved something."""
    return [
        {
            "what": what,
            # Outcomes are people's: their count is disclosed. Claims are the provider's.
            "counted": disclosure.count(s.count) if unit == "outcomes" else s.count,
            "unit": unit[:-1] if s.count == 1 and unit == "claims" else unit,
            "median": _days(s.median, s.count, unit),
            "longest": _days(s.longest, s.count, unit),
        }
        for what, unit, s in [
            ("From outcome to claim", "outcomes", t.outcome_to_claim),
            ("From claim to payment", "claims", t.claim_to_payment),
            ("From outcome to payment", "outcomes", t.outcome_to_payment),
            ("Waiting for payment now", "claims", t.waiting),
        ]
    ]


def _days(days, count: int, unit: str) -> str:
    if unit == "outcomes" and disclosure.is_small(count):
        return "not shown (too few)"
    return timing.days_words(days)


def for_contract(membership, contract) -> dict:
    """The claims block of a contract page: the claims this membership may read, with each
    one's total, and the contract's timing over all its claims (aggregates)."""
    claims = list(
        claims_for(membership)
        .filter(contract=contract)
        .select_related("party__organisation", "payment")
        .prefetch_related("lines")
    )
    all_claims = Claim.objects.filter(contract=contract)
    return {
        "claims": [{"claim": c, "total": c.total} for c in claims],
        "timing": shown_timing(timing_of(all_claims)),
        "party": access.party_of(membership, contract),
        "paid": sum(
            (c.payment.amount for c in all_claims.filter(status=Claim.Status.PAID)),
            Decimal("0"),
        ),
    }
