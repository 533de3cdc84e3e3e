"""Deaths and age at death by the year first referred (issue 19 item 11): the cohort is the
year of the first event on the list, the age is at death, and small groups are hidden."""

from datetime import date

import pytest
from django.urls import reverse

from joinedup import disclosure
from joinedup.accounts.roles import Role
from joinedup.people.models import Person
from joinedup.referrals import queries
from joinedup.referrals.models import StatusChange
from tests.conftest import make_user

# Worked for an area that set the small-numbers threshold at 5 (the default is 10).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("threshold_five")]


def on_the_list(referred: date, born: date, died: date | None = None):
    person = Person.objects.create(first_name="P", last_name="Example", date_of_birth=born)
    StatusChange.objects.create(person=person, status="referred", on=referred)
    StatusChange.objects.create(person=person, status="active", on=referred.replace(month=12))
    if died:
        StatusChange.objects.create(person=person, status="died", on=died, died_on=died)
    return person


@pytest.fixture
def cohorts():
    # Referred in 2023, dying in 2024 or 2025 at 30, 32, 40, 41 and 50: median 40.
    for age, died in [(30, 2024), (32, 2025), (40, 2024), (41, 2024), (50, 2025)]:
        on_the_list(date(2023, 3, 1), date(died - age, 1, 10), date(died, 6, 1))
    # Referred in 2024, six deaths at 25, 27, 29, 35, 37 and 39: median 32.
    for age in (25, 27, 29, 35, 37, 39):
        on_the_list(date(2024, 5, 1), date(2025 - age, 2, 1), date(2025, 7, 1))
    on_the_list(date(2023, 3, 1), date(1990, 1, 1))  # alive: not counted
    # Died the day before a birthday: still the younger age.
    on_the_list(date(2024, 5, 1), date(1985, 7, 2), date(2025, 7, 1))


def test_each_cohort_counts_its_deaths_and_median_age_at_death(cohorts):
    rows = {r["cohort"]: r for r in queries.deaths_by_cohort()}
    assert set(rows) == {2023, 2024}
    assert (rows[2023]["count"], rows[2023]["median_age"]) == (5, 40)
    # 25, 27, 29, 35, 37, 39 and 39 (the day before turning 40): median 35.
    assert (rows[2024]["count"], rows[2024]["median_age"]) == (7, 35)


def test_a_small_cohort_is_hidden_and_so_is_the_next_smallest(cohorts):
    on_the_list(date(2025, 1, 5), date(1980, 1, 1), date(2026, 1, 1))
    rows = {r["cohort"]: r for r in queries.deaths_by_cohort()}
    assert rows[2025]["count"] == disclosure.FEWER and rows[2025]["median_age"] is None
    assert rows[2023]["count"] == disclosure.OR_MORE and rows[2023]["median_age"] is None
    assert rows[2024]["count"] == 7


def test_commissioners_see_the_figures_on_the_by_name_list(cohorts, signed_in, owner_org):
    commissioner = make_user("c@example.org", owner_org, Role.COMMISSIONER, device=False)
    page = signed_in(commissioner).get(reverse("referrals:by-name-list")).content.decode()
    table = page[
        page.index('data-testid="deaths"') : page.index(
            "</table>", page.index('data-testid="deaths"')
        )
    ]
    assert '2023</th><td class="govuk-table__cell govuk-table__cell--numeric">5</td>' in table
    assert 'govuk-table__cell--numeric">40</td>' in table
    assert '2024</th><td class="govuk-table__cell govuk-table__cell--numeric">7</td>' in table
