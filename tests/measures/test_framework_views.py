"""A commissioner builds a framework in the pages; others read it once published."""

import re

import pytest
from django.urls import reverse

from joinedup.accounts.roles import Role
from joinedup.measures.models import Indicator
from tests.conftest import make_user
from tests.measures.test_framework_versions import build

pytestmark = pytest.mark.django_db


def test_a_commissioner_starts_a_framework_and_builds_it(signed_in, priya, people):
    client = signed_in(priya)
    assert "Start an outcome framework" in client.get(reverse("outcomes:list")).content.decode()
    response = client.post(reverse("outcomes:new"), {"name": "Riverside outcomes"})
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_population' in page
    response = client.post(
        reverse("outcomes:new"),
        {"name": "Riverside outcomes", "population": "Adults", "cohort": "locality"},
    )
    assert "Choose the locality whose people it counts" in response.content.decode()
    response = client.post(
        reverse("outcomes:new"),
        {"name": "Riverside outcomes", "population": "Adults", "cohort": "on_list"},
    )
    version_url = response["Location"]
    version_id = int(version_url.rstrip("/").split("/")[-1])
    client.post(reverse("outcomes:domain-new", args=[version_id]), {"name": "Home"})
    domain_id = priya.memberships.get().organisation.outcome_frameworks.get().versions.get()
    domain = domain_id.domains.get()
    client.post(
        reverse("outcomes:outcome-new", args=[version_id]),
        {"domain": domain.pk, "statement": "I have a home"},
    )
    outcome = domain.outcomes.get()
    kinds = client.get(reverse("outcomes:indicator-new", args=[version_id])).content.decode()
    assert "Share of people reaching a status on the by-name list" in kinds
    url = reverse("outcomes:indicator-new", args=[version_id]) + "?kind=list_status"
    refused = client.post(url, {"outcome": outcome.pk, "name": "Moved on", "direction": "higher"})
    assert 'href="#id_status"' in refused.content.decode()
    client.post(
        url,
        {
            "outcome": outcome.pk,
            "name": "Moved on",
            "direction": "higher",
            "period_months": "3",
            "status": "moved_on",
        },
    )
    assert Indicator.objects.get().params == {"status": "moved_on"}
    client.post(
        reverse("outcomes:coproduction", args=[version_id]),
        {
            "level": "co_designing",
            "methods": ["workshops"],
            "started_on_0": "10",
            "started_on_1": "1",
            "started_on_2": "2026",
            "lived_experience": "14",
            "front_line": "9",
            "what_changed": "Safety first.",
        },
    )
    client.post(reverse("outcomes:publish", args=[version_id]))
    page = client.get(version_url).content.decode()
    assert "Version 1: Published" in page and "People with lived experience: 14" in page


def test_a_published_framework_is_read_by_others_and_a_draft_is_not(
    signed_in, priya, version, alice, people
):
    membership = priya.memberships.get()
    build(membership, version)
    reader = signed_in(alice)
    assert reader.get(reverse("outcomes:version", args=[version.pk])).status_code == 404
    assert reader.get(reverse("outcomes:report", args=[version.pk])).status_code == 404
    from joinedup.measures import framework_services

    framework_services.publish(membership, version)
    assert reader.get(reverse("outcomes:version", args=[version.pk])).status_code == 200
    report = reader.get(reverse("outcomes:report", args=[version.pk])).content.decode()
    assert "Share moved on" in report and "Rule:" in report
    # Reading is not changing: another organisation's worker may not edit or publish.
    assert reader.post(reverse("outcomes:new-draft", args=[version.pk])).status_code == 403
    assert reader.get(reverse("outcomes:new")).status_code == 403
    other = make_user("ruth@example.org", alice.memberships.get().organisation, Role.COMMISSIONER)
    assert (
        signed_in(other).post(reverse("outcomes:new-draft", args=[version.pk])).status_code == 403
    )


@pytest.mark.usefixtures("threshold_five")  # worked for a threshold of 5
def test_the_report_shows_the_numbers_behind_each_percentage(signed_in, priya, version, people):
    membership = priya.memberships.get()
    build(membership, version)
    from joinedup.measures import framework_services

    framework_services.publish(membership, version)
    page = signed_in(priya).get(reverse("outcomes:report", args=[version.pk])).content.decode()
    assert "The numbers behind it" in page and "Out of" in page
    # Four periods, each with its counts; a share shows only when neither count is small.
    cell = r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]*)</td>'
    numbers = page[page.index("The numbers behind it") :]
    rows = re.findall(
        r"<tr[^>]*>\s*<t[hd][^>]*>[^<]*</t[hd]>\s*" + r"\s*".join([cell] * 3), numbers
    )
    assert len(rows) == 4, rows
    for counted, out_of, share in rows:
        if counted == "fewer than 5" or out_of in ("0", "fewer than 5"):
            assert share == "not shown", (counted, out_of, share)
        else:
            assert share == f"{100 * int(counted) / int(out_of):.1f}%", (counted, out_of, share)
    shown = [r for r in rows if r[2] != "not shown"]
    assert shown and len(shown) < 4, "the fixture has periods shown and hidden"
    assert page.count('<figure class="app-chart"') == 1  # a chart, as a share is shown


def test_the_commissioners_home_links_to_frameworks(signed_in, priya):
    page = signed_in(priya).get("/").content.decode()
    assert reverse("outcomes:list") in page
