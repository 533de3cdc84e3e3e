"""A commissioner opens their home, goes to the needs analysis, drills into a ward's overlaps
and downloads the needs assessment report."""

import io
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from joinedup.costs import kinds, pdf
from joinedup.costs.models import ServiceUseEvent
from joinedup.directory.models import Locality, Organisation
from joinedup.people.models import Person
from tests.e2e.conftest import sign_in

#: Kinds by person number: enough people in each combination to pass the threshold of 10.
PATTERNS = [
    ["hostel_night"],
    ["hostel_night", "court_appearance"],
    ["treatment_episode", "court_appearance"],
    ["hostel_night", "court_appearance", "treatment_episode"],
]


def build(_org):
    org = Organisation.objects.create(name="Harbour Hostel", kind="other", sector="social")
    ward = Locality.objects.create(
        code="RV01", name="Quayside", population=9800, deprivation_decile=1, postcode_district="RV1"
    )
    Locality.objects.create(
        code="RV02", name="Old Town", population=8700, deprivation_decile=1, postcode_district="RV2"
    )
    day = timezone.localdate() - timedelta(days=20)
    for i in range(96):
        person = Person.objects.create(
            first_name=f"Zed{i}", last_name="Quill", sex="MF"[i % 2],
            postcode=f"RV{1 + (i // 4) % 2} 1AB",
        )  # fmt: skip
        for kind in PATTERNS[i % 4]:
            ServiceUseEvent.objects.create(
                person=person,
                organisation=org,
                kind=kind,
                category=kinds.category(kind),
                occurred_on=day,
            )
    return ward


def test_a_commissioner_drills_into_a_wards_overlaps_and_downloads_the_report(
    live_server, page, area, axe, screenshot
):
    build(area["org"])
    sign_in(page, live_server.url, area["users"]["commissioner"])
    # "Riverside Council" names no department: the home starts from every department.
    assert page.locator("h1").inner_text() == "Every department: your area"
    page.select_option("#department", label="Housing")
    page.get_by_role("button", name="Show").click()
    assert page.locator("h1").inner_text() == "Housing: your department"
    assert "Hostel nights" in page.locator("[data-testid=department-use]").inner_text()
    cohort = page.locator("[data-testid=tile-cohort]")
    assert "people known in two domains" in cohort.inner_text().lower()
    assert "lets no contract" in page.locator("[data-testid=tile-contracts]").inner_text()
    assert axe() == []

    cohort.get_by_role("link", name="Needs analysis: overlaps by ward and group").click()
    assert "Needs analysis" in page.locator("h1").inner_text()
    assert page.locator("figure svg").count() >= 2  # the UpSet chart and the trend
    assert axe() == []
    page.locator("[data-testid=breakdown-localities]").get_by_role("link", name="Quayside").click()
    assert page.locator("h1").inner_text() == "Quayside"
    combos = page.locator("[data-testid=combinations]").inner_text()
    assert "Homelessness and offending" in combos and "Zed" not in page.content()
    screenshot("needs-ward")

    if not pdf.missing():
        with page.expect_download() as download:
            page.click("[data-testid=needs-pdf]")
        data = Path(download.value.path()).read_bytes()
        assert data.startswith(b"%PDF-")
        from pypdf import PdfReader

        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        assert "Needs assessment: Quayside" in text and "Method, sources and period" in text
