"""Distance travelled from the database: first and latest readings per person in SQL, cohorts,
and people on hold, in custody or who died shown apart rather than counted as failures."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from joinedup.directory.models import Locality
from joinedup.measures import queries
from joinedup.referrals.by_name_list import set_status
from joinedup.referrals.models import Allocation, ListStatus

pytestmark = pytest.mark.usefixtures("threshold_five")  # worked for a threshold of 5

#: The worked example of tests/measures/test_distance.py, with a reading in between.
SIX = [(30, 33, 24), (28, 20, 25), (35, 30, 27), (22, 22, 23), (31, 40, 26), (26, 26, 25)]


def test_first_and_latest_come_from_one_query_per_person(ndt, readings, django_assert_num_queries):
    people = readings(SIX + [(18,)])
    with django_assert_num_queries(1):
        pairs = queries.pairs(ndt)
    by_id = {p.person_id: p for p in pairs}
    assert (by_id[people[0].pk].first, by_id[people[0].pk].latest) == (30, 24)
    assert by_id[people[0].pk].readings == 3
    assert by_id[people[6].pk].readings == 1


def test_a_cohort_gets_the_worked_example_interval(ndt, readings):
    readings(SIX)
    found = queries.cohort_distance(ndt)
    ci = found.result.interval
    assert (round(ci.mean, 2), round(ci.low, 2), round(ci.high, 2)) == (
        Decimal("-3.67"),
        Decimal("-7.16"),
        Decimal("-0.18"),
    )
    shown = found.shown()
    # Five improved, one got worse, of six: the one is hidden, and so is the five beside it,
    # and the total (with it shown, 6 could only be 5 and 1).
    assert [r["count"] for r in shown.rows[:3]] == ["5 or more", 0, "fewer than 5"]
    assert shown.total == "5 or more" and shown.mean is None
    assert found.result.outcomes == {"improved": 5, "stable": 0, "worse": 1}


def test_on_hold_in_custody_and_died_are_shown_apart_not_as_worse(ndt, readings):
    people = readings(SIX + [(20, 30), (20, 35), (20, 40)])
    today = timezone.localdate()
    set_status(people[6], ListStatus.REFERRED, on=today - timedelta(days=9))
    set_status(people[6], ListStatus.ON_HOLD, on=today, waiting_for="a detox bed")
    set_status(people[7], ListStatus.IN_CUSTODY, on=today)
    set_status(people[8], ListStatus.DIED, on=today, died_on=today)
    # A person once on hold but active again is counted as usual.
    set_status(people[0], ListStatus.ON_HOLD, on=today - timedelta(days=5), waiting_for="a bed")
    set_status(people[0], ListStatus.ACTIVE, on=today)
    found = queries.cohort_distance(ndt)
    assert found.result.outcomes == {"improved": 5, "stable": 0, "worse": 1}
    assert found.apart == {"on_hold": 1, "in_custody": 1, "died": 1}


def test_cohorts_are_a_caseload_a_service_a_locality_or_any_people(
    ndt, readings, owner_org, other_org, bob
):
    ours = readings(SIX, owner_org)
    theirs = readings([(10, 20)] * 5, other_org, postcode="RV9 1AA")
    for person in ours[:3]:
        Allocation.objects.create(person=person, coordinator=bob, organisation=owner_org)
    assert queries.cohort_distance(ndt, queries.caseload_of(bob)).result.counted == 3
    service = queries.cohort_distance(ndt, queries.organisation_caseload(other_org)).result
    assert service.outcomes == {"improved": 0, "stable": 0, "worse": 5}
    ward = Locality.objects.create(
        code="E1",
        name="Riverside North",
        population=5000,
        deprivation_decile=2,
        postcode_district="RV9",
    )
    assert queries.cohort_distance(ndt, queries.locality(ward)).result.counted == 5
    some = theirs[0].__class__.objects.filter(pk__in=[p.pk for p in theirs[:2]])
    assert queries.cohort_distance(ndt, queries.among(some)).result.counted == 2


def test_an_instrument_that_does_not_say_which_way_is_better_is_refused(ndt):
    ndt.higher_is = ""
    ndt.save()
    with pytest.raises(ValueError, match="does not say whether a higher score is better"):
        queries.cohort_distance(ndt)
    assert ndt not in queries.instruments_with_direction()


def test_a_reliable_change_threshold_on_the_instrument_is_used(ndt, readings):
    readings(SIX)
    ndt.reliable_change = Decimal(4)  # the field the instruments branch adds
    assert queries.cohort_distance(ndt).result.outcomes == {
        "improved": 3,  # -6, -8, -5
        "stable": 3,  # -3, +1, -1
        "worse": 0,
    }
