"""Domains of need, derived the way Hard Edges derived them from administrative data: from what
the agencies' own records say about a person (the service use they record) and which kind of
agency records it. Every rule is here, as data, with the words the needs page shows for it;
nothing else decides who counts in a domain.

A person is in a domain for a period when any of their service-use records in that period is of
one of the domain's kinds, or comes from an organisation of one of the domain's kinds, or when
an organisation of one of the domain's kinds works with them in the period (an involvement in
the team around the person: which agencies know a person, as Hard Edges counted it). The three
"core" domains are those Hard Edges mapped (homelessness, substance misuse, offending); mental
ill-health and domestic abuse are shown beside them, as the area's own further domains.

What the rules cannot see: a person known to an agency that records no service use with us, a
need nobody recorded, and a record that says nothing of why (a homelessness assessment does not
say whether a tenancy ended or a family could no longer house them). Counts are therefore
people *known* to services in a domain, never the true number facing it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Domain:
    key: str
    label: str
    #: Service-use kinds (joinedup.costs.kinds) that place a person in the domain.
    kinds: tuple[str, ...]
    #: Organisation kinds (directory.Organisation.Kind) whose every record does so.
    organisation_kinds: tuple[str, ...] = ()
    core: bool = False
    #: The rule as the page says it.
    words: str = ""


DOMAINS: tuple[Domain, ...] = (
    Domain(
        "homelessness",
        "Homelessness",
        kinds=(
            "hostel_night",
            "rough_sleeping_night",
            "housing_assessment",
            "housing_first_visit",
            "housing_advice_session",
        ),
        organisation_kinds=("housing_provider",),
        core=True,
        words="a hostel night, a night sleeping rough, a homelessness assessment, Housing First "
        "or housing advice, or any record of a housing provider",
    ),
    Domain(
        "substance_misuse",
        "Drug or alcohol use",
        kinds=("treatment_episode", "recovery_cafe_visit"),
        organisation_kinds=("drug_alcohol_service",),
        core=True,
        words="a drug or alcohol treatment episode, a recovery cafe visit, or any record of a "
        "drug and alcohol service (recovery groups also take people on probation, so are not "
        "counted on their own)",
    ),
    Domain(
        "offending",
        "Offending",
        kinds=(
            "court_appearance",
            "custody_night",
            "probation_appointment",
            "asb_case",
            "liaison_assessment",
        ),
        organisation_kinds=("probation",),
        core=True,
        words="a court appearance, a night in custody, a probation appointment, an anti-social "
        "behaviour case or a liaison and diversion assessment (an arrest alone is not counted: "
        "police answer domestic abuse too)",
    ),
    Domain(
        "mental_health",
        "Mental ill-health",
        kinds=("mental_health_contact", "wellbeing_session", "advocacy_session"),
        words="a mental health team contact, a wellbeing session or mental health advocacy",
    ),
    Domain(
        "domestic_abuse",
        "Domestic abuse",
        kinds=("idva_contact", "peer_support_meeting"),
        words="a domestic violence adviser contact or a survivors' peer support meeting",
    ),
)

BY_KEY = {d.key: d for d in DOMAINS}
CORE = tuple(d for d in DOMAINS if d.core)

#: Each domain's bit in a combination's mask: bit i is DOMAINS[i].
BITS = {d.key: 1 << i for i, d in enumerate(DOMAINS)}


def members(mask: int) -> list[Domain]:
    return [d for d in DOMAINS if mask & BITS[d.key]]


def label(mask: int) -> str:
    """A combination in words: "Homelessness and offending", "Homelessness only"."""
    names = [d.label for d in members(mask)]
    if not names:
        return "None of these"
    if len(names) == 1:
        return f"{names[0]} only"
    rest = [n[0].lower() + n[1:] for n in names[1:]]
    return ", ".join([names[0], *rest[:-1]]) + " and " + rest[-1]


def core_count(mask: int) -> int:
    """How many of the three Hard Edges domains the combination holds."""
    return sum(1 for d in CORE if mask & BITS[d.key])


def rules_in_words() -> list[dict]:
    return [{"label": d.label, "core": d.core, "words": d.words} for d in DOMAINS]
