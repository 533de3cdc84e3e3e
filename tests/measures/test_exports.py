"""CSV and XLSX downloads for instruments, a person's readings, personal outcomes and an
outcome framework's report: real files, read back, through the access layer for a person."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from joinedup.audit.models import AccessLog
from joinedup.measures import instruments
from joinedup.plans import services as plan_services
from joinedup.plans.models import SupportPlan

pytestmark = pytest.mark.django_db


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_person_s_readings_download_with_both_views(signed_in, alice, charlie, person):
    instruments.load()
    journey = instruments.get("journey")
    values = {i.code: 5 for i in journey.items.all()}
    instruments.record(journey, person, values, on=date(2026, 3, 1), completed_by="together",
                       person_view={"money": 2})  # fmt: skip
    url = reverse("measures:export", args=[person.pk, "csv"])
    rows = rows_of(signed_in(alice).get(url))
    assert rows[0][:3] == ["Instrument", "Version", "Date"]
    money = next(r for r in rows if r[6] == "Money")
    assert money[7:] == ["5", "2"] and money[4] == "50.00"
    assert AccessLog.objects.filter(user=alice, person=person, granted=True).exists()
    assert signed_in(charlie).get(url).status_code == 404
    book = load_workbook(io.BytesIO(signed_in(alice).get(url.replace(".csv", ".xlsx")).content))
    assert book.active["A2"].value == "Journey of change"


def test_personal_outcomes_download_with_every_rating(signed_in, alice, charlie, person):
    plan, _ = SupportPlan.objects.get_or_create(person=person)
    outcome = plan_services.add_outcome(alice, plan, words="=A flat", written_by="person")
    plan_services.rate_outcome(alice, outcome, rating=3, rated_by="person", on=date(2026, 1, 5))
    plan_services.rate_outcome(alice, outcome, rating=6, rated_by="worker", on=date(2026, 4, 5))
    url = reverse("plans:outcomes-export", args=[person.pk, "csv"])
    rows = rows_of(signed_in(alice).get(url))
    assert [r[3:6] for r in rows[1:]] == [["2026-01-05", "3", "The person"],
                                          ["2026-04-05", "6", "Their worker"]]  # fmt: skip
    assert rows[1][0] == "'=A flat"  # a formula in the person's words is neutralised
    assert signed_in(charlie).get(url).status_code == 404


def test_the_instruments_download(signed_in, alice):
    instruments.load()
    rows = rows_of(signed_in(alice).get(reverse("measures:instruments-export", args=["csv"])))
    by_key = {r[0]: r for r in rows[1:]}
    assert by_key["swemwbs"][5] == "2.87" and by_key["swemwbs"][6] == "licensed"
    assert by_key["ndt"][4] == "worse"


def test_a_framework_report_downloads_its_numbers(signed_in, priya, version, people):
    from joinedup.measures import framework_services as services

    url = reverse("outcomes:report-export", args=[version.pk, "csv"])
    membership = priya.memberships.get()
    domain = services.add_domain(membership, version, name="Somewhere to live")
    outcome = services.add_outcome(membership, domain, statement="I have a home")
    services.add_indicator(
        membership, outcome, name="Moved on", kind="list_status",
        params={"status": "moved_on"}, direction="higher", period_months=3,
    )  # fmt: skip
    rows = rows_of(signed_in(priya).get(url))
    assert rows[0][:4] == ["Domain", "Outcome", "Indicator", "Period"]
    assert len(rows) == 1 + 4 and rows[1][:3] == ["Somewhere to live", "I have a home", "Moved on"]
