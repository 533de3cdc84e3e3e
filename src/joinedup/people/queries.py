"""Read paths over people: counts for dashboards, and figures about one person the caller
has already been allowed to see through the access layer."""

from collections import Counter
from datetime import date, timedelta

from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.directory.models import Locality
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


def records_state() -> str:
    """How many people there are and when any record last changed: no names, no identifiers
    (what `insight.figures` checks its kept counts against)."""
    state = Person.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    changed = state["changed"].isoformat() if state["changed"] else "never"
    return f"people {state['n']}, changed {changed}"


def _worker_of(involvement) -> tuple:
    """Who the worker is, to count each once: a user of joinedup by account; someone off the
    platform by organisation and name (two named workers of one organisation are two); an
    unnamed worker is the involvement's own."""
    if involvement.professional_id:
        return ("user", involvement.professional_id)
    name = " ".join(involvement.professional_name.split()).casefold()
    if name:
        return ("named", involvement.organisation_id, name)
    return ("unnamed", involvement.pk)


def fragmentation(person, months: int = 60, today=None) -> list[dict]:
    """Month by month: organisations, named workers and open case records around the person."""
    today = today or timezone.localdate()
    involvements = list(person.involvements.all())
    rows = []
    for back in range(months - 1, -1, -1):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        first = date(year, month + 1, 1)
        open_now = [
            i
            for i in involvements
            if i.started_on <= first and (not i.ended_on or i.ended_on > first)
        ]
        rows.append(
            {
                "month": first.isoformat(),
                "first_day": first,
                "organisations": len({i.organisation_id for i in open_now}),
                "workers": len({_worker_of(i) for i in open_now}),
                "case_records": len(open_now),
            }
        )
    return rows


def team(person, today=None) -> dict:
    """The team around the person now, who it was before, and what needs a second look."""
    today = today or timezone.localdate()
    involvements = list(
        person.involvements.select_related("organisation", "professional").prefetch_related(
            "professional__memberships"
        )
    )
    current = [
        i for i in involvements if i.started_on <= today and (not i.ended_on or i.ended_on > today)
    ]
    leads = [i for i in current if i.is_lead]
    coordinators = [
        i
        for i in current
        if i.professional
        and any(
            m.role == "coordinator" and m.organisation_id == i.organisation_id and m.active
            for m in i.professional.memberships.all()
        )
    ]
    network = list(person.network.all())
    return {
        "current": sorted(current, key=lambda i: (i.organisation.name, i.started_on)),
        "past": [i for i in involvements if i not in current],
        "organisations": len({i.organisation_id for i in current}),
        "leads": leads,
        "coordinator": coordinators[0] if coordinators else None,
        "network": [c for c in network if c.current],
        "network_past": [c for c in network if not c.current],
        "dependants": [c for c in network if c.current and c.is_dependant],
        "carers": [c for c in network if c.current and c.is_carer],
    }


def users_around(person):
    """Users on joinedup working with the person now: who may be named as readers."""
    current = person.involvements.current().exclude(professional=None).values("professional_id")
    return User.objects.filter(pk__in=current, is_active=True).order_by("full_name")


def fragmentation_spread(since_days: int = 5 * 365) -> list[dict]:
    """How many people had 1, 2, 3 ... organisations involved over the period (no names)."""
    since = timezone.localdate() - timedelta(days=since_days)
    per_person = (
        Involvement.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=since))
        .values("person_id")
        .annotate(organisations=Count("organisation_id", distinct=True))
        .values_list("organisations", flat=True)
    )
    spread = Counter(per_person)
    return [{"organisations": n, "people": spread[n]} for n in sorted(spread)]


def accounts_of_people():
    """People who sign in to their own view, for the operator's own listing (no names read
    through a user's access: the caller is a command run by the operator)."""
    return Person.objects.filter(account__isnull=False).select_related("account")


def people_by_locality() -> list[dict]:
    """People per ward, from the postcode district (no names), with the ward's deprivation."""
    rows = []
    for loc in Locality.objects.exclude(postcode_district=""):
        n = Person.objects.filter(postcode__startswith=f"{loc.postcode_district} ").count()
        per_1000 = round(1000 * n / loc.population, 1) if loc.population else None
        rows.append({"locality": loc, "people": n, "per_1000": per_1000})
    return sorted(rows, key=lambda r: -(r["per_1000"] or 0))


def living_in(locality):
    """Ids of people whose postcode is in the locality's district, as a subquery for
    aggregate counts (their postcode now: the record keeps no history of addresses)."""
    return Person.objects.filter(postcode__startswith=f"{locality.postcode_district} ").values("pk")


def everyone_ids() -> set[int]:
    """Every person's record number, for aggregate analyses that must consider people with no
    recorded activity too (a comparison pool). Ids only: never who."""
    return set(Person.objects.values_list("pk", flat=True))


def supported_by(organisation_ids, day=None):
    """Ids of people an organisation in `organisation_ids` is involved with on `day` (today by
    default), as a subquery for counts: the people a contract's providers support."""
    return (
        Involvement.objects.current(day)
        .filter(organisation__in=list(organisation_ids))
        .values("person")
        .distinct()
    )


def served_by(organisation_ids, start: date, end: date) -> dict[int, date]:
    """People the organisations worked with at some time in [start, end) (an involvement
    overlapping the period, half-open on both sides), each with the day the earliest such
    involvement started. Ids and dates only, for a provider's claim and its fair-play figures:
    whoever shows a person reads them through the access layer."""
    rows = (
        Involvement.objects.filter(organisation_id__in=list(organisation_ids), started_on__lt=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
        .order_by("started_on", "id")
        .values_list("person_id", "started_on")
    )
    served: dict[int, date] = {}
    for person_id, started_on in rows:
        served.setdefault(person_id, started_on)
    return served


def taken_on_by(organisation_ids, start: date, end: date) -> dict[int, date]:
    """People whose involvement with one of the organisations began in [start, end), each with
    the first such day: who a provider took on in a contract's term. Ids and dates only."""
    rows = (
        Involvement.objects.filter(
            organisation_id__in=list(organisation_ids), started_on__gte=start, started_on__lt=end
        )
        .order_by("started_on", "id")
        .values_list("person_id", "started_on")
    )
    taken: dict[int, date] = {}
    for person_id, started_on in rows:
        taken.setdefault(person_id, started_on)
    return taken


def worked_with_by(visible, organisation_id):
    """The visible people this organisation works with now, with its last contact with each
    and the named worker (if any), those longest out of touch first. Reads nothing yet: the
    caller logs the people it shows through the access layer."""
    current = Involvement.objects.current().filter(
        person=OuterRef("pk"), organisation_id=organisation_id
    )
    return (
        visible.filter(
            pk__in=Involvement.objects.current()
            .filter(organisation_id=organisation_id)
            .values("person_id")
        )
        .annotate(
            our_last_contact=Subquery(
                current.values("person").annotate(m=Max("last_contact_on")).values("m")[:1]
            ),
            our_worker=Subquery(
                current.exclude(professional=None)
                .order_by("-is_lead", "started_on")
                .values("professional__full_name")[:1]
            ),
        )
        .order_by(F("our_last_contact").asc(nulls_first=True), "last_name", "first_name")
    )
