"""The commissioning pages as each role uses them, and as a hostile user of another
organisation tries them: refused, and nothing changed."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse

from joinedup.commissioning.models import Contract, Party, PooledBudget
from joinedup.commissioning.review_models import Approval, JointFundingRequest, ReviewDecision


def test_the_commissioner_sees_contracts_warnings_and_can_let_one(signed_in, claire, pbr):
    page = signed_in(claire).get(reverse("commissioning:index")).content.decode()
    assert "RMD-001" in page and "Let a contract" in page
    assert "warnings" in page  # the PbR contract has risk warnings


def test_an_analyst_reads_but_cannot_change(signed_in, analyst, pbr):
    client = signed_in(analyst)
    page = client.get(reverse("commissioning:contract", args=[pbr.pk])).content.decode()
    assert "Second Chance Peer Mentors" in page and "Change the contract" not in page
    assert client.get(reverse("commissioning:contract-edit", args=[pbr.pk])).status_code == 403
    assert client.post(reverse("commissioning:budget-new"), {"name": "X"}).status_code == 403


def test_a_provider_sees_only_the_contracts_it_is_in(signed_in, nadia, mallory, pbr):
    page = signed_in(nadia).get(reverse("commissioning:index")).content.decode()
    assert "Your contracts" in page and "RMD-001" in page
    assert signed_in(nadia).get(reverse("commissioning:contract", args=[pbr.pk])).status_code == 200
    hostile = signed_in(mallory)
    assert hostile.get(reverse("commissioning:contract", args=[pbr.pk])).status_code == 404
    rivals_page = hostile.get(reverse("commissioning:index")).content.decode()
    assert "not in any contract yet" in rivals_page and "RMD-001" not in rivals_page


def test_a_hostile_provider_cannot_add_itself_to_a_contract(signed_in, mallory, rival, pbr):
    response = signed_in(mallory).post(
        reverse("commissioning:party-new", args=[pbr.pk]),
        {"organisation": rival.pk, "tier": "sub", "value": "1", "at_risk": "0"},
    )
    assert response.status_code == 404
    assert not Party.objects.filter(organisation=rival).exists()


def test_a_practitioner_is_refused(signed_in, alice):
    assert signed_in(alice).get(reverse("commissioning:index")).status_code == 403


def test_creating_a_pool_and_contributing(signed_in, claire, adults):
    client = signed_in(claire)
    response = client.post(
        reverse("commissioning:budget-new"),
        {"name": "Young people's pool", "purpose": "One pathway", "governance": "A board"},
    )
    pool = PooledBudget.objects.get()
    assert response.url == reverse("commissioning:budget", args=[pool.pk])
    response = client.post(
        reverse("commissioning:contribution-new", args=[pool.pk]),
        {"commissioner": adults.pk, "year": 2026, "amount": "12.345"},
    )
    assert (
        "Amount: enter pounds and pence, with at most 2 decimal places" in response.content.decode()
    )
    client.post(
        reverse("commissioning:contribution-new", args=[pool.pk]),
        {"commissioner": adults.pk, "year": 2026, "amount": "180000"},
    )
    page = client.get(reverse("commissioning:budget", args=[pool.pk])).content.decode()
    assert "£180,000" in page and "2026-27" in page


def _contract_form(**changes):
    data = {
        "reference": "RMD-9",
        "title": "Outreach",
        "mechanism": "pbr",
        "delivery": "prime",
        "status": "draft",
        "starts_on_0": "1",
        "starts_on_1": "4",
        "starts_on_2": "2026",
        "ends_on_0": "31",
        "ends_on_1": "3",
        "ends_on_2": "2029",
        "value": "600000",
        "payment_lag_months": "2",
    }
    return data | changes


def test_letting_a_contract_names_what_is_wrong(signed_in, claire):
    client = signed_in(claire)
    response = client.post(reverse("commissioning:contract-new"), _contract_form(upfront="700000"))
    assert (
        "The up-front payment cannot be more than the contract&#x27;s value"
        in response.content.decode()
    )
    assert not Contract.objects.exists()
    response = client.post(
        reverse("commissioning:contract-new"), _contract_form(max_share_at_risk="25")
    )
    contract = Contract.objects.get()
    assert contract.max_share_at_risk == Decimal("0.2500")
    assert response.url == reverse("commissioning:contract", args=[contract.pk])


def test_adding_a_provider_too_big_for_the_contract_is_refused_on_the_field(
    signed_in, claire, pbr, rival
):
    response = signed_in(claire).post(
        reverse("commissioning:party-new", args=[pbr.pk]),
        {"organisation": rival.pk, "tier": "sub", "value": "5", "at_risk": "0"},
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page and "£0 is left to share" in page
    assert 'href="#id_value"' in page


def test_a_decommission_needs_a_transition_plan_and_keeps_its_evidence(
    signed_in, claire, pbr, person, prime
):
    person.involvements.create(
        organisation=prime, role="Co-ordinator", started_on=date.today() - timedelta(days=30)
    )
    client = signed_in(claire)
    url = reverse("commissioning:decision-new", args=[pbr.pk])
    form = client.get(url).content.decode()
    assert "support <strong>fewer than" in form  # one person supported: never shown as 1
    data = {
        "decision": "decommission",
        "reasons": "Outcomes far below expected",
        "decided_on_0": "1",
        "decided_on_1": "12",
        "decided_on_2": "2026",
    }
    page = client.post(url, data).content.decode()
    assert "Write the transition plan" in page and 'href="#id_transition_plan"' in page
    assert not ReviewDecision.objects.exists()
    client.post(
        url, data | {"transition_plan": "Each person moves to the new co-ordinator by March."}
    )
    decision = ReviewDecision.objects.get()
    assert decision.people_supported == 1
    assert decision.evidence["value"] == "1000000.00"
    assert Contract.objects.get().status == "decommissioned"
    shown = client.get(
        reverse("commissioning:decision", args=[pbr.pk, decision.pk])
    ).content.decode()
    assert "Each person moves to the new co-ordinator" in shown


def test_another_department_cannot_record_a_decision(signed_in, ruth, pbr):
    url = reverse("commissioning:decision-new", args=[pbr.pk])
    assert signed_in(ruth).post(url, {"decision": "continue", "reasons": "x"}).status_code == 403
    assert not ReviewDecision.objects.exists()


def test_joint_funding_from_request_to_answers(
    signed_in, client, alice, claire, ruth, housing, adults, person
):
    url = reverse("commissioning:funding-new", args=[person.pk])
    page = (
        signed_in(alice)
        .post(
            url,
            {
                "title": "Residential rehab",
                "summary": "Mother of two",
                f"share_{housing.pk}": "9000",
            },
        )
        .content.decode()
    )
    assert "Give at least two budget holders a share" in page
    signed_in(alice).post(
        url,
        {
            "title": "Residential rehab",
            "summary": "Mother of two",
            f"share_{housing.pk}": "9000",
            f"share_{adults.pk}": "6000.50",
        },
    )
    made = JointFundingRequest.objects.get()
    assert made.amount == Decimal("15000.50")
    detail = reverse("commissioning:funding", args=[made.pk])
    seen = signed_in(claire).get(detail).content.decode()
    assert "Mother of two" in seen and person.full_name not in seen  # the case, never the name
    signed_in(claire).post(detail, {"answer": "approve"})
    page = signed_in(ruth).post(detail, {"answer": "decline"}).content.decode()
    assert "Say why the budget cannot pay its share" in page
    answers = dict(Approval.objects.values_list("budget_holder__name", "answer"))
    assert answers == {
        "Council Housing Options": "approved",
        "Council Adult Social Care": "waiting",
    }
    assert person.full_name in signed_in(alice).get(detail).content.decode()


def test_an_outsider_cannot_ask_for_funding_for_someone_they_do_not_see(signed_in, charlie, person):
    response = signed_in(charlie).post(
        reverse("commissioning:funding-new", args=[person.pk]), {"title": "x", "summary": "y"}
    )
    assert response.status_code == 404
    assert not JointFundingRequest.objects.exists()
