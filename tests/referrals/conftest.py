from datetime import timedelta

import pytest
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.directory.models import Organisation
from joinedup.people.models import Involvement
from joinedup.referrals import services
from joinedup.referrals.models import Panel, PanelMeeting
from tests.conftest import make_user


@pytest.fixture
def front_door(db):
    return Organisation.objects.create(
        name="Riverside Multiple Needs Service", kind="coordination", sector="social"
    )


@pytest.fixture
def probation(db):
    return Organisation.objects.create(name="Probation", kind="probation", sector="public")


@pytest.fixture
def panel(front_door, probation, owner_org):
    panel = Panel.objects.create(name="Multiple Needs Panel", host=front_door)
    panel.organisations.set([front_door, probation, owner_org])
    return panel


@pytest.fixture
def meeting(panel):
    return PanelMeeting.objects.create(
        panel=panel, meets_on=timezone.localdate() + timedelta(days=5)
    )


@pytest.fixture
def helen(probation):
    """A panel member from probation."""
    return make_user("helen@example.org", probation, Role.PANEL_MEMBER)


@pytest.fixture
def sam(front_door):
    """A co-ordinator at the front door."""
    return make_user("sam@example.org", front_door, Role.COORDINATOR)


def works_with(person, organisation):
    """The organisation starts working with the person (so its referrals join their record)."""
    Involvement.objects.create(
        person=person,
        organisation=organisation,
        role="Key worker",
        started_on=timezone.localdate(),
    )


def consent_for(*organisations, **extra):
    return services.Sharing(organisations=list(organisations), basis="consent", **extra)


IDENTITY = {
    "first_name": "Jo",
    "last_name": "Marsh",
    "date_of_birth": timezone.localdate().replace(year=1985, month=3, day=4),
    "sex": "F",
    "ethnicity": "white",
    "disability": "no",
}


@pytest.fixture
def refer(panel, meeting, alice, owner_org, front_door, probation):
    """Refer Jo Marsh (or anyone) from alice's organisation, with consent for the front door and
    probation (where the panel member works)."""

    def make(identity=None, sharing=None, **kwargs):
        return services.refer(
            panel=panel,
            identity=identity or dict(IDENTITY),
            what_is_happening=kwargs.pop("story", "Sleeping in a tent by the river since May."),
            what_matters=kwargs.pop("matters", "Seeing my son again."),
            needs=["homelessness", "substance_misuse"],
            sharing=sharing or consent_for(front_door, owner_org, probation),
            by=kwargs.pop("by", alice),
            organisation=kwargs.pop("organisation", owner_org),
            **kwargs,
        )

    return make
