"""The needs analysis pages, downloads and report: for commissioners and analysts only."""

from datetime import timedelta
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.costs import pdf
from joinedup.costs.models import ServiceUseEvent
from joinedup.directory.models import Locality, Organisation
from joinedup.people.models import Person
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(owner_org):
    ward = Locality.objects.create(
        code="A1", name="Quayside", population=1000, deprivation_decile=1, postcode_district="RV1"
    )
    day = timezone.localdate() - timedelta(days=30)
    # Not the owner's drug and alcohol service: its every record would count as drug use.
    hostel = Organisation.objects.create(name="Hostel", kind="other", sector="social")
    for i in range(24):
        p = Person.objects.create(first_name=f"Zed{i}", last_name="Quill", postcode="RV1 2AB")
        for kind in ("hostel_night", "court_appearance")[: 1 + i % 2]:
            ServiceUseEvent.objects.create(
                person=p, organisation=hostel, kind=kind, category="other", occurred_on=day
            )
    return ward


@pytest.fixture
def commissioner(owner_org):
    return make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)


def test_a_commissioner_sees_the_overlaps_and_their_rules(signed_in, commissioner, area):
    page = signed_in(commissioner).get(reverse("needs:analysis")).content.decode()
    assert "How a person is counted in a domain" in page
    assert "A hostel night, a night sleeping rough" in page  # the rule's own words
    assert "<svg" in page  # the UpSet chart, drawn on the server
    assert "Homelessness only" in page and "Zed" not in page and "Quill" not in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">12</td>' in page
    assert reverse("needs:locality", args=[area.pk]) in page


def test_a_wards_page_and_its_downloads(signed_in, commissioner, area):
    client = signed_in(commissioner)
    page = client.get(reverse("needs:locality", args=[area.pk]))
    assert page.status_code == 200 and "Quayside" in page.content.decode()
    csv = client.get(reverse("needs:export-combinations", args=["csv"]) + f"?locality={area.pk}")
    assert csv["Content-Disposition"] == 'attachment; filename="needs-combinations-A1.csv"'
    text = csv.content.decode()
    assert text.splitlines()[0].startswith("Combination of domains,Domains,People")
    assert "Homelessness only,1,12,50" in text and "Zed" not in text
    xlsx = client.get(reverse("needs:export-localities", args=["xlsx"]))
    sheet = openpyxl.load_workbook(BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "Group" and sheet["A2"].value == "Quayside"


def test_a_missing_ward_is_404(signed_in, commissioner, area):
    assert signed_in(commissioner).get(reverse("needs:locality", args=[999])).status_code == 404


@pytest.mark.skipif(bool(pdf.missing()), reason="WeasyPrint is not installed here")
def test_the_report_is_a_pdf_with_method_and_sources(signed_in, commissioner, area):
    from pypdf import PdfReader

    response = signed_in(commissioner).get(reverse("needs:pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Method, sources and period" in text and "Hard Edges" in text
    assert "Zed" not in text


def test_people_who_see_names_are_refused(signed_in, alice, area):
    assert signed_in(alice).get(reverse("needs:analysis")).status_code == 403
