"""The synthetic area's local market: a pipeline of tenders at every stage, made through the
product's own steps (`commissioning.tenders`), so the demo shows them working.

- Housing First for women (housing options): closed and evaluated, every bid scored by two
  evaluators and moderated, open book, waiting for the commissioner to award it.
- Dual diagnosis outreach (public health): open for bids (the multiple needs service's
  manager, a demo sign-in, can bid).
- Peer mentoring at the prison gate (police and crime commissioner): coming, open book.
- Floating support for women leaving refuge (community safety): awarded.

Providers that bid get a profile (unless they have one) and a service manager who cannot sign
in (no password): the bids need someone to have made them.

Call `load_demo_tenders(area, organisations)` once, after the organisations and their staff
exist (the loader's `finish`); `organisations` maps the area's organisation keys to rows.
"""

from datetime import timedelta
from decimal import Decimal

from joinedup.accounts.models import Membership, User
from joinedup.accounts.roles import Role
from joinedup.commissioning import tenders as services
from joinedup.commissioning.models import ProviderProfile
from joinedup.commissioning.tender_models import Tender, TenderEvaluator

#: Providers that bid: key, manager's name, income, accounts year, staff, summary, social value.
PROVIDERS = {
    "housing_first": (
        "Amira Haddad", "640000", 2025, 18,
        "Housing First for people with the most complex needs: a home first, then support "
        "for as long as it takes, with caseloads of five to seven.",
        "Two peer workers with lived experience of homelessness; we buy locally.",
    ),
    "womens_centre": (
        "Jo Pearce", "380000", 2025, 11,
        "A women-only centre: drop-in, counselling and advocacy for women facing abuse, "
        "addiction and the criminal justice system.",
        "A volunteer programme that has brought 14 women into paid work in two years.",
    ),
    "national_recovery": (
        "Dev Malhotra", "38000000", 2025, 900,
        "A national provider of drug and alcohol treatment and housing support.",
        "Apprenticeships and a national social value framework.",
    ),
    "domestic_abuse": (
        "Lena Novak", "520000", 2025, 15,
        "Refuge and community support for women and children leaving domestic abuse.",
        "Survivors on our board and in our hiring panels.",
    ),
    "mind": (
        "Chris Doyle", "910000", 2025, 26,
        "Mental health support in the community: peer groups, crisis cafe and advocacy.",
        "A crisis cafe run with volunteers, open evenings and weekends.",
    ),
}  # fmt: skip


def _commissioner(organisation) -> Membership:
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.COMMISSIONER)
        .select_related("user", "organisation")
        .order_by("id")
        .first()
    )
    if membership is None:
        raise ValueError(f"{organisation} has no commissioner to run its tenders")
    return membership


def _provider(organisations, key) -> Membership:
    """The provider's manager, made if need be (no password: never a sign-in), and its profile."""
    name, income, year, staff, summary, social_value = PROVIDERS[key]
    organisation = organisations[key]
    ProviderProfile.objects.get_or_create(
        organisation=organisation,
        defaults={
            "annual_income": Decimal(income), "accounts_year": year, "staff": staff,
            "summary": summary, "social_value": social_value,
        },
    )  # fmt: skip
    existing = Membership.objects.filter(organisation=organisation, role=Role.PROVIDER_MANAGER)
    membership = existing.select_related("user", "organisation").first()
    if membership is None:
        user = User.objects.create(
            email=f"tenders.{key.replace('_', '')}@example.org",
            full_name=name,
            job_title="Service manager",
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        membership = Membership.objects.create(
            user=user, organisation=organisation, role=Role.PROVIDER_MANAGER
        )
    return membership


def _tender(commissioner, *, questions, **terms) -> Tender:
    tender = services.start_tender(commissioner, **terms)
    for part, question, guidance, weight in questions:
        services.add_criterion(
            commissioner, tender, part=part, question=question, guidance=guidance, weight=weight
        )
    return tender


def _bid(tender, membership, price, words, costs, today):
    answers = {c.pk: f"{words} {c.question}" for c in tender.criteria.all()}
    return services.submit_bid(
        membership, tender, price=Decimal(price), answers=answers, costs=costs, today=today
    )


def _evaluate(tender, commissioner, evaluators, bids, today):
    """Each evaluator scores each bid (`bids` maps a bid to its scores in question order and
    each evaluator's leaning), then the commissioner moderates."""
    criteria = list(tender.criteria.all())
    services.start_evaluation(commissioner, tender, today=today)
    for bid, (agreed, leanings) in bids.items():
        for evaluator, lean in zip(evaluators, leanings, strict=True):
            scores = {
                c.pk: (max(0, min(5, s + lean)), _comment(s + lean))
                for c, s in zip(criteria, agreed, strict=True)
            }
            services.score(evaluator, bid, scores)
        services.moderate(
            commissioner, bid,
            scores={c.pk: s for c, s in zip(criteria, agreed, strict=True)},
            reasons="Agreed at the moderation meeting from the evaluators' notes; where they "
            "differed by two or more, the answer was read again together.",
        )  # fmt: skip


def _comment(score) -> str:
    return {
        0: "No answer to the question.",
        1: "Serious gaps: little on how it would work here.",
        2: "Some gaps; the approach is generic.",
        3: "Meets the requirement.",
        4: "Good: specific to Riverside, with evidence.",
    }.get(max(0, min(5, score)), "Excellent: clear, evidenced and in people's own words.")


def _costs(front_line, supervision, premises, direct, overheads):
    return {
        "front_line": (Decimal(front_line), "Support workers at caseloads of five to seven"),
        "supervision": (Decimal(supervision), "Team leader and reflective practice"),
        "premises": (Decimal(premises), "Office and meeting space"),
        "direct": (Decimal(direct), "Deposits, furniture and travel for people"),
        "overheads": (Decimal(overheads), "Finance, HR and IT, in proportion"),
    }


HOUSING_FIRST_QUESTIONS = [
    ("quality", "How will you engage women who have been failed by services before?",
     "Persistence, choice and no closing a case for missed appointments.", 40),
    ("quality", "How will you keep women housed when things go wrong?",
     "Tenancy sustainment, landlord liaison, what happens after an eviction notice.", 35),
    ("quality", "How will you work with the other agencies around each woman?",
     "The team around the person, the panel, sharing with consent.", 25),
    ("social_value", "How will people with lived experience shape and deliver the service?",
     "", 60),
    ("social_value", "What will you add to Riverside: local jobs, spending, volunteering?",
     "", 40),
]  # fmt: skip


def load_demo_tenders(area, organisations) -> list[Tender]:
    today = area.today
    housing = _commissioner(organisations["housing_options"])
    adults = _commissioner(organisations["adult_social_care"])
    providers = {key: _provider(organisations, key) for key in PROVIDERS}
    made = []

    # Evaluated, waiting for the award.
    opened, closed = today - timedelta(days=45), today - timedelta(days=10)
    women = _tender(
        housing, questions=HOUSING_FIRST_QUESTIONS,
        title="Housing First for women", estimated_value=Decimal("290000.00"),
        description="Twenty Housing First places for women sleeping rough or in unsafe "
        "accommodation, many with histories of abuse, drug use and prison, over three years "
        "with a break clause at two.",
        publish_on=opened, closes_on=closed - timedelta(days=1),
        price_weight=40, quality_weight=40, social_value_weight=20, open_book=True,
        open_book_reason="To talk openly about what it costs to keep women with the most "
        "complex needs housed, rather than price it out.",
    )  # fmt: skip
    services.publish(housing, women, today=opened)
    bids = {
        _bid(women, providers["housing_first"], "285000.00", "We will:", _costs(
            "198000", "36000", "15000", "24000", "27000"), opened + timedelta(days=20)):
            ([4, 4, 5, 5, 3], (0, -1)),
        _bid(women, providers["womens_centre"], "262000.00", "Our women's centre will:", _costs(
            "182000", "30000", "21000", "22000", "25500"), opened + timedelta(days=25)):
            ([5, 3, 4, 5, 4], (0, 1)),
        _bid(women, providers["national_recovery"], "240000.00", "Our national model will:",
             _costs("160000", "28000", "12000", "15000", "25000"), opened + timedelta(days=30)):
            ([3, 4, 3, 2, 3], (1, -1)),
    }  # fmt: skip
    for evaluator in (housing.user, adults.user):
        TenderEvaluator.objects.create(tender=women, user=evaluator, appointed_by=housing.user)
    _evaluate(women, housing, [housing, adults], bids, today)
    made.append(women)

    # Open for bids now.
    health = _commissioner(organisations["public_health"])
    outreach = _tender(
        health, title="Dual diagnosis outreach",
        description="Outreach workers who bring mental health and drug and alcohol support to "
        "people where they are, together, without waiting for one to be treated first.",
        estimated_value=Decimal("180000.00"), publish_on=today - timedelta(days=7),
        closes_on=today + timedelta(days=21),
        price_weight=30, quality_weight=50, social_value_weight=20, open_book=False,
        open_book_reason="",
        questions=[
            ("quality", "How will you reach people services have lost touch with?", "", 60),
            ("quality", "How will mental health and substance use support work as one?", "", 40),
            ("social_value", "How will peer workers be part of the team?", "", 100),
        ],
    )  # fmt: skip
    services.publish(health, outreach, today=today - timedelta(days=7))
    _bid(outreach, providers["mind"], "172000.00", "Riverside Mind will:", {}, today)
    made.append(outreach)

    # Coming.
    pcc = _commissioner(organisations["pcc"])
    made.append(
        _tender(
            pcc,
            title="Peer mentoring at the prison gate",
            description="Mentors with lived experience who meet people at the gate on release "
            "day and stay with them through the first three months.",
            estimated_value=Decimal("150000.00"),
            publish_on=today + timedelta(days=30),
            closes_on=today + timedelta(days=72),
            price_weight=30,
            quality_weight=45,
            social_value_weight=25,
            open_book=True,
            open_book_reason="Small peer-led organisations may price below their full cost; we "
            "want to see it and pay it.",
            questions=[
                ("quality", "How will mentors meet people on release day?", "", 50),
                ("quality", "How will you keep mentors safe and supported?", "", 50),
                ("social_value", "How many mentors will be people with lived experience?", "", 100),
            ],
        )  # fmt: skip
    )

    # Awarded.
    safety = _commissioner(organisations["community_safety"])
    opened = today - timedelta(days=150)
    floating = _tender(
        safety, title="Floating support for women leaving refuge",
        description="Support in their new homes for women and children leaving refuge.",
        estimated_value=Decimal("95000.00"), publish_on=opened,
        closes_on=opened + timedelta(days=30),
        price_weight=40, quality_weight=40, social_value_weight=20, open_book=False,
        open_book_reason="",
        questions=[
            ("quality", "How will you keep women and children safe in a new home?", "", 100),
            ("social_value", "How will survivors shape the service?", "", 100),
        ],
    )  # fmt: skip
    services.publish(safety, floating, today=opened)
    won = _bid(floating, providers["domestic_abuse"], "92000.00", "Safe Harbour will:", {}, opened)
    other = _bid(floating, providers["womens_centre"], "88000.00", "We will:", {}, opened)
    TenderEvaluator.objects.create(tender=floating, user=safety.user, appointed_by=safety.user)
    _evaluate(
        floating, safety, [safety], {won: ([5, 5], (0,)), other: ([3, 4], (0,))},
        opened + timedelta(days=35),
    )  # fmt: skip
    services.award(
        safety, floating, won, reasons="Highest score on the stated weights.",
        today=opened + timedelta(days=45),
    )  # fmt: skip
    made.append(floating)
    return made
