"""Which cohorts a user may ask distance travelled of, and the people each one means.

Users who see named people ask only of people the access layer lets them see, with the
*assessments* section of their record: their own caseload, their organisation's caseload, or a
ward. Commissioners and analysts see no names but, like the area figures on their home page,
see counts across the area: the whole area, any service's caseload, any ward. Either way only
counts leave, through `joinedup.disclosure`.
"""

from dataclasses import dataclass

from django.db.models import Q

from joinedup.measures import queries
from joinedup.people import access

MINE, ORGANISATION, LOCALITY, AREA = "mine", "organisation", "locality", "area"


@dataclass(frozen=True)
class Cohort:
    label: str
    where: Q


def choices_for(membership) -> list[tuple[str, str]]:
    if membership.rules.sees_personal_data:
        own = [(MINE, "My caseload")] if membership.rules.sees_caseloads else []
        return own + [
            (ORGANISATION, f"{membership.organisation}'s caseload"),
            (LOCALITY, "People I can see in a ward"),
        ]
    return [
        (AREA, "The whole area"),
        (ORGANISATION, "A service's caseload"),
        (LOCALITY, "A ward"),
    ]


def cohort_for(user, membership, choice: str, *, organisation=None, locality=None) -> Cohort:
    """The cohort the user chose; `choice` is one of `choices_for(membership)` (the form checks)."""
    if choice == MINE:
        cohort = Cohort("your caseload", queries.caseload_of(user))
    elif choice == ORGANISATION:
        if membership.rules.sees_personal_data or organisation is None:
            organisation = membership.organisation
        cohort = Cohort(f"{organisation}'s caseload", queries.organisation_caseload(organisation))
    elif choice == LOCALITY:
        cohort = Cohort(f"people living in {locality.name}", queries.locality(locality))
    else:
        cohort = Cohort("the whole area", queries.EVERYONE)
    if membership.rules.sees_personal_data:
        visible = access.persons_visible_to(user, section="assessments")
        cohort = Cohort(cohort.label, cohort.where & queries.among(visible))
    return cohort
