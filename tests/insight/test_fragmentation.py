"""Commissioners see the area-wide spread of organisations per person, as counts only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.people.models import Involvement
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_spread_counts_people_by_organisations_involved(
    signed_in, owner_org, other_org, person
):
    Involvement.objects.create(
        person=person, organisation=other_org, role="Officer", started_on=timezone.localdate()
    )
    commissioner = make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)
    response = signed_in(commissioner).get(reverse("fragmentation"))
    assert response.context["rows"] == [{"organisations": 2, "people": "fewer than 10"}]
    page = response.content.decode()
    # One person: too few to draw, and the table says "fewer than 10".
    assert "<svg" not in page and "Too few to draw" in page
    assert "Dana" not in page
