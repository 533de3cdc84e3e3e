"""Read paths over people that return no personal data (counts for dashboards)."""

from django.db.models import Count

from joinedup.people.models import Involvement, Person


def area_counts() -> dict:
    """Aggregate figures any signed-in role may see: no names, no identifiers."""
    current = Involvement.objects.current()
    per_person = (
        current.values("person_id").annotate(n=Count("organisation_id", distinct=True)).values("n")
    )
    spread = {}
    for row in per_person:
        bucket = min(row["n"], 4)
        spread[bucket] = spread.get(bucket, 0) + 1
    people = Person.objects.count()
    spread[0] = people - sum(spread.values())
    return {
        "people": people,
        "involvements": current.count(),
        "by_agency_count": [
            {
                "agencies": {0: "None at present", 4: "4 or more"}.get(k, str(k)),
                "people": spread[k],
                "percent": round(100 * spread[k] / people) if people else 0,
            }
            for k in sorted(spread)
        ],
    }
