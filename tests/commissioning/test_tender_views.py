"""The tender pages as each role meets them, and a hostile provider of another organisation
who must never see a rival's bid or its open-book costs (404, and nothing changed)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.commissioning import tenders as services
from joinedup.commissioning.tender_models import Bid, EvaluatorScore, Moderation, Tender
from tests.commissioning.tender_fixtures import *  # noqa: F403
from tests.commissioning.tender_fixtures import bid_for, close, criteria, membership_of


def url(name, *args):
    return reverse(f"commissioning:{name}", args=args)


def form_data(**changes):
    today = timezone.localdate() + timedelta(days=10)
    data = {
        "title": "Peer mentoring after prison",
        "description": "Mentors with lived experience meet people at the gate.",
        "estimated_value": "120000.00",
        "publish_on_0": today.day, "publish_on_1": today.month, "publish_on_2": today.year,
        "closes_on_0": today.day, "closes_on_1": today.month, "closes_on_2": today.year + 1,
        "price_weight": "30", "quality_weight": "50", "social_value_weight": "20",
        "open_book_reason": "",
    }  # fmt: skip
    return data | changes


def test_it_starts_a_tender_and_refuses_weights_that_do_not_add_up(signed_in, priya):
    client = signed_in(priya)
    response = client.post(url("tender-new"), form_data(social_value_weight="30"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "must add up to 100; these add up to 110" in page
    assert 'href="#id_price_weight"' in page  # the error summary links to the field
    assert not Tender.objects.exists()
    response = client.post(url("tender-new"), form_data())
    tender = Tender.objects.get()
    assert response["Location"] == url("tender", tender.pk)
    assert (tender.price_weight, tender.quality_weight, tender.social_value_weight) == (30, 50, 20)


def test_a_provider_cannot_start_a_tender(signed_in, hana):
    assert signed_in(hana).post(url("tender-new"), form_data()).status_code == 403
    assert not Tender.objects.exists()


def test_the_pipeline_is_published_to_every_member_including_providers(signed_in, tender, mallory):
    response = signed_in(mallory).get(url("tenders"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Housing First for women" in page and "Coming" in page
    assert "Start a tender" not in page
    detail = signed_in(mallory).get(url("tender", tender.pk)).content.decode()
    assert (
        "How will you engage women?" in detail and "Price 40, quality 40, social value 20" in detail
    )


def test_the_bid_form_starts_from_the_profile_and_the_bid_keeps_it(signed_in, open_tender, hana):
    client = signed_in(hana)
    page = client.get(url("tender-bid-form", open_tender.pk)).content.decode()
    assert "Harbour Hostel houses people others turn away." in page  # the profile, shown
    social = criteria(open_tender)["What social value?"]
    assert f'name="answer_{social.pk}"' in page and ">\nPeer mentors.</textarea>" in page
    data = {"price": "98000.00", "cost_front_line": "70000.00", "cost_premises": "30000.00"}
    data |= {f"answer_{c.pk}": f"Answer {c.pk}" for c in open_tender.criteria.all()}
    response = client.post(url("tender-bid-form", open_tender.pk), data)
    assert response.status_code == 302
    bid = Bid.objects.get()
    assert bid.price == Decimal("98000.00") and bid.full_cost == Decimal("100000.00")
    assert bid.profile_snapshot["summary"] == "Harbour Hostel houses people others turn away."
    own = client.get(url("tender-bid", open_tender.pk, bid.pk)).content.decode()
    assert "£2,000 below the full cost" in own


def test_a_provider_without_a_profile_is_sent_to_write_one(signed_in, open_tender, hana, harbour):
    harbour.provider_profile.delete()
    response = signed_in(hana).get(url("tender-bid-form", open_tender.pk))
    assert response["Location"] == url("provider-profile")


def test_a_provider_manager_edits_their_profile_once(signed_in, hana, harbour):
    data = {"annual_income": "510000.00", "accounts_year": "2026", "staff": "14",
            "summary": "Beds and support.", "social_value": "Local jobs."}  # fmt: skip
    assert signed_in(hana).post(url("provider-profile"), data).status_code == 302
    harbour.provider_profile.refresh_from_db()
    assert harbour.provider_profile.annual_income == Decimal("510000.00")


@pytest.fixture
def bids(open_tender, hana, ivan, priya):
    a = bid_for(open_tender, hana, "100000.00")
    b = bid_for(open_tender, ivan, "125000.00")
    close(open_tender, priya)
    return a, b


@pytest.mark.parametrize(
    "name", ["tender-bid", "tender-score", "tender-moderate"], ids=["bid", "score", "moderate"]
)
def test_a_hostile_provider_never_finds_a_rivals_bid(signed_in, bids, mallory, name):
    a, _ = bids
    client = signed_in(mallory)
    response = client.get(url(name, a.tender_id, a.pk))
    assert response.status_code == 404
    assert (
        "80000" not in response.content.decode() and "Four workers" not in response.content.decode()
    )
    by_question = criteria(a.tender)
    posted = {f"score_{c.pk}": "0" for c in by_question.values()} | {"reasons": "Sabotage"}
    posted |= {f"comment_{c.pk}": "Bad" for c in by_question.values()}
    assert client.post(url(name, a.tender_id, a.pk), posted).status_code == 404
    assert not EvaluatorScore.objects.exists() and not Moderation.objects.exists()


def test_a_rival_provider_sees_only_its_own_bid_on_the_tender_page(signed_in, bids, ivan):
    a, b = bids
    page = signed_in(ivan).get(url("tender", a.tender_id)).content.decode()
    assert url("tender-bid", b.tender_id, b.pk) in page
    assert url("tender-bid", a.tender_id, a.pk) not in page and "Harbour Hostel" not in page
    assert signed_in(ivan).get(url("tender-bid", a.tender_id, a.pk)).status_code == 404
    api = signed_in(ivan).get(f"/api/v1/tenders/{a.tender_id}/bids/{a.pk}")
    assert api.status_code == 404


@pytest.mark.parametrize("name", ["tender-evaluation", "tender-award", "tender-cancel"])
def test_the_evaluation_is_refused_to_providers(signed_in, bids, mallory, name):
    a, _ = bids
    assert signed_in(mallory).get(url(name, a.tender_id)).status_code == 403
    for fmt in ("csv", "xlsx"):
        assert (
            signed_in(mallory).get(url("tender-evaluation-export", a.tender_id, fmt)).status_code
            == 403
        )
    assert signed_in(mallory).get(f"/api/v1/tenders/{a.tender_id}/evaluation").status_code == 403
    a.tender.refresh_from_db()
    assert a.tender.status == Tender.Status.EVALUATING


def _post_scores(client, bid, values):
    data = {}
    for c in bid.tender.criteria.all():
        data[f"score_{c.pk}"] = str(values[c.question])
        data[f"comment_{c.pk}"] = f"Scored {values[c.question]}"
    return client.post(url("tender-score", bid.tender_id, bid.pk), data)


FULL = {
    "How will you engage women?": 5,
    "How will you keep them housed?": 5,
    "What social value?": 5,
}
LOW = {
    "How will you engage women?": 1,
    "How will you keep them housed?": 2,
    "What social value?": 3,
}


def test_an_evaluator_scores_alone_until_their_own_scores_are_in(signed_in, bids, priya, ruth):
    a, _ = bids
    services.score(
        membership_of(priya), a,
        {c.pk: (4, "Priya's view") for c in a.tender.criteria.all()},
    )  # fmt: skip
    client = signed_in(ruth)
    assert (
        "Priya&#x27;s view" not in client.get(url("tender-bid", a.tender_id, a.pk)).content.decode()
    )
    assert _post_scores(client, a, LOW).status_code == 302
    page = client.get(url("tender-bid", a.tender_id, a.pk)).content.decode()
    assert "Priya&#x27;s view" in page and "Scored 1" in page


def test_an_evaluator_from_the_bidding_organisation_is_refused(signed_in, bids, hana):
    a, _ = bids
    a.tender.evaluators.create(user=hana)
    assert _post_scores(signed_in(hana), a, FULL).status_code == 403
    assert not EvaluatorScore.objects.exists()


def test_moderation_and_the_evaluation_matrix_chart_table_and_export(signed_in, bids, priya, ruth):
    a, b = bids
    for bid in (a, b):
        _post_scores(signed_in(priya), bid, FULL)
        _post_scores(signed_in(ruth), bid, LOW)
    client = signed_in(priya)
    moderate = client.get(url("tender-moderate", a.tender_id, a.pk)).content.decode()
    assert "Scored 1" in moderate and "Scored 5" in moderate  # each evaluator's scores shown
    agreed = {
        "How will you engage women?": 4,
        "How will you keep them housed?": 3,
        "What social value?": 5,
    }
    for bid, values in ((a, agreed), (b, FULL)):
        data = {f"score_{c.pk}": str(values[c.question]) for c in bid.tender.criteria.all()}
        response = client.post(
            url("tender-moderate", bid.tender_id, bid.pk), data | {"reasons": "Agreed."}
        )
        assert response.status_code == 302
    page = client.get(url("tender-evaluation", a.tender_id)).content.decode()
    assert "<svg" in page and 'data-testid="matrix"' in page
    # a: price 40 x 100/100 = 40; quality 40 x (0.6 x 4/5 + 0.4 x 3/5) = 28.80; social 20.
    # b: price 40 x 100/125 = 32; quality 40; social value 20: 92.00.
    csv = client.get(url("tender-evaluation-export", a.tender_id, "csv")).content.decode()
    lines = csv.strip().split("\n")
    assert (
        lines[1] == "1,Haven Housing First,Large,125000.00,100000.00,,32.00,40.00,20.00,92.00,yes"
    )
    assert lines[2] == (
        '2,Harbour Hostel,"Medium, small provider",100000.00,80000.00,,40.00,28.80,20.00,88.80,yes'
    )
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">125,000.00</td>' in page
    scores = client.get(url("tender-scores-export", a.tender_id, "csv")).content.decode()
    rows = scores.strip().split("\n")
    assert "Harbour Hostel,Quality,How will you engage women?,60,Ruth,1,Scored 1" in rows
    assert "Harbour Hostel,Quality,How will you engage women?,60,Moderated,4,Agreed." in rows
    response = client.post(url("tender-award", a.tender_id), {"bid": a.pk, "reasons": "Cheaper"})
    assert "scored 88.80; the highest is 92.00" in response.content.decode()
    response = client.post(
        url("tender-award", a.tender_id), {"bid": b.pk, "reasons": "Highest score."}
    )
    assert response.status_code == 302
    a.tender.refresh_from_db()
    assert a.tender.awarded_bid == b
    assert "awarded to Haven Housing First" in client.get(url("tenders")).content.decode()


def test_bids_are_sealed_until_the_tender_closes(signed_in, open_tender, hana, ivan, priya, grace):
    """Before the closing date nobody but the bidder reads a bid: not the tender's commissioner,
    not its evaluators (who could otherwise tip off a rival)."""
    a = bid_for(open_tender, hana, "100000.00")
    for reader in (priya, grace):
        response = signed_in(reader).get(f"/api/v1/tenders/{open_tender.pk}/bids/{a.pk}")
        assert response.status_code == 404
        assert signed_in(reader).get(url("tender-bid", open_tender.pk, a.pk)).status_code == 404
    close(open_tender, priya)
    assert signed_in(priya).get(url("tender-bid", open_tender.pk, a.pk)).status_code == 200


def test_nobody_from_a_bidding_organisation_can_be_an_evaluator(open_tender, hana, priya, harbour):
    from django.core.exceptions import ValidationError

    from joinedup.accounts.roles import Role
    from joinedup.commissioning import tenders
    from tests.conftest import make_user

    bid_for(open_tender, hana, "100000.00")
    insider = make_user("insider@example.org", harbour, Role.ANALYST)
    with pytest.raises(ValidationError) as refused:
        tenders.appoint_evaluator(membership_of(priya), open_tender, insider)
    assert "user" in refused.value.error_dict
