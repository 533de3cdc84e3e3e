"""Importing readings from other tools: five columns, only people the importer may see,
every problem named by row and column, all or nothing, and never twice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from joinedup.measures import importing
from joinedup.measures.models import ExternalReading
from joinedup.people.models import Person

pytestmark = pytest.mark.django_db

HEADER = "person reference,tool,area code,date,score\n"


def csv(person, *rows):
    return (HEADER + "".join(f"{r}\n" for r in rows)).replace("{p}", str(person.pk)).encode()


def test_readings_go_in_once_and_show_on_the_persons_page(signed_in, alice, person, owner_org):
    content = csv(
        person, "{p},Homelessness Star,A1,2025-01-10,4", "{p},Homelessness Star,A2,2025-01-10,6.5"
    )
    outcome = importing.import_readings(alice, owner_org, content)
    assert (outcome.added, outcome.already) == (2, 0)
    again = importing.import_readings(alice, owner_org, content)
    assert (again.added, again.already) == (0, 2)
    assert ExternalReading.objects.count() == 2
    page = signed_in(alice).get(reverse("measures:person", args=[person.pk])).content.decode()
    assert "Homelessness Star" in page and "6.50" in page


def test_every_problem_is_named_and_nothing_is_imported(alice, person, owner_org):
    stranger = Person.objects.create(first_name="Zed", last_name="Other")
    content = csv(
        person,
        "{p},Star,A1,2025-01-10,4",
        "x1,Star,A1,2025-01-10,4",
        "{p},,A1,10 Jan,four",
        f"{stranger.pk},Star,A1,2025-01-10,4",
        "{p},Star,A1,2025-01-10,5",
    )
    with pytest.raises(importing.ImportRefused) as caught:
        importing.import_readings(alice, owner_org, content)
    assert [str(p) for p in caught.value.problems] == [
        "Row 3, person reference: 'x1' is not a person number",
        "Row 4, tool: is empty",
        "Row 4, date: '10 Jan' is not a date like 2025-03-27",
        "Row 4, score: 'four' is not a score of 0 or more",
    ]
    content = csv(
        person,
        "{p},Star,A1,2025-01-10,4",
        f"{stranger.pk},Star,A1,2025-01-10,4",
        "{p},Star,A1,2025-01-10,5",
    )
    with pytest.raises(importing.ImportRefused) as caught:
        importing.import_readings(alice, owner_org, content)
    assert [str(p) for p in caught.value.problems] == [
        f"Row 3, person reference: no such person: {stranger.pk}",
        "Row 4, score: 5 differs from 4 already given",
    ]
    assert not ExternalReading.objects.exists()


def test_a_missing_column_is_named(alice, owner_org):
    with pytest.raises(importing.ImportRefused, match="Row 1, score: column missing"):
        importing.import_readings(
            alice, owner_org, b"person reference,tool,area code,date\n1,S,A,2025-01-01\n"
        )


def test_another_organisation_cannot_import_readings_about_the_person(signed_in, charlie, person):
    upload = SimpleUploadedFile("r.csv", csv(person, "{p},Star,A1,2025-01-10,4"))
    page = signed_in(charlie).post(reverse("measures:import"), {"file": upload}).content.decode()
    assert f"Row 2, person reference: no such person: {person.pk}" in page
    assert person.full_name not in page
    assert not ExternalReading.objects.exists()
