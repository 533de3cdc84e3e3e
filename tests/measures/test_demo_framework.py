"""The synthetic area ships a co-produced, published framework whose indicators compute on
its own data."""

from datetime import date

import pytest

from joinedup.measures import framework_queries
from joinedup.measures.models import FrameworkVersion
from joinedup.synthetic.generator import generate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("threshold_five")]  # worked for 5
TODAY = date(2026, 11, 24)


def test_the_demo_framework_reports_itself():
    generate(people=2000, seed=1, today=TODAY)
    version = FrameworkVersion.objects.get()
    assert version.is_published and version.coproduction.people_taking_part == 66
    rows = framework_queries.report(version, TODAY, with_charts=False)
    shown = {row.indicator.kind: row.latest for row in rows}
    # Personal outcomes rated better than at first, of those rated twice or more (seed 1).
    outcomes = shown["personal_outcome"]
    assert outcomes.available
    assert (outcomes.numerator_shown, outcomes.denominator) == (142, 186)
    assert str(outcomes.value_shown) == "76.3"
    for kind in ["list_status", "service_use", "plan_steps_done", "first_help", "instrument_level"]:
        assert shown[kind].value_shown is not None, kind
