"""The tender steps: terms, publishing, bids and their profile snapshot, scoring, moderation
and award, worked by hand with exact Decimals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from joinedup.accounts.models import Membership
from joinedup.accounts.roles import Role
from joinedup.commissioning import tender_queries as queries
from joinedup.commissioning import tenders as services
from joinedup.commissioning.models import ProviderProfile
from joinedup.commissioning.tender_models import Bid, Tender, TenderEvaluator
from tests.commissioning.tender_fixtures import *  # noqa: F403
from tests.commissioning.tender_fixtures import bid_for, close, criteria, membership_of

TODAY = timezone.localdate()


def terms(**changes):
    base = dict(
        title="Outreach", description="Street outreach at night.",
        estimated_value=Decimal("90000.00"), publish_on=TODAY, closes_on=TODAY + timedelta(days=20),
        price_weight=40, quality_weight=40, social_value_weight=20,
        open_book=False, open_book_reason="",
    )  # fmt: skip
    return base | changes


def test_weights_not_adding_up_to_100_are_refused_naming_the_field(priya):
    with pytest.raises(ValidationError) as refused:
        services.start_tender(membership_of(priya), **terms(social_value_weight=10))
    assert refused.value.message_dict == {
        "price_weight": [
            "The weights for price, quality and social value must add up to 100; these add up "
            "to 90 (price 40, quality 40, social value 10)"
        ]
    }
    assert not Tender.objects.exists()


def test_the_database_refuses_weights_not_adding_up_to_100_too(council):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Tender.objects.create(commissioner=council, **terms(price_weight=50))


def test_only_a_commissioner_starts_a_tender(hana):
    with pytest.raises(PermissionDenied):
        services.start_tender(membership_of(hana), **terms())


def test_a_question_past_its_parts_100_is_refused_naming_the_weight(tender, priya):
    with pytest.raises(ValidationError) as refused:
        services.add_criterion(
            membership_of(priya), tender, part="quality", question="Staffing?", weight=10
        )
    assert refused.value.message_dict["weight"] == [
        "The quality questions' weights would add up to 110; they must add up to 100 (0 is left)"
    ]


def test_a_tender_opens_only_when_each_parts_questions_add_up_to_100(tender, priya):
    m = membership_of(priya)
    tender.criteria.filter(part="social_value").delete()
    with pytest.raises(ValidationError, match="social value questions' weights add up to 0"):
        services.publish(m, tender, today=TODAY)
    services.add_criterion(m, tender, part="social_value", question="Local jobs?", weight=100)
    services.publish(m, tender, today=TODAY)
    tender.refresh_from_db()
    assert tender.status == Tender.Status.OPEN and tender.published_at is not None


def test_the_terms_are_fixed_once_it_opens(open_tender, priya):
    with pytest.raises(ValidationError, match="fixed once it opens"):
        services.update_tender(
            membership_of(priya), open_tender, **terms(price_weight=60, quality_weight=20)
        )


def test_a_bid_keeps_the_profile_as_it_was_when_submitted(open_tender, hana, harbour):
    bid = bid_for(open_tender, hana, "100000.00")
    assert bid.profile_snapshot["annual_income"] == "450000.00"
    assert bid.profile_snapshot["small"] is True
    services.save_profile(
        membership_of(hana), annual_income=Decimal("2000000.00"), accounts_year=2026, staff=40,
        summary="Changed", social_value="Changed",
    )  # fmt: skip
    bid.refresh_from_db()
    assert bid.profile_snapshot["annual_income"] == "450000.00"
    assert bid.profile_snapshot["summary"] == "Harbour Hostel houses people others turn away."
    assert ProviderProfile.objects.get(organisation=harbour).summary == "Changed"


def test_a_bid_needs_the_profile_first(open_tender, hana, harbour):
    ProviderProfile.objects.filter(organisation=harbour).delete()
    with pytest.raises(ValidationError, match="profile first"):
        bid_for(open_tender, hana, "100000.00")
    assert not Bid.objects.exists()


def test_open_book_asks_for_cost_lines_and_every_question_for_an_answer(open_tender, hana):
    with pytest.raises(ValidationError) as refused:
        services.submit_bid(
            membership_of(hana), open_tender, price=Decimal("1000"), answers={}, costs={},
            today=TODAY,
        )  # fmt: skip
    fields = set(refused.value.message_dict)
    assert fields == {f"answer_{c.pk}" for c in open_tender.criteria.all()} | {"cost_front_line"}


def test_a_bid_cannot_be_made_or_changed_after_closing(open_tender, hana, priya):
    bid = bid_for(open_tender, hana, "100000.00")
    Tender.objects.filter(pk=open_tender.pk).update(
        closes_on=TODAY - timedelta(days=1), publish_on=TODAY - timedelta(days=9)
    )
    open_tender.refresh_from_db()
    with pytest.raises(ValidationError, match="cannot be made or changed after"):
        bid_for(open_tender, hana, "1.00")
    bid.refresh_from_db()
    assert bid.price == Decimal("100000.00")
    assert bid.cost_lines.get().amount == Decimal("80000.00")


def test_a_provider_bids_for_its_own_organisation_only(open_tender, hana, harbour):
    bid = bid_for(open_tender, hana, "100000.00")
    assert bid.provider == harbour
    bid_for(open_tender, hana, "95000.00")  # a change, not a second bid
    assert Bid.objects.get().price == Decimal("95000.00")


def _scores(tender, values):
    by_question = criteria(tender)
    return {by_question[q].pk: (v, f"Because {v}") for q, v in values.items()}


ENGAGE, HOUSED, SOCIAL = (
    "How will you engage women?",
    "How will you keep them housed?",
    "What social value?",
)


@pytest.fixture
def evaluated(open_tender, priya, ruth, hana, ivan, mallory):
    """Three bids closed into evaluation: the hand-worked example of the guide."""
    a = bid_for(open_tender, hana, "100000.00")
    b = bid_for(open_tender, ivan, "125000.00")
    c = bid_for(open_tender, mallory, "80000.00")
    close(open_tender, priya)
    return open_tender, a, b, c


def test_an_evaluator_cannot_score_their_own_organisations_bid(evaluated, hana):
    tender, a, *_ = evaluated
    TenderEvaluator.objects.create(tender=tender, user=hana)  # appointed by mistake
    with pytest.raises(PermissionDenied, match="own organisation"):
        services.score(membership_of(hana), a, _scores(tender, {ENGAGE: 5, HOUSED: 5, SOCIAL: 5}))
    assert not a.scores.exists()


def test_conflict_counts_every_organisation_the_evaluator_belongs_to(evaluated, ruth, harbour):
    tender, a, *_ = evaluated
    Membership.objects.create(user=ruth, organisation=harbour, role=Role.PRACTITIONER)
    with pytest.raises(PermissionDenied):
        services.score(membership_of(ruth), a, _scores(tender, {ENGAGE: 1, HOUSED: 1, SOCIAL: 1}))


def test_someone_not_appointed_cannot_score(evaluated, grace):
    tender, a, *_ = evaluated
    with pytest.raises(PermissionDenied):
        services.score(membership_of(grace), a, _scores(tender, {ENGAGE: 1, HOUSED: 1, SOCIAL: 1}))


def test_every_score_needs_a_comment(evaluated, ruth):
    tender, a, *_ = evaluated
    by_question = criteria(tender)
    scores = {c.pk: (3, "") for c in by_question.values()}
    with pytest.raises(ValidationError) as refused:
        services.score(membership_of(ruth), a, scores)
    assert set(refused.value.message_dict) == {f"comment_{c.pk}" for c in by_question.values()}


def test_moderation_waits_for_every_evaluator(evaluated, priya, ruth):
    tender, a, *_ = evaluated
    services.score(membership_of(ruth), a, _scores(tender, {ENGAGE: 4, HOUSED: 3, SOCIAL: 5}))
    with pytest.raises(ValidationError, match="Waiting for scores from Priya"):
        _moderate(tender, a, priya, {ENGAGE: 4, HOUSED: 3, SOCIAL: 5})


def _moderate(tender, bid, priya, values):
    by_question = criteria(tender)
    return services.moderate(
        membership_of(priya), bid, scores={by_question[q].pk: v for q, v in values.items()},
        reasons="Agreed at the moderation meeting.",
    )  # fmt: skip


def _evaluate_all(tender, bids, priya, ruth):
    moderated = {
        "A": {ENGAGE: 4, HOUSED: 3, SOCIAL: 5},
        "B": {ENGAGE: 5, HOUSED: 5, SOCIAL: 4},
        "C": {ENGAGE: 2, HOUSED: 3, SOCIAL: 1},
    }
    for name, bid in zip("ABC", bids, strict=True):
        # The evaluators disagree; the moderated result is what counts.
        services.score(
            membership_of(priya), bid, _scores(tender, {ENGAGE: 5, HOUSED: 5, SOCIAL: 5})
        )
        services.score(membership_of(ruth), bid, _scores(tender, {ENGAGE: 0, HOUSED: 0, SOCIAL: 0}))
        _moderate(tender, bid, priya, moderated[name])


def test_the_moderated_scores_are_what_count_worked_by_hand(evaluated, priya, ruth):
    tender, a, b, c = evaluated
    _evaluate_all(tender, [a, b, c], priya, ruth)
    got = [
        (r.bid.provider.name, r.price_score, r.quality_score, r.social_value_score, r.total, r.rank)
        for r in queries.evaluation(tender)
    ]
    assert got == [
        (
            "Haven Housing First",
            Decimal("25.60"),
            Decimal("40.00"),
            Decimal("16.00"),
            Decimal("81.60"),
            1,
        ),
        (
            "Harbour Hostel",
            Decimal("32.00"),
            Decimal("28.80"),
            Decimal("20.00"),
            Decimal("80.80"),
            2,
        ),
        (
            "Rival Care Ltd",
            Decimal("40.00"),
            Decimal("19.20"),
            Decimal("4.00"),
            Decimal("63.20"),
            3,
        ),
    ]


def test_a_moderated_bid_cannot_be_rescored(evaluated, priya, ruth):
    tender, a, b, c = evaluated
    _evaluate_all(tender, [a, b, c], priya, ruth)
    with pytest.raises(ValidationError, match="moderated"):
        services.score(membership_of(ruth), a, _scores(tender, {ENGAGE: 5, HOUSED: 5, SOCIAL: 5}))


def test_the_award_goes_to_the_highest_moderated_total(evaluated, priya, ruth):
    tender, a, b, c = evaluated
    m = membership_of(priya)
    with pytest.raises(ValidationError, match="Moderate every bid"):
        services.award(m, tender, b, reasons="Best", today=TODAY)
    _evaluate_all(tender, [a, b, c], priya, ruth)
    with pytest.raises(ValidationError) as refused:
        services.award(m, tender, c, reasons="Cheapest", today=TODAY)
    assert "scored 63.20; the highest is 81.60" in refused.value.message_dict["bid"][0]
    services.award(m, tender, b, reasons="Highest score on the stated weights.", today=TODAY)
    tender.refresh_from_db()
    assert tender.status == Tender.Status.AWARDED and tender.awarded_bid == b


def test_evaluation_starts_only_after_the_closing_date(open_tender, priya, hana):
    bid_for(open_tender, hana, "100000.00")
    with pytest.raises(ValidationError, match="evaluate after it closes"):
        services.start_evaluation(membership_of(priya), open_tender, today=TODAY)


def test_a_commissioner_of_another_organisation_cannot_run_the_tender(open_tender, ruth):
    with pytest.raises(PermissionDenied):
        services.cancel(membership_of(ruth), open_tender, reasons="No", today=TODAY)
    open_tender.refresh_from_db()
    assert open_tender.status == Tender.Status.OPEN


def test_only_commissioners_and_analysts_are_appointed(open_tender, priya, hana, grace):
    with pytest.raises(ValidationError, match="not a commissioner or analyst"):
        services.appoint_evaluator(membership_of(priya), open_tender, hana)
    services.appoint_evaluator(membership_of(priya), open_tender, grace)
    assert open_tender.evaluators.filter(user=grace).exists()


def test_the_price_below_full_cost_shows(open_tender, hana):
    bid = bid_for(
        open_tender,
        hana,
        "100000.00",
        costs={"front_line": (Decimal("90000.00"), ""), "premises": (Decimal("15000.50"), "")},
    )
    assert bid.full_cost == Decimal("105000.50")
    assert queries.below_full_cost(bid) == "£5,000.50"
