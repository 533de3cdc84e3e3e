"""The cohort cost analysis page, its downloads and its PDF: what a commissioner sees."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from joinedup.accounts.roles import Role
from joinedup.audit.models import AccessLog
from joinedup.costs import pdf, report
from joinedup.directory.models import Organisation
from tests.conftest import make_user
from tests.costs import area

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("threshold_five")]  # worked for 5


@pytest.fixture
def commissioner(other_org):
    council = Organisation.objects.create(
        name="Riverside Council", kind="council_department", sector="public"
    )
    return make_user("cara@example.org", council, Role.COMMISSIONER)


@pytest.fixture
def cohort(owner_org, bob):
    return area.build(owner_org, bob)


def query(**extra):
    params = {
        "cohort": "organisation",
        "organisation": "",
        "months": "12",
        "handling": "exclude",
        "price_year": str(area.PRICE_YEAR),
    }
    params.update(extra)
    return "&".join(f"{k}={v}" for k, v in params.items())


def url(owner_org, name="costs:analysis", *args, **extra):
    return f"{reverse(name, args=args)}?{query(organisation=owner_org.pk, **extra)}"


def test_it_shows_who_pays_and_who_saves_by_department(signed_in, commissioner, cohort, owner_org):
    page = signed_in(commissioner).get(url(owner_org))
    assert page.status_code == 200
    text = page.content.decode()
    cost = area.prices()
    saved = 6 * 2 * cost["arrest"]
    spent = 6 * cost["ed_attendance"]
    rows = {row["name"]: row for row in page.context["report"].departments}
    assert rows["Criminal justice"]["baseline"] == saved
    assert rows["Criminal justice"]["follow_up"] == 0
    assert rows["Health"]["change"] == spent
    assert rows["Housing"]["change"] == 6 * cost["hostel_night"]
    assert f"Criminal justice spent {report.money(saved)} less" in text
    assert f"health spent {report.money(spent)} more" in text
    assert "<svg" in text and "Change in each department&#x27;s cost" in text
    assert f"Unit cost register version 1, prices at {area.PRICE_YEAR}-24" in text
    assert 'data-testid="cohort-size">6 people' in text


def test_the_cohort_is_read_through_the_audited_unscoped_path(
    signed_in, commissioner, cohort, owner_org
):
    signed_in(commissioner).get(url(owner_org))
    entry = AccessLog.objects.get(user=commissioner, action=AccessLog.Action.UNSCOPED)
    assert "cost analysis" in entry.purpose


def test_money_is_never_shown_for_fewer_than_five_people(signed_in, commissioner, owner_org, bob):
    area.build(owner_org, bob, n=3)
    page = signed_in(commissioner).get(url(owner_org))
    text = page.content.decode()
    assert 'data-testid="too-few"' in text
    assert "fewer than 5" in text
    assert page.context["report"].departments == []
    assert "£" not in text.split('data-testid="cost-results"')[1].split('data-testid="periods"')[0]
    export = signed_in(commissioner).get(url(owner_org, "costs:export-departments", "csv"))
    assert export.content.decode().strip() == "department,baseline,follow_up,change,change_percent"


def test_people_who_died_are_left_out_or_annualised_as_chosen(
    signed_in, commissioner, cohort, owner_org
):
    from joinedup.referrals.models import ListStatus, StatusChange

    StatusChange.objects.create(
        person=cohort[0],
        status=ListStatus.DIED,
        on=area.START.replace(month=9),
        died_on=area.START.replace(month=9),
    )
    client = signed_in(commissioner)
    left_out = client.get(url(owner_org)).context["report"]
    assert (left_out.first.people, left_out.first.left_out_died) == (5, 1)
    assert "left out of that comparison" in client.get(url(owner_org)).content.decode()
    scaled = client.get(url(owner_org, handling="annualise")).context["report"]
    assert (scaled.first.people, scaled.first.annualised) == (6, 1)
    assert (
        "scaled up to the whole window by their days at risk"
        in client.get(url(owner_org, handling="annualise")).content.decode()
    )


def test_optimism_bias_is_its_own_line_in_the_balance(signed_in, commissioner, cohort, owner_org):
    page = signed_in(commissioner).get(url(owner_org, programme_cost="1000", optimism_bias="40"))
    result = page.context["report"].balance()
    gross = result.line("gross").amount
    assert result.line("optimism_bias").amount == -(gross * Decimal("0.4")).quantize(
        Decimal("0.01")
    )
    assert 'data-line="optimism_bias"' in page.content.decode()
    assert result.net == result.credited - 1000


def test_a_missing_choice_is_named_and_linked_in_the_error_summary(signed_in, commissioner, cohort):
    page = signed_in(commissioner).get(reverse("costs:analysis") + "?" + query(months="0"))
    text = page.content.decode()
    assert 'href="#id_organisation"' in text and "Choose the service" in text
    assert 'href="#id_months"' in text
    assert page.context["report"] is None


def test_an_unknown_price_year_is_explained(signed_in, commissioner, cohort, owner_org):
    text = signed_in(commissioner).get(url(owner_org, price_year="2099")).content.decode()
    assert 'href="#id_price_year"' in text and "2099" in text


def test_people_s_own_workers_are_refused_the_area_view(signed_in, alice, cohort, owner_org):
    assert signed_in(alice).get(url(owner_org)).status_code == 403


def test_every_table_downloads_as_xlsx_and_csv(signed_in, commissioner, cohort, owner_org):
    from openpyxl import load_workbook

    client = signed_in(commissioner)
    extra = {"programme_cost": "1000", "optimism_bias": "10"}
    for table in ("departments", "items", "periods", "balance"):
        xlsx = client.get(url(owner_org, f"costs:export-{table}", "xlsx", **extra))
        assert xlsx.status_code == 200, table
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet.max_row > 1, table
    sheet = load_workbook(
        io.BytesIO(client.get(url(owner_org, "costs:export-departments", "xlsx")).content)
    ).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert Decimal(str(rows["Criminal justice"][1])) == 12 * area.prices()["arrest"]
    csv = client.get(url(owner_org, "costs:export-items", "csv")).content.decode()
    assert csv.startswith("item,department,baseline,follow_up,change,change_percent\n")
    assert "Arrests,Criminal justice," in csv


@pytest.mark.skipif(bool(pdf.missing()), reason=pdf.INSTALL)
def test_the_pdf_report_has_the_tables_chart_method_and_sources(
    signed_in, commissioner, cohort, owner_org
):
    from pypdf import PdfReader

    response = signed_in(commissioner).get(
        url(owner_org, "costs:analysis-pdf", programme_cost="1000")
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    expected = ["Cost by department", "Statement of method", "Green Book", "Criminal justice",
                "Unit cost register version 1", "The balance"]  # fmt: skip
    assert [e for e in expected if e not in text] == []


def test_without_weasyprint_the_pdf_link_says_what_to_install(
    signed_in, commissioner, cohort, owner_org, monkeypatch
):
    monkeypatch.setattr(pdf, "missing", lambda: pdf.INSTALL)
    client = signed_in(commissioner)
    assert "apt-get install libpango" in client.get(url(owner_org)).content.decode()
    response = client.get(url(owner_org, "costs:analysis-pdf"))
    assert response.status_code == 503 and "libpango" in response.content.decode()


def test_the_commissioner_s_home_links_to_the_analysis(signed_in, commissioner):
    assert reverse("costs:analysis") in signed_in(commissioner).get("/").content.decode()


def test_money_reads_as_pounds_on_the_page():
    assert report.money(Decimal("1234.5")) == "£1,235"
    assert report.money(Decimal("-300")) == "−£300"
    assert report.money(Decimal("1234.5"), pence=True) == "£1,234.50"


def test_every_required_field_is_named_in_the_error_summary(db):
    from joinedup.costs.analysis_forms import AnalysisForm

    form = AnalysisForm({})
    form.is_valid()
    messages = [m for errors in form.errors.values() for m in errors]
    assert messages and "This field is required." not in messages


def test_use_the_register_cannot_price_is_said_on_the_page(
    signed_in, commissioner, cohort, owner_org
):
    from joinedup.costs.models import ServiceUseEvent

    person = ServiceUseEvent.objects.filter(organisation=owner_org).first().person
    ServiceUseEvent.objects.create(
        person=person, organisation=owner_org, kind="space_flight", category="other",
        occurred_on=ServiceUseEvent.objects.filter(person=person).first().occurred_on,
    )  # fmt: skip
    page = signed_in(commissioner).get(url(owner_org))
    assert page.status_code == 200
    assert "The unit cost register cannot price this cohort" in page.content.decode()
    assert page.context["report"] is None
