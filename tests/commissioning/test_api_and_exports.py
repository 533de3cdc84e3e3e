"""The commissioning API and downloads carry the pages' own figures, exact to the penny, and
only to those who may read them."""

import csv
import io
from decimal import Decimal

from django.urls import reverse


def test_the_api_lists_contracts_and_shows_the_supply_chain(signed_in, claire, pbr):
    client = signed_in(claire)
    listed = client.get("/api/v1/commissioning/contracts/").json()
    assert listed["count"] == 1 and listed["items"][0]["reference"] == "RMD-001"
    detail = client.get(f"/api/v1/commissioning/contracts/{pbr.pk}/").json()
    chain = {p["provider"]: p for p in detail["supply_chain"]}
    assert Decimal(chain["Second Chance Peer Mentors"]["share_at_risk"]) == Decimal("0.6")
    assert chain["Second Chance Peer Mentors"]["over_cap"] is True
    assert Decimal(detail["risk_cap"]) == Decimal("0.2")


def test_a_hostile_provider_gets_nothing_from_the_api(signed_in, mallory, pbr):
    client = signed_in(mallory)
    assert client.get("/api/v1/commissioning/contracts/").json()["count"] == 0
    assert client.get(f"/api/v1/commissioning/contracts/{pbr.pk}/").status_code == 404
    assert client.get("/api/v1/commissioning/budgets/").status_code == 403


def test_the_supply_chain_downloads_to_the_penny(signed_in, claire, pbr):
    pbr.parties.filter(tier="prime").update(at_risk=Decimal("70000.01"))
    response = signed_in(claire).get(
        reverse("commissioning:contract-export", args=[pbr.pk, "supply-chain", "csv"])
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    prime = next(r for r in rows if r["tier"] == "Prime or lead provider")
    assert prime["at_risk"] == "70000.01" and prime["share_at_risk"] == "0.1000"


def test_the_contracts_workbook_opens(signed_in, claire, pbr):
    from openpyxl import load_workbook

    response = signed_in(claire).get(reverse("commissioning:contracts-export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["reference", "title", "commissioner"]
    assert sheet["A2"].value == "RMD-001"


def test_the_contract_summary_prints_as_a_pdf(signed_in, claire, pbr):
    from pypdf import PdfReader

    from joinedup.costs import pdf

    response = signed_in(claire).get(reverse("commissioning:contract-pdf", args=[pbr.pk]))
    if pdf.missing():
        assert response.status_code == 503
        return
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Co-ordination and move-on" in text and "Second Chance Peer Mentors" in text
