"""A published version never changes; editing makes a new draft copied from it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.measures import framework_services as services
from joinedup.measures.models import (
    Domain,
    FrameworkVersion,
    Indicator,
    PublishedVersionError,
)

pytestmark = pytest.mark.django_db


def build(membership, version):
    domain = services.add_domain(membership, version, name="Somewhere to live")
    outcome = services.add_outcome(membership, domain, statement="I have a home of my own")
    services.add_indicator(
        membership,
        outcome,
        name="Share moved on",
        kind="list_status",
        params={"status": "moved_on"},
        direction="higher",
        period_months=3,
    )
    services.add_quality(membership, version, statement="I tell my story once")
    services.save_coproduction(
        membership,
        version,
        level="co_producing",
        methods=["workshops", "survey"],
        participants=[{"group": "People with lived experience", "count": 14}],
        started_on=date(2026, 1, 10),
        what_changed="Safety came first, before housing.",
    )
    return domain, outcome


@pytest.fixture
def membership(priya):
    return priya.memberships.get()


def test_a_draft_cannot_be_published_until_it_is_complete(membership, version):
    with pytest.raises(ValidationError) as refused:
        services.publish(membership, version)
    assert "Add at least one domain" in refused.value.messages
    assert "Record how the framework was co-produced" in refused.value.messages


def test_a_published_version_never_changes(membership, version):
    domain, outcome = build(membership, version)
    services.publish(membership, version)
    with pytest.raises(PublishedVersionError):
        services.add_domain(membership, version, name="Another")
    with pytest.raises(PublishedVersionError):
        services.update_version(membership, version, population="Someone else")
    # Below the services too: save() and delete() on the version and everything in it.
    stale = FrameworkVersion.objects.get(pk=version.pk)
    stale.population = "Changed"
    for change in (
        stale.save,
        stale.delete,
        domain.save,
        outcome.delete,
        Indicator.objects.get(outcome=outcome).save,
        version.coproduction.save,
        version.service_qualities.get().delete,
    ):
        with pytest.raises(PublishedVersionError):
            change()
    stale.refresh_from_db()
    assert stale.population == "Adults facing several disadvantages at once."
    assert Domain.objects.filter(version=version).count() == 1


def test_editing_a_published_version_makes_a_new_draft_copied_from_it(membership, version):
    build(membership, version)
    services.publish(membership, version)
    draft = services.new_draft(membership, version)
    assert (draft.number, draft.status, draft.based_on) == (2, "draft", version)
    indicator = Indicator.objects.get(outcome__domain__version=draft)
    assert (indicator.kind, indicator.params) == ("list_status", {"status": "moved_on"})
    assert draft.coproduction.participants == [
        {"group": "People with lived experience", "count": 14}
    ]
    assert draft.service_qualities.get().statement == "I tell my story once"
    services.add_domain(membership, draft, name="Safety")
    assert version.domains.count() == 1 and draft.domains.count() == 2
    # One open draft at a time: asking again gives the same draft.
    assert services.new_draft(membership, version) == draft


def test_only_the_frameworks_commissioners_change_it(version, other_org, council):
    from joinedup.accounts.roles import Role
    from tests.conftest import make_user

    elsewhere = make_user("ruth@example.org", other_org, Role.COMMISSIONER).memberships.get()
    colleague = make_user("sam@example.org", council, Role.PRACTITIONER).memberships.get()
    for someone in (elsewhere, colleague):
        with pytest.raises(PermissionDenied):
            services.add_domain(someone, version, name="Mine now")
    with pytest.raises(PermissionDenied):
        services.start_framework(colleague, name="X", population="Y")
