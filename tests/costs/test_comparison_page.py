"""The fair comparison on the analysis page: the matched cohort beside the supported people, the
balance table, the credited change in words, the deadweight line it feeds, its downloads and
PDF; and the people the panel turned away."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from joinedup.costs import pdf, report, services
from joinedup.costs.models import ServiceUseEvent
from joinedup.people.models import Person
from tests.costs import area
from tests.costs.test_analysis_page import commissioner as _commissioner
from tests.costs.test_analysis_page import url
from tests.costs.test_comparison import _declined

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("threshold_five")]  # worked for 5


def look_alikes(organisation, n=6):
    """People never co-ordinated with the cohort's baseline use (two arrests each in September
    2023), whose arrests also fell, to one each, over the same months: the area-wide trend."""
    people = []
    for i in range(n):
        person = Person.objects.create(first_name=f"L{i}", last_name="Alike", postcode="RV1 2AB")
        for day, quantity in ((date(2023, 9, 1), 2), (date(2024, 6, 1), 1)):
            ServiceUseEvent.objects.create(
                person=person, organisation=organisation, kind="arrest",
                category="criminal_justice", occurred_on=day, quantity=quantity,
            )  # fmt: skip
        people.append(person)
    return people


commissioner = _commissioner


@pytest.fixture
def compared(owner_org, bob):
    cohort = area.build(owner_org, bob)
    return cohort, look_alikes(owner_org)


def test_the_comparison_is_shown_beside_the_cohort_in_plain_words(
    signed_in, commissioner, compared, owner_org
):
    page = signed_in(commissioner).get(url(owner_org, compare="on"))
    text = page.content.decode()
    matched = page.context["report"].matched
    cost = area.prices()
    plain = -12 * cost["arrest"] + 6 * cost["ed_attendance"] + 6 * cost["hostel_night"]
    assert (matched.pairs, matched.plain, matched.deadweight) == (6, plain, -6 * cost["arrest"])
    assert matched.credited == plain + 6 * cost["arrest"]
    rows = {r["name"]: r for r in matched.departments()}
    assert rows["Criminal justice"]["credited"] == -6 * cost["arrest"]
    assert rows["Health"]["comparison_change"] == 0
    assert 'data-testid="comparison-departments"' in text
    said = " ".join(matched.sentences())
    assert "6 similar people who were never co-ordinated also cost" in said
    assert report.money(6 * cost["arrest"]) in said
    assert "Supported people matched with someone similar" in text
    assert "Everyone who could be chosen, mean" in text and "Under 0.1 is well balanced" in text
    assert "a pair whose comparison person died or was in custody" in text


def test_without_the_option_there_is_no_comparison(signed_in, commissioner, compared, owner_org):
    page = signed_in(commissioner).get(url(owner_org))
    assert page.context["report"].matched is None
    assert 'data-testid="comparison"' not in page.content.decode()


def test_the_option_is_ticked_when_the_form_is_first_shown(signed_in, commissioner):
    from django.urls import reverse

    text = signed_in(commissioner).get(reverse("costs:analysis")).content.decode()
    assert 'name="compare" type="checkbox" value="on" checked' in text


def test_the_comparison_s_change_is_the_deadweight_line_unless_one_is_entered(
    signed_in, commissioner, compared, owner_org
):
    client = signed_in(commissioner)
    page = client.get(url(owner_org, compare="on", programme_cost="100"))
    result = page.context["report"].balance()
    cost = area.prices()
    baseline = 12 * cost["arrest"]
    saving = 12 * cost["arrest"] - 6 * cost["ed_attendance"] - 6 * cost["hostel_night"]
    # The comparison's arrests halved: half the cohort's baseline would have gone anyway.
    percent = (Decimal(50) * baseline / saving).quantize(Decimal("0.1"))
    line = result.line("deadweight")
    assert line.label.startswith(f"Less deadweight: {percent}% would have happened anyway")
    assert "from the matched comparison cohort" in line.label
    savings = [-row["change"] for row in page.context["report"].by_period() if row["shown"]]
    assert line.amount == -sum((s * percent / 100).quantize(Decimal("0.01")) for s in savings)
    assert 'data-line="deadweight"' in page.content.decode()
    entered = client.get(url(owner_org, compare="on", programme_cost="100", deadweight="10"))
    assert "10% would have happened anyway (entered)" in (
        entered.context["report"].balance().line("deadweight").label
    )


def test_fewer_than_five_pairs_show_no_money(signed_in, commissioner, owner_org, bob):
    area.build(owner_org, bob)
    look_alikes(owner_org, n=3)
    page = signed_in(commissioner).get(url(owner_org, compare="on"))
    matched = page.context["report"].matched
    assert matched.pairs == 3 and matched.departments() == [] and matched.sentences() == []
    text = page.content.decode()
    assert 'data-testid="comparison-too-few"' in text
    assert "fewer than 5" in text.split('data-testid="comparison-counts"')[1].split("</table>")[0]
    export = signed_in(commissioner).get(url(owner_org, "costs:export-comparison", "csv"))
    assert export.status_code == 404


def test_the_comparison_and_balance_table_download(signed_in, commissioner, compared, owner_org):
    client = signed_in(commissioner)
    csv = client.get(url(owner_org, "costs:export-comparison", "csv", compare="on"))
    lines = csv.content.decode().splitlines()
    assert lines[0] == (
        "department,supported_baseline,supported_follow_up,supported_change,"
        "comparison_baseline,comparison_follow_up,comparison_change,credited_change"
    )
    assert lines[-1].startswith("Total,")
    xlsx = client.get(url(owner_org, "costs:export-matching", "xlsx", compare="on"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][-1] == "balanced"
    assert sheet.max_row == 9  # the header and one row per feature


@pytest.mark.skipif(bool(pdf.missing()), reason=pdf.INSTALL)
def test_the_pdf_has_the_fair_comparison(signed_in, commissioner, compared, owner_org):
    from pypdf import PdfReader

    response = signed_in(commissioner).get(url(owner_org, "costs:analysis-pdf", compare="on"))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "A fair comparison" in text and "Did the matching work?" in text


def test_the_people_turned_away_in_the_period_are_followed_up(signed_in, commissioner, owner_org):
    away = [Person.objects.create(first_name=f"D{i}", last_name="Declined") for i in range(6)]
    for person in away:
        _declined(person, owner_org, date(2024, 5, 1), 12)
        ServiceUseEvent.objects.create(
            person=person, organisation=owner_org, kind="hostel_night", category="housing",
            occurred_on=date(2024, 9, 1), quantity=3,
        )  # fmt: skip
    _declined(away[0], owner_org, date(2024, 8, 1), 18)  # back at the front door, higher need
    services.load_starter()
    query = {"cohort": "accepted", "accepted_from": "2024-01-01", "accepted_to": "2024-12-31",
             "declined": "on", "months": "12", "handling": "exclude",
             "price_year": str(area.PRICE_YEAR)}  # fmt: skip
    page = signed_in(commissioner).get("/costs/analysis/", query)
    turned = page.context["report"].turned_away
    assert turned.people == 6
    assert turned.returns() == ("fewer than 5", "fewer than 5")
    cost = 18 * area.prices()["hostel_night"]
    first, second = turned.sentences()
    assert first.startswith("6 people were turned away as below the threshold from 1 January 2024")
    assert f"cost {report.money(cost)} more in the year after than in the year before" in second
    text = page.content.decode()
    assert 'data-testid="declined-departments"' in text
    csv = signed_in(commissioner).get("/costs/analysis/declined.csv", query).content.decode()
    assert f"Housing,0.00,{cost:.2f}" in csv
