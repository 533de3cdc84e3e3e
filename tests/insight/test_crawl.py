"""A crawl of every page, export and API answer a commissioner and an analyst can open, on an
area where every count of people is small: no name or identifier of anyone appears, and on the
area pages (home, needs analysis, a ward, fragmentation and their downloads) no count cell
holds a number from 1 to 9 (the default threshold is 10)."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.costs.models import ServiceUseEvent
from joinedup.people.models import Involvement, Person
from tests.conftest import make_user
from tests.test_url_permissions import OTHER_PATTERNS, locality_for, url_for

pytestmark = pytest.mark.django_db

#: Pages whose every numeric table cell is a count of people (or a rate beside one).
AREA_PAGES = ("home", "needs:", "fragmentation")
#: Download columns that count people.
COUNT_COLUMNS = {
    "People", "One domain", "Two domains", "Three or more", "New", "People here",
    "Still there from the quarter before", "Back after a gap",
    "Not there now of the quarter before", "Nights in custody: people",
    "Of whom with a homelessness record", "Hospital stays: people",
}  # fmt: skip
NUMERIC_CELL = re.compile(r'govuk-table__cell--numeric">\s*([0-9][0-9,.]*)\s*<')


@pytest.fixture
def small_area(owner_org, other_org, person):
    locality_for()
    day = timezone.localdate() - timedelta(days=20)
    people = [person]
    for i in range(3):
        people.append(
            Person.objects.create(
                first_name=f"Xanthe{i}",
                last_name="Quorrell",
                postcode="RV1 2AB",
                nhs_number=f"999000000{i}",
            )  # fmt: skip
        )
    for p in people:
        Involvement.objects.create(
            person=p, organisation=other_org, role="Officer", started_on=day - timedelta(days=9)
        )
        for kind in ("hostel_night", "court_appearance"):
            ServiceUseEvent.objects.create(
                person=p, organisation=other_org, kind=kind, category="other", occurred_on=day
            )
    return people


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ANALYST])
def test_no_name_and_no_small_count_reaches_the_area_roles(
    signed_in, owner_org, person, small_area, role
):
    user = make_user(f"{role}@example.org", owner_org, role, device=False)
    client = signed_in(user)
    names = {p.last_name for p in small_area} | {p.first_name for p in small_area}
    names |= {p.nhs_number for p in small_area if p.nhs_number}
    opened = 0
    for name, params in OTHER_PATTERNS:
        url = url_for(name, params, person=person, organisation=owner_org)
        response = client.get(url)
        if response.status_code != 200 or response.get("Content-Type", "").startswith(
            "application/pdf"
        ):
            continue
        opened += 1
        body = response.content.decode(errors="replace")
        leaked = [n for n in names if n and n in body]
        assert not leaked, f"{name} ({url}) shows {leaked}"
        if name.startswith(AREA_PAGES):
            small = [v for v in NUMERIC_CELL.findall(body) if v.isdigit() and 0 < int(v) < 10]
            assert not small, f"{name} ({url}) shows small counts {small}"
            if url.endswith(".csv"):
                rows = list(csv.reader(io.StringIO(body)))
                counts = [i for i, h in enumerate(rows[0]) if h in COUNT_COLUMNS]
                cells = [row[i] for row in rows[1:] for i in counts]
                assert not [c for c in cells if c.isdigit() and 0 < int(c) < 10], name
    assert opened > 40  # the crawl really walked the area roles' pages
