"""Closed records are anonymised after the retention period; the access log stays whole."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from joinedup.audit.models import AccessLog
from joinedup.people import access
from joinedup.people.models import Consent, Person, PersonalContact

pytestmark = pytest.mark.django_db


def test_a_record_closed_long_ago_is_anonymised_and_its_log_kept(
    settings, alice, person, other_org
):
    settings.RETENTION_DAYS_AFTER_CLOSURE = 365
    access.get_person_for(alice, person.pk, purpose="before")
    PersonalContact.objects.create(person=person, name="Mia", relationship="child")
    Consent.objects.create(person=person, organisation=other_org, basis="consent")
    person.closed_on = date.today() - timedelta(days=400)
    person.save()
    recent = Person.objects.create(
        first_name="Still", last_name="Here", closed_on=date.today() - timedelta(days=10)
    )
    call_command("retention", verbosity=0)
    person.refresh_from_db()
    assert person.first_name == "Anonymised" and person.date_of_birth is None
    assert person.postcode == "" and not person.network.exists() and not person.consents.exists()
    assert AccessLog.objects.filter(person_ref=person.pk, purpose="before").exists()
    recent.refresh_from_db()
    assert recent.first_name == "Still"


def test_a_dry_run_changes_nothing(settings, person, capsys):
    settings.RETENTION_DAYS_AFTER_CLOSURE = 1
    person.closed_on = date.today() - timedelta(days=5)
    person.save()
    call_command("retention", dry_run=True)
    assert "1 record(s) closed more than 1 days ago would be anonymised" in capsys.readouterr().out
    person.refresh_from_db()
    assert person.first_name == "Dana"


def test_it_leaves_no_free_text_naming_the_person_anywhere(owner_org, other_org, alice):
    """Every text, JSON and binary column of every model is searched for their names."""
    from django.apps import apps
    from django.db import models

    from joinedup.people import retention
    from tests.people import everything

    person = everything.build(owner_org, other_org, alice)
    retention.anonymise(person)
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            text_kinds = models.CharField | models.TextField | models.JSONField | models.BinaryField
            if not isinstance(field, text_kinds):
                continue
            for pk, value in model._base_manager.values_list("pk", field.name):
                text = bytes(value).decode() if isinstance(value, bytes | memoryview) else value
                text = str(text or "").lower()
                for name in (everything.FIRST, everything.LAST):
                    if name.lower() in text:
                        found.append(f"{model._meta.label} {pk} {field.name}: {text[:60]}")
    assert not found, "\n".join(found)
