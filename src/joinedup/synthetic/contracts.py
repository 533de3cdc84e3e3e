"""The synthetic area's commissioning: a pooled budget from three departments, contracts of
several mechanisms (a payment-by-results contract with a prime and two subs, a block contract,
a small grant, a learning partnership), payments, learning reviews, a review decision and a
joint-funding request, so a commissioner's pages show a working local system.

Everything goes through the commissioning services, as a commissioner's own changes would.
"""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from joinedup.accounts.models import Membership
from joinedup.accounts.roles import Role
from joinedup.assessment.models import SystemIssue
from joinedup.commissioning import claims, funding, reviews, services, terms
from joinedup.commissioning.claim_models import Claim
from joinedup.commissioning.models import (
    BreakClause,
    Contract,
    Party,
    Payment,
    ProviderProfile,
    RateCardOutcome,
)
from joinedup.commissioning.review_models import Approval, LearningReview, ReviewDecision
from joinedup.directory.models import Organisation
from joinedup.measures.models import Indicator
from joinedup.people.models import Involvement

HOUSING = "Riverside Council Housing Options"
ADULTS = "Riverside Council Adult Social Care"
CHILDREN = "Riverside Council Children's Services"
HEALTH = "Riverside Council Public Health"
SAFETY = "Riverside Council Community Safety"
PRIME = "Riverside Multiple Needs Service"

#: Incomes in the providers' last accounts (NCVO bands follow from them).
PROFILES = {
    "Riverside Multiple Needs Service": (
        "2400000",
        58,
        "Co-ordination for adults facing multiple disadvantage, with a caseload of 12 to 15.",
    ),
    "Harbour Hostel": ("1150000", 31, "Supported accommodation with 40 rooms, open all year."),
    "Second Chance Peer Mentors": ("185000", 6, "Mentors with lived experience, met at the gate."),
    "Railway Lands Recovery Cafe": ("42000", 2, "A cafe run by and for people in recovery."),
    "Brickfields Survivors' Circle": ("64000", 3, "A peer group for survivors of domestic abuse."),
}


def _member(name: str) -> Membership:
    return (
        Membership.objects.filter(organisation__name=name, role=Role.COMMISSIONER)
        .select_related("organisation", "user")
        .first()
    )


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _first_of_month(day: date, months_back: int) -> date:
    month = day.month - 1 - months_back
    return date(day.year + month // 12, month % 12 + 1, 1)


def _last_day(start: date, months: int) -> date:
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _instalments(contract: Contract, party: Party, monthly: Decimal, today: date) -> None:
    """Monthly instalments paid on the 5th, from the first month to this one."""
    day = contract.starts_on.replace(day=5)
    while day <= today and day <= contract.ends_on:
        Payment.objects.create(
            contract=contract, party=party, kind="instalment", paid_on=day, amount=monthly
        )
        month = day.month
        day = date(day.year + month // 12, month % 12 + 1, 5)


def _monthly(amount: Decimal, months: int) -> Decimal:
    return (amount / months).quantize(terms.PENNY, ROUND_HALF_UP)


def _contract(member, **fields) -> Contract:
    return services.save_contract(member, Contract(**fields))


def _party(member, contract, name, tier, value, at_risk="0", work="") -> Party:
    return services.add_party(
        member,
        contract,
        Party(
            organisation=_org(name),
            tier=tier,
            value=Decimal(value),
            at_risk=Decimal(at_risk),
            work=work,
        ),
    )


def load(area) -> None:
    """Called at the end of `Loader.finish`, after the demo framework is published."""
    housing, adults, health, safety = (_member(n) for n in (HOUSING, ADULTS, HEALTH, SAFETY))
    if None in (housing, adults, health, safety):
        return
    today = area.today
    for name, (income, staff, summary) in PROFILES.items():
        ProviderProfile.objects.get_or_create(
            organisation=_org(name),
            defaults={
                "annual_income": Decimal(income),
                "accounts_year": today.year - 1,
                "staff": staff,
                "summary": summary,
            },
        )

    pool = services.create_budget(
        housing,
        name="Riverside multiple disadvantage pool",
        purpose="One co-ordinated service for adults facing multiple disadvantage, instead of "
        "a contract per department.",
        governance="The joint commissioning board of housing, adult social care and public "
        "health meets quarterly and decides by consensus; Housing Options holds the money.",
    )
    this_year = terms.year_of(today)
    for year in (this_year - 1, this_year):
        for member, amount in ((housing, "260000"), (adults, "180000"), (health, "140000")):
            services.contribute(
                housing, pool, commissioner=member.organisation, year=year, amount=Decimal(amount)
            )
    published = Indicator.objects.filter(outcome__domain__version__status="published").first()
    version = published.outcome.domain.version if published else None
    exercise = services.create_exercise(
        housing,
        name="Multiple disadvantage co-ordination",
        budget=pool,
        needs="About six in ten of the people the area knows face one of homelessness, drug "
        "or alcohol use and offending; one in ten faces all three, and they are the people "
        "passed between services most often.",
        needs_period=f"April {this_year - 1} to March {this_year}",
        framework=version,
    )

    # Payment by results: a prime and two subs, the small peer mentors carrying the most risk.
    start = _first_of_month(today, 18)
    pbr = _contract(
        housing,
        reference="RMD-001",
        title="Multiple needs co-ordination and move-on",
        mechanism=terms.Mechanism.PBR,
        delivery=Contract.Delivery.PRIME,
        status=Contract.Status.LIVE,
        starts_on=start,
        ends_on=_last_day(start, 48),
        value=Decimal("1200000"),
        upfront=Decimal("50000"),
        payment_lag_months=2,
        outcome_cap=Decimal("240000"),
        monthly_cost=Decimal("26000"),
        budget=pool,
        exercise=exercise,
    )
    prime = _party(
        housing,
        pbr,
        "Riverside Multiple Needs Service",
        "prime",
        "800000",
        "120000",
        "Co-ordination, the front door and the panel's allocations.",
    )
    _party(housing, pbr, "Harbour Hostel", "sub", "300000", "60000", "Assessment beds and move-on.")
    _party(
        housing,
        pbr,
        "Second Chance Peer Mentors",
        "sub",
        "100000",
        "60000",
        "Peer mentoring from the prison gate.",
    )
    services.add_break(
        housing,
        pbr,
        BreakClause(
            on=_last_day(start, 24), notice_days=90, remind_days=60, note="Mid-term review"
        ),
    )
    indicators = (
        {i.kind: i for i in Indicator.objects.filter(outcome__domain__version=version)}
        if version
        else {}
    )
    for kind, name, stage, price, expected in (
        ("instrument_level", "Life steadier: NDT total below the threshold", "interim", "500", 160),
        ("list_status", "Moved on from the by-name list", "final", "1500", 110),
    ):
        if kind in indicators:
            services.add_outcome(
                housing,
                pbr,
                RateCardOutcome(
                    name=name,
                    indicator=indicators[kind],
                    stage=stage,
                    price=Decimal(price),
                    expected=expected,
                ),
            )
    Payment.objects.create(
        contract=pbr,
        party=prime,
        kind="upfront",
        paid_on=start.replace(day=5),
        amount=Decimal("50000"),
    )
    fixed = Decimal("1200000") - Decimal("240000") - Decimal("50000")
    _instalments(pbr, prime, _monthly(fixed, 48), today)
    _claims(pbr, housing, today)

    block = _contract(
        housing,
        reference="RMD-002",
        title="Harbour Hostel supported accommodation",
        mechanism=terms.Mechanism.BLOCK,
        status=Contract.Status.LIVE,
        starts_on=_first_of_month(today, 30),
        ends_on=_last_day(_first_of_month(today, 30), 36),
        value=Decimal("540000"),
        monthly_cost=Decimal("15000"),
    )
    hostel = _party(housing, block, "Harbour Hostel", "prime", "540000")
    _instalments(block, hostel, _monthly(Decimal("540000"), 36), today)

    grant = _contract(
        health,
        reference="RPH-014",
        title="Recovery cafe: peer support and meals",
        mechanism=terms.Mechanism.GRANT,
        status=Contract.Status.LIVE,
        starts_on=_first_of_month(today, 10),
        ends_on=_last_day(_first_of_month(today, 10), 12),
        value=Decimal("18000"),
        upfront=Decimal("9000"),
    )
    cafe = _party(health, grant, "Railway Lands Recovery Cafe", "prime", "18000")
    Payment.objects.create(
        contract=grant,
        party=cafe,
        kind="upfront",
        paid_on=grant.starts_on.replace(day=5),
        amount=Decimal("9000"),
    )
    Payment.objects.create(
        contract=grant,
        party=cafe,
        kind="instalment",
        paid_on=_first_of_month(today, 4).replace(day=5),
        amount=Decimal("9000"),
    )

    learning = _contract(
        safety,
        reference="RCS-007",
        title="Survivors' circle: a learning partnership",
        mechanism=terms.Mechanism.LEARNING,
        status=Contract.Status.LIVE,
        starts_on=_first_of_month(today, 14),
        ends_on=_last_day(_first_of_month(today, 14), 36),
        value=Decimal("90000"),
        purposes="Survivors shape the support they get; the circle tells the area what gets "
        "in the way of safety; no targets, and reviews twice a year in the circle's words.",
    )
    circle = _party(safety, learning, "Brickfields Survivors' Circle", "prime", "90000")
    _instalments(learning, circle, _monthly(Decimal("90000"), 36), today)
    issues = list(SystemIssue.objects.order_by("id")[:2])
    for months_ago, provider, people in (
        (
            8,
            "Refuge places are full most weeks; women wait in B&B with their children.",
            "“I could say what happened once and people listened.”",
        ),
        (
            2,
            "Housing asks survivors to prove abuse before helping; many cannot.",
            "“The circle is the first place nobody asked me for evidence.”",
        ),
    ):
        review = LearningReview(
            held_on=today - timedelta(days=30 * months_ago),
            provider_words=provider,
            people_words=people,
        )
        reviews.add_learning_review(safety, learning, review, issues)

    # The grant ends within months: the commissioner decided to re-tender it, with a plan.
    reviews.decide(
        health,
        grant,
        ReviewDecision(
            decision=ReviewDecision.Decision.RETENDER,
            reasons="Well used and well liked; open it to a three-year grant so the cafe can plan.",
            transition_plan="The cafe keeps its grant until the new one starts; nobody loses a "
            "place, and the co-ordinators tell each person in person.",
            decided_on=today - timedelta(days=20),
        ),
    )
    _joint_funding(area, adults, health)


def _claims(contract: Contract, payer, today: date) -> None:
    """The prime's quarterly claims, assembled from the evidence the area holds: the older ones
    accepted and paid (the later the quarter, the longer the wait), the latest waiting."""
    provider = (
        Membership.objects.filter(role=Role.PROVIDER_MANAGER, organisation__name=PRIME)
        .select_related("organisation", "user")
        .first()
    )
    if provider is None:
        return
    quarters = []
    first = contract.starts_on
    while True:
        after = _first_of_month(first, -3)
        if after > today:
            break
        quarters.append((first, after))
        first = after
    for k, (first, after) in enumerate(quarters):
        try:
            made = claims.assemble(provider, contract, first, after, user=provider.user)
        except ValidationError:
            continue  # nothing to claim for that quarter, or it is not over
        claim = made.claim
        if not claim.lines.exists():
            claim.delete()
            continue
        claims.submit(provider, claim)
        sent = timezone.make_aware(datetime.combine(after + timedelta(days=12), time(9)))
        Claim.objects.filter(pk=claim.pk).update(submitted_at=sent)
        if k == len(quarters) - 1:
            continue  # the latest quarter's claim waits for the commissioner
        claim.refresh_from_db()
        claims.accept(payer, claim, user=payer.user)
        decided = sent + timedelta(days=9 + 4 * k)
        Claim.objects.filter(pk=claim.pk).update(decided_at=decided)
        paid_on = (decided + timedelta(days=21)).date()
        if paid_on <= timezone.localdate():
            claim.refresh_from_db()
            claims.record_payment(payer, claim, paid_on, reference=f"BACS {claim.pk:05d}")


def _joint_funding(area, adults, health) -> None:
    """Residential rehab for a mother with her children: three budgets, each answering in its
    own time."""
    involvement = (
        Involvement.objects.filter(
            organisation__name="Riverside Multiple Needs Service", professional__isnull=False
        )
        .select_related("person", "professional")
        .first()
    )
    children = _member(CHILDREN)
    if involvement is None or children is None:
        return
    worker = involvement.professional
    membership = worker.memberships.select_related("organisation").first()
    made = funding.request(
        worker,
        membership,
        involvement.person,
        title="Residential rehab with her two children",
        summary="A mother in early recovery, with two children under ten, ready for a "
        "twelve-week family residential placement; without it the children may be looked after.",
        shares={
            adults.organisation: Decimal("9800"),
            health.organisation: Decimal("7200"),
            children.organisation: Decimal("6500"),
        },
    )
    asked = timezone.make_aware(datetime.combine(area.today - timedelta(days=24), time(10)))
    type(made).objects.filter(pk=made.pk).update(requested_at=asked)
    for member, days in ((health, 5), (children, 17)):
        approval = Approval.objects.get(request=made, budget_holder=member.organisation)
        funding.answer(member, approval, approve=True, reason="")
        Approval.objects.filter(pk=approval.pk).update(answered_at=asked + timedelta(days=days))
