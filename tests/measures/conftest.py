"""Readings for distance travelled: an NDT instrument and people with scores over time."""

from datetime import date, timedelta

import pytest

from joinedup.measures import instruments
from joinedup.measures.models import Assessment
from joinedup.people.models import Involvement, Person

START = date(2025, 1, 6)


@pytest.fixture
def ndt(db):
    instruments.load()
    return instruments.get("ndt")


@pytest.fixture
def readings(ndt):
    """Add people with these NDT totals over time, each involved with `organisation`."""

    def _add(series, organisation=None, *, postcode="RV1 2AB", name="Person"):
        people = []
        for n, totals in enumerate(series):
            person = Person.objects.create(first_name=name, last_name=str(n), postcode=postcode)
            if organisation is not None:
                Involvement.objects.create(
                    person=person,
                    organisation=organisation,
                    role="Key worker",
                    started_on=START - timedelta(days=30),
                )
            for k, total in enumerate(totals):
                Assessment.objects.create(
                    instrument=ndt,
                    person=person,
                    total=total,
                    score=total,
                    assessed_on=START + timedelta(days=60 * k),
                )
            people.append(person)
        return people

    return _add
