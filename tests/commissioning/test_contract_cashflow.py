"""A contract's cash flow, from its own terms, worked by hand; and the page's files give the same
months through `joinedup cashflow`.

The contract: 12 months from April 2026, value £12,000, open-book cost £1,000 a month, one
provider with £6,000 of its £12,000 at risk (half), one final outcome at £1,000 with 6 expected,
paid 2 months after it is achieved, and a cap of £6,000. With the first outcomes in month 4, the
6 fall one a month in months 4 to 9 and are paid in months 6 to 11.

Payment by results: half the value guaranteed, £500 a month. Months 1 to 5: -£500 each, so the
balance is -£2,500 at month 5 (the working capital); months 6 to 11: £1,500 in, £1,000 out, +£500
each, to +£500; month 12: £500 in, £1,000 out, to £0.00. A block contract pays £1,000 a month:
the balance stays at £0.00 and needs no working capital.
"""

import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from joinedup.commissioning import contract_cashflow
from joinedup.commissioning.models import Contract, Party, RateCardOutcome


@pytest.fixture
def small(housing, prime, indicator):
    contract = Contract.objects.create(
        reference="S-1",
        title="Small",
        commissioner=housing,
        mechanism="pbr",
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
        value=Decimal("12000"),
        payment_lag_months=2,
        outcome_cap=Decimal("6000"),
        monthly_cost=Decimal("1000"),
    )
    Party.objects.create(
        contract=contract,
        organisation=prime,
        tier="prime",
        value=Decimal("12000"),
        at_risk=Decimal("6000"),
    )
    RateCardOutcome.objects.create(
        contract=contract, name="Moved on", indicator=indicator, price=Decimal("1000"), expected=6
    )
    return contract


def test_spread_puts_whole_outcomes_evenly_earliest_first():
    assert contract_cashflow.spread(6, 4, 12) == {4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1}
    assert contract_cashflow.spread(7, 1, 3) == {1: 3, 2: 2, 3: 2}
    assert contract_cashflow.spread(0, 1, 3) == {}


def test_pbr_against_block_worked_by_hand(small):
    result = contract_cashflow.compare(small, ["block"], contract_cashflow.Assumptions())
    pbr = result.results["payment_by_results"]
    assert [r.balance for r in pbr] == [
        Decimal(x)
        for x in [
            "-500",
            "-1000",
            "-1500",
            "-2000",
            "-2500",
            "-2000",
            "-1500",
            "-1000",
            "-500",
            "0",
            "500",
            "0",
        ]
    ]
    assert result.working_capital == {
        "payment_by_results": Decimal("2500.00"),
        "block": Decimal("0.00"),
    }
    assert result.on_outcomes["payment_by_results"] == Decimal("0.5000")
    assert result.labels["payment_by_results"] == "Payment by results (this contract)"


def test_half_the_outcomes_halves_what_is_earned_on_them(small):
    half = contract_cashflow.Assumptions(achieved=Decimal("0.5"))
    result = contract_cashflow.compare(small, [], half)
    # 3 outcomes, in months 4 to 6, paid in months 6 to 8: £6,000 guaranteed + £3,000.
    assert result.income["payment_by_results"] == Decimal("9000.00")
    assert result.results["payment_by_results"][-1].balance == Decimal("-3000.00")


def test_one_providers_part_earns_its_share_of_the_risk(small, hostel):
    small.parties.update(value=Decimal("9000"), at_risk=Decimal("3000"))
    sub = Party.objects.create(
        contract=small,
        organisation=hostel,
        tier="sub",
        value=Decimal("3000"),
        at_risk=Decimal("3000"),
    )
    terms = contract_cashflow.terms_for(small, contract_cashflow.Assumptions(party=sub))
    # A quarter of the value and of the cost; half of the contract's risk, so half of each
    # outcome's price and of the cap; all of its own part at risk.
    assert terms.value == Decimal("3000") and terms.monthly_cost == Decimal("250.00")
    assert terms.rate_card[0].price == Decimal("500.00") and terms.cap == Decimal("3000.00")
    assert terms.share_at_risk == Decimal("1.0000")


def test_the_page_compares_and_its_files_check_out_through_the_command(
    signed_in, claire, small, tmp_path
):
    client = signed_in(claire)
    page = client.get(reverse("commissioning:cashflow", args=[small.pk])).content.decode()
    assert "£2,500" in page and "Block contract" in page and "<svg" in page
    spec = client.get(reverse("commissioning:cashflow-spec", args=[small.pk, "payment_by_results"]))
    months = client.get(
        reverse("commissioning:cashflow-months", args=[small.pk, "payment_by_results"])
    )
    (tmp_path / "spec.json").write_bytes(spec.content)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "joinedup.cli",
            "cashflow",
            str(tmp_path / "spec.json"),
            "--out",
            str(tmp_path / "months.csv"),
        ],
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "months.csv").read_text() == months.content.decode()
    assert months.content.decode().splitlines()[-1] == "working_capital,,,2500.00"


def test_a_hostile_provider_cannot_see_the_cash_flow(signed_in, mallory, small):
    assert (
        signed_in(mallory).get(reverse("commissioning:cashflow", args=[small.pk])).status_code
        == 404
    )
