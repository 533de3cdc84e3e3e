"""The by-name list page: names for those who may see them; for everyone else, counts only,
every one through the product's one rule for small numbers."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.referrals import charts, queries
from tests.conftest import make_user
from tests.referrals.conftest import IDENTITY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("threshold_five")]  # worked for 5


def flow_cells(page: str) -> list[list[str]]:
    table = page.split('data-testid="flow"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table.split("<tbody", 1)[1])
    return [[c.strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)] for r in rows]


def test_it_shows_a_commissioner_small_monthly_counts_as_fewer_than_5(refer, signed_in, owner_org):
    refer()
    refer(identity={**IDENTITY, "first_name": "Bea"})
    commissioner = make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)
    page = signed_in(commissioner).get(reverse("referrals:by-name-list")).content.decode()
    this_month = f"{timezone.localdate():%B %Y}"
    cells = {row[0]: row[1:] for row in flow_cells(page)}
    assert cells[this_month] == ["fewer than 5", "0"]
    assert all(c in ("0", "fewer than 5") or int(c) >= 5 for r in cells.values() for c in r)

    # The chart beside the table leaves the hidden count out, rather than drawing it.
    def joined_now(rows):
        month = f"{timezone.localdate():%b %Y}"
        return [
            v["people"]
            for v in charts.flow_values(rows)
            if v["month"] == month and v["flow"] == "Joined the list"
        ]

    assert joined_now(queries.flow_by_month(suppressed=True)) == []
    assert joined_now(queries.flow_by_month()) == [2]


def test_it_shows_a_worker_who_sees_the_names_the_counts_themselves(
    refer, signed_in, owner_org, alice
):
    refer()
    refer(identity={**IDENTITY, "first_name": "Bea"})
    page = signed_in(alice).get(reverse("referrals:by-name-list")).content.decode()
    cells = {row[0]: row[1:] for row in flow_cells(page)}
    assert cells[f"{timezone.localdate():%B %Y}"] == ["2", "0"]
