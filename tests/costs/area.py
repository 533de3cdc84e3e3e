"""A small co-ordinated cohort in the database for the analysis page's tests.

Six people (by default) allocated to a co-ordinator on 1 March 2024. Each had two arrests in
the twelve months before and one emergency department attendance and one hostel night after:
criminal justice down, health and housing up, as in the Cambridgeshire evaluation.
"""

from datetime import date

from joinedup.costs import register, services
from joinedup.costs.models import ServiceUseEvent
from joinedup.people.models import Person
from joinedup.referrals.models import Allocation

START = date(2024, 3, 1)
PRICE_YEAR = 2023


def build(organisation, coordinator, n=6, start=START, postcode="RV1 2AB"):
    services.load_starter()
    people = []
    for i in range(n):
        person = Person.objects.create(first_name=f"P{i}", last_name="Cohort", postcode=postcode)
        Allocation.objects.create(
            person=person, coordinator=coordinator, organisation=organisation, started_on=start
        )
        for kind, category, day, quantity in (
            ("arrest", "criminal_justice", date(2023, 9, 1), 2),
            ("ed_attendance", "health", date(2024, 5, 1), 1),
            ("hostel_night", "housing", date(2024, 6, 1), 1),
        ):
            ServiceUseEvent.objects.create(
                person=person,
                organisation=organisation,
                kind=kind,
                category=category,
                occurred_on=day,
                quantity=quantity,
            )
        people.append(person)
    return people


def prices(price_year=PRICE_YEAR) -> dict:
    return {u.kind: u.unit_cost for u in register.priced(price_year=price_year).unit_costs}
