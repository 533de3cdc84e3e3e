"""The claim services: assembled from the evidence, capped per person and per contract, and
taken through submit, query, reject, accept and payment by the people allowed to. A claim
without evidence cannot be accepted."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.commissioning import claims
from joinedup.commissioning.claim_models import Claim, ClaimLine, Payment
from tests.commissioning import claims_area as area

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(owner_org):
    council = area.commissioner_org()
    c = area.contract(council, owner_org)
    outcome = area.rate(c, area.indicator(council))
    return {
        "contract": c,
        "outcome": outcome,
        "payer": area.commissioner(council),
        "provider": area.provider_manager(owner_org),
        "org": owner_org,
    }


def make(setup, period=area.H1):
    return claims.assemble(setup["provider"], setup["contract"], *period)


def test_a_claim_is_assembled_from_the_readings_of_the_people_served(setup):
    ann = area.served_person(setup["org"])
    reading = area.crossing(ann, on=date(2025, 3, 1))
    area.crossing(area.served_person(setup["org"], "Bea"), before=33, after=30)  # not past 29
    outsider = area.served_person(area.commissioner_org("Elsewhere"), "Cy")
    area.crossing(outsider)  # not served by the provider
    found = make(setup)
    (line,) = found.claim.lines.all()
    assert (line.person_id, line.achieved_on, line.amount) == (ann.pk, date(2025, 3, 1), 1500)
    assert line.evidence[-1]["id"] == reading.pk and line.evidence[-1]["value"] == "27.00"
    assert (
        found.claim.status == Claim.Status.DRAFT and found.claim.party.organisation == setup["org"]
    )


def test_someone_already_below_the_level_before_is_not_an_outcome(setup):
    ann = area.served_person(setup["org"])
    area.reading(ann, date(2024, 10, 1), 25)
    area.reading(ann, date(2025, 3, 1), 24)
    area.reading(area.served_person(setup["org"], "Bea"), date(2025, 3, 1), 20)  # first reading
    assert make(setup).claim.lines.count() == 0


def test_an_involvement_that_ended_before_the_period_is_not_served(setup):
    ann = area.served_person(setup["org"], ended=date(2024, 12, 1))
    area.crossing(ann)
    assert make(setup).claim.lines.count() == 0


def test_per_person_cap_holds_across_claims(setup):
    ann = area.served_person(setup["org"])
    area.crossing(ann, on=date(2025, 2, 1))
    area.reading(ann, date(2025, 3, 1), 35)  # back above
    area.reading(ann, date(2025, 4, 1), 26)  # and below again: a second achievement
    found = make(setup)
    assert found.claim.lines.count() == 1 and found.capped_per_person == 1
    claims.submit(setup["provider"], found.claim)  # a draft holds nothing against the caps
    setup["outcome"].per_person = 2
    setup["outcome"].save()
    second = make(setup)
    # the first claim holds 2 Feb; the second takes 1 April only, and not 2 Feb again
    assert [line.achieved_on for line in second.claim.lines.all()] == [date(2025, 4, 1)]
    assert second.already_claimed == 1


def test_a_rejected_claim_no_longer_counts_against_the_caps(setup):
    area.crossing(area.served_person(setup["org"]))
    first = make(setup).claim
    claims.submit(setup["provider"], first)
    claims.reject(setup["payer"], first, "Wrong period")
    assert make(setup).claim.lines.count() == 1


def test_the_contract_cap_pays_the_line_that_passes_it_up_to_the_cap(setup):
    setup["contract"].outcome_cap = Decimal("2000.00")
    setup["contract"].save()
    for name, day in [
        ("Ann", date(2025, 2, 1)),
        ("Bea", date(2025, 3, 1)),
        ("Cy", date(2025, 4, 1)),
    ]:
        area.crossing(area.served_person(setup["org"], name), on=day)
    found = make(setup)
    amounts = list(found.claim.lines.values_list("amount", flat=True))
    assert amounts == [Decimal("1500.00"), Decimal("500.00")]
    assert found.capped_by_contract == 1 and found.claim.total == Decimal("2000.00")


def test_a_period_not_over_or_outside_the_term_is_refused(setup):
    tomorrow = date.today() + timedelta(days=2)
    with pytest.raises(ValidationError) as e:
        make(setup, (date(2025, 1, 1), tomorrow))
    assert "period_end" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        make(setup, (date(2024, 12, 1), date(2025, 2, 1)))
    assert "starts before the contract" in e.value.message_dict["period_start"][0]
    assert not Claim.objects.exists()


def test_the_flow_submit_query_resubmit_accept_pay(setup, django_user_model):
    area.crossing(area.served_person(setup["org"]))
    claim = make(setup).claim
    claims.submit(setup["provider"], claim)
    claim.refresh_from_db()
    first_submitted = claim.submitted_at
    with pytest.raises(ValidationError):
        claims.query(setup["payer"], claim, "  ")
    claims.query(setup["payer"], claim, "Which reading shows this?")
    claim.refresh_from_db()
    assert (claim.status, claim.reason) == (Claim.Status.QUERIED, "Which reading shows this?")
    with pytest.raises(ValidationError):
        claims.accept(setup["payer"], claim)  # only a submitted claim
    claims.submit(setup["provider"], claim)
    claims.accept(setup["payer"], claim, setup["payer"].user)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACCEPTED and claim.submitted_at == first_submitted
    with pytest.raises(ValidationError) as e:
        claims.record_payment(setup["payer"], claim, date.today() + timedelta(days=1))
    assert "paid_on" in e.value.message_dict
    payment = claims.record_payment(setup["payer"], claim, date.today(), "BACS 991")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID
    assert (payment.amount, payment.kind, payment.party) == (
        Decimal("1500.00"),
        Payment.Kind.OUTCOMES,
        claim.party,
    )


def test_a_claim_without_evidence_cannot_be_accepted(setup):
    ann = area.served_person(setup["org"])
    claim = Claim.objects.create(
        contract=setup["contract"],
        party=setup["contract"].parties.get(),
        period_start=area.H1[0],
        period_end=area.H1[1],
    )
    ClaimLine.objects.create(
        claim=claim,
        outcome=setup["outcome"],
        person=ann,
        achieved_on=date(2025, 3, 1),
        amount=Decimal("1500.00"),
        evidence=[],
    )
    # Submitting finds the lines again (and would find none here): this one reached the
    # commissioner some other way, as an import or an older version might send it.
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.SUBMITTED)
    claim.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        claims.accept(setup["payer"], claim)
    assert "A claim without evidence cannot be accepted." in e.value.messages
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED and claim.decided_at is None


def test_evidence_that_has_gone_since_the_claim_was_made_stops_acceptance(setup):
    ann = area.served_person(setup["org"])
    reading = area.crossing(ann)
    claim = make(setup).claim
    claims.submit(setup["provider"], claim)
    reading.delete()
    with pytest.raises(ValidationError) as e:
        claims.accept(setup["payer"], claim)
    assert any("no longer found for one line" in m for m in e.value.messages)
    assert Claim.objects.get().status == Claim.Status.SUBMITTED


def test_an_empty_claim_cannot_be_submitted(setup):
    claim = make(setup).claim
    with pytest.raises(ValidationError):
        claims.submit(setup["provider"], claim)


def test_hostile_users_of_other_organisations_change_nothing(setup, other_org):
    area.crossing(area.served_person(setup["org"]))
    claim = make(setup).claim
    other_provider = area.provider_manager(other_org, "mallory@example.org")
    other_payer = area.commissioner(area.commissioner_org("Other Council"), "oscar@example.org")
    with pytest.raises(PermissionDenied):
        claims.assemble(other_provider, setup["contract"], *area.H1)
    with pytest.raises(PermissionDenied):
        claims.submit(other_provider, claim)
    with pytest.raises(PermissionDenied):
        claims.reassemble(other_provider, claim)
    with pytest.raises(PermissionDenied):
        claims.submit(setup["payer"], claim)  # the commissioner does not submit for them
    claims.submit(setup["provider"], claim)
    for action in (claims.accept, claims.query, claims.reject):
        with pytest.raises(PermissionDenied):
            action(other_payer, claim, "because")
        with pytest.raises(PermissionDenied):
            action(setup["provider"], claim, "because")  # nor the provider its own
    claims.accept(setup["payer"], claim)
    with pytest.raises(PermissionDenied):
        claims.record_payment(other_payer, claim, date.today())
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACCEPTED and not Payment.objects.exists()
    assert Claim.objects.count() == 1


def test_reassembling_a_queried_claim_finds_new_evidence(setup):
    claim = make(setup).claim
    assert claim.lines.count() == 0
    area.crossing(area.served_person(setup["org"]))
    claims.reassemble(setup["provider"], claim)
    assert claim.lines.count() == 1


def test_unsent_drafts_do_not_use_up_the_caps_and_submitting_checks_them_again(setup):
    area.crossing(area.served_person(setup["org"]))
    first, second = make(setup).claim, make(setup).claim
    assert first.lines.count() == second.lines.count() == 1  # a draft holds nothing back
    claims.submit(setup["provider"], first)
    with pytest.raises(ValidationError):
        claims.submit(setup["provider"], second)  # the same outcome, now claimed
    second.refresh_from_db()
    assert second.status == Claim.Status.DRAFT and second.lines.count() == 1
