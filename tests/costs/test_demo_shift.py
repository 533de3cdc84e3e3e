"""On the demo area, the co-ordinated cohort shows the shift the synthetic area encodes, and the
matched comparison reduces the saving credited to co-ordination; the page says both in words.

The demo-sized area (2,000 people, seed 42, as `joinedup demo` builds it) is generated once for
the module, inside a transaction rolled back at the end, and read through the page's own code
(`costs.analysis.analyse`, which the view calls) with the shipped register at its default price
year. The bands are the measured figures with a margin (docs/costs.md quotes them).
"""

from datetime import date

import pytest
from django.db import transaction

from joinedup.accounts.models import Membership
from joinedup.accounts.roles import Role
from joinedup.costs import analysis, atrisk, cohorts, register
from joinedup.costs.report import money
from joinedup.synthetic.generator import generate

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)
FIRST = date(2020, 1, 1)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        generate(people=2000, seed=42, today=TODAY)
        commissioner = Membership.objects.filter(role=Role.COMMISSIONER).first().user
        cohort = cohorts.accepted(commissioner, FIRST, TODAY)
        yield analysis.analyse(
            cohort,
            register.priced(),
            12,
            atrisk.EXCLUDE,
            compare=True,
            declined_between=(FIRST, TODAY),
            as_at=TODAY,
        )
        transaction.set_rollback(True)


def _row(rows, name):
    return next(row for row in rows if row["name"] == name)


def test_criminal_justice_falls_by_about_two_thirds_and_the_page_says_so(demo):
    """Measured: 61 people counted, criminal justice £16,256 to £6,143 (−62.2%)."""
    assert demo.first.people == 61
    row = _row(demo.departments, "Criminal justice")
    assert -75 <= row["percent"] <= -45, row
    assert f"criminal justice spent {money(-row['change'])} less" in demo.sentences()[0]


def test_health_rises(demo):
    """Measured: £304,165 to £338,145 (+11.2%): mental health contacts and treatment after
    co-ordination starts, against a baseline carried by a few long hospital stays."""
    row = _row(demo.departments, "Health")
    assert 3 <= row["percent"] <= 30, row
    assert f"health spent {money(row['change'])} more" in demo.sentences()[0]


def test_housing_rises(demo):
    """Measured: £47,418 to £72,039 (+51.9%): tenancy sustainment visits after co-ordination
    outweigh the fall in hostel and rough-sleeping nights."""
    row = _row(demo.departments, "Housing")
    assert 25 <= row["percent"] <= 90, row
    assert f"housing spent {money(row['change'])} more" in demo.sentences()[0]


def test_the_matched_comparison_reduces_the_credited_saving_and_says_so(demo):
    """Measured: 48 pairs. Criminal justice: the supported people's cost fell £10,550 and the
    similar people's £3,724 (the area-wide fall), so £6,826 is credited. Across every
    department the supported people cost £8,438 more while the similar people cost £109,740
    less (their hospital stays eased on their own), so no overall saving is credited."""
    matched = demo.matched
    assert matched.shown and 40 <= matched.pairs <= 60
    assert matched.balanced()
    justice = _row(matched.departments(), "Criminal justice")
    plain_saving, credited_saving = -justice["change"], -justice["credited"]
    assert justice["comparison_change"] < 0  # it fell for similar people too
    assert 0 < credited_saving < plain_saving
    assert 0.3 <= credited_saving / plain_saving <= 0.9
    assert f"criminal justice {money(credited_saving)} less" in matched.department_sentence()
    first, second, third = matched.sentences()
    total = matched.plain
    assert f"a plain before-and-after says costs {'rose' if total > 0 else 'fell'}" in first
    # "also" where the plain change went the same way as the matched cohort's (fair.py).
    also = "also " if (matched.deadweight < 0) == (total < 0) else ""
    assert f"never co-ordinated {also}cost {money(-matched.deadweight)} less" in second
    assert third.startswith("So no saving is credited") == (matched.credited > 0)


def test_the_people_turned_away_are_followed_up(demo):
    """Measured: 43 turned away below the threshold, 21 followed for a whole year; the demo
    sends nobody back to the front door; their costs fell £28,878."""
    away = demo.turned_away
    assert away.accounted()[0][1] == 43 and away.people == 21
    assert away.returns() == (0, 0)
    assert "none came back to the front door within the year" in away.sentences()[1]
