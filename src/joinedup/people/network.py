"""The people layer's share of the ecosystem map: organisations tied by working with the same
people, and how many people each organisation works with. Counts only, never who."""

from collections import Counter
from itertools import combinations

from django.db.models import Count

from joinedup.directory.network import Period, register_casework_counts, register_edge_source
from joinedup.people.models import Involvement


def _involvements(period: Period):
    return Involvement.objects.filter(period.overlapping("started_on", "ended_on"))


def shared_people(period: Period):
    """(a, b, people both worked with) for every pair of organisations in the period."""
    pairs: Counter = Counter()
    rows = (
        _involvements(period)
        .values_list("person_id", "organisation_id")
        .distinct()
        .order_by("person_id", "organisation_id")
    )
    current, organisations = None, []
    for person_id, organisation_id in rows.iterator(chunk_size=5000):
        if person_id != current:
            pairs.update(combinations(organisations, 2))
            current, organisations = person_id, []
        organisations.append(organisation_id)
    pairs.update(combinations(organisations, 2))
    return ((a, b, n) for (a, b), n in pairs.items())


def people_per_organisation(period: Period) -> dict[int, int]:
    counts = (
        _involvements(period)
        .values("organisation_id")
        .annotate(n=Count("person", distinct=True))
        .order_by()
    )
    return {row["organisation_id"]: row["n"] for row in counts}


register_edge_source("involvements", "Working with the same people", shared_people)
register_casework_counts(people_per_organisation)
