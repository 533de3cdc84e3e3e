"""The frameworks API: versions a user may see, indicators with their counts (aggregates)."""

import pytest

from joinedup.measures import framework_services
from tests.measures.test_framework_versions import build

pytestmark = pytest.mark.django_db


def test_frameworks_and_a_version_with_its_computed_indicators(
    signed_in, priya, version, alice, people
):
    membership = priya.memberships.get()
    build(membership, version)
    reader = signed_in(alice)
    assert reader.get("/api/v1/outcome-frameworks/").json() == []  # a draft is not listed
    assert reader.get(f"/api/v1/outcome-frameworks/versions/{version.pk}").status_code == 404
    framework_services.publish(membership, version)
    listed = reader.get("/api/v1/outcome-frameworks/").json()
    assert listed[0]["versions"][0]["status"] == "published"
    body = reader.get(f"/api/v1/outcome-frameworks/versions/{version.pk}").json()
    indicator = body["indicators"][0]
    assert indicator["kind"] == "list_status" and len(indicator["results"]) == 4
    assert body["coproduction_participants"] == [
        {"group": "People with lived experience", "count": 14}
    ]
    for r in indicator["results"]:
        assert set(r) >= {"numerator", "denominator", "value", "suppressed"}
        assert "P0" not in str(body)  # counts, never names
