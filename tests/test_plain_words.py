"""Words: pages use the reader's words, never our codes; the glossary holds the terms that stay
(issue 19 item 6)."""

import pytest
from django.urls import reverse

from joinedup.audit.models import AccessLog
from joinedup.directory import services
from joinedup.directory.models import Service

pytestmark = pytest.mark.django_db


def test_an_organisation_page_names_its_services_needs_in_words(signed_in, alice, owner_org):
    services.ensure_taxonomies()
    treatment = Service.objects.create(organisation=owner_org, name="Treatment")
    services.set_terms(treatment, services.NEEDS, ["substance_misuse", "mental_health"])
    page = signed_in(alice).get(reverse("directory:organisation", args=[owner_org.pk]))
    text = page.content.decode()
    assert "(mental ill-health, drug and alcohol use)" in text
    assert "substance" not in text and "mentalhealth" not in text


def test_access_history_shows_the_role_in_words(signed_in, alice, person):
    client = signed_in(alice)
    AccessLog.objects.create(
        user=alice, role="panel_member", person=person, person_ref=person.pk,
        action=AccessLog.Action.VIEW, purpose="Panel papers",
    )  # fmt: skip
    page = client.get(reverse("people:access-history", args=[person.pk])).content.decode()
    assert "panel member" in page and "panel_member" not in page


def test_the_glossary_explains_the_terms_pages_link_to(client):
    page = client.get(reverse("glossary")).content.decode()
    for anchor in ("ndt", "stands-between", "share-of-ties", "joins-apart", "record-linkage"):
        assert f'id="{anchor}"' in page
    assert "New Directions Team" in page


def test_the_ndt_is_explained_where_it_is_recorded(signed_in, alice, person):
    page = signed_in(alice).get(reverse("ndt-new", args=[person.pk])).content.decode()
    assert "scores how much help someone needs" in page
    assert f'href="{reverse("glossary")}#ndt"' in page


def test_the_network_page_speaks_plainly(signed_in, alice):
    page = signed_in(alice).get(reverse("directory:network")).content.decode()
    for jargon in ("Degree centrality", "Betweenness", "Brokerage"):
        assert jargon not in page
    assert "Stands between others" in page
