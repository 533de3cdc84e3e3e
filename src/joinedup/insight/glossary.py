"""The glossary: the few terms that must stay, each in plain words. Pages link to a term by
its anchor (`/glossary/#ndt`). Public: it holds no personal data."""

from django.shortcuts import render

from joinedup.accounts.decorators import public

#: (anchor, term, meaning). Kept in the order a new user meets them.
TERMS = [
    (
        "ndt",
        "NDT assessment (New Directions Team assessment)",
        "A short assessment of how much help someone needs across ten areas, such as "
        "engagement with services, risk to and from others, housing and impulse control. Each "
        "area is scored and the total runs from 0 to 48: higher means more need. The panel "
        "uses the total to decide who to offer co-ordination first; this area's threshold is "
        "set locally, as no threshold is published as a standard.",
    ),
    (
        "co-ordinator",
        "Co-ordinator",
        "The one worker who follows a person across services, keeps their support plan with "
        "them and helps the other organisations work in the order the person chooses. A "
        "co-ordinator has a small caseload, usually 12 to 15 people.",
    ),
    (
        "panel",
        "Panel",
        "The meeting of local organisations (council, health, police, probation, charities) "
        "that reads referrals, decides who is offered a co-ordinator and takes up stuck cases.",
    ),
    (
        "stuck-case",
        "Stuck case",
        "A person whose plan cannot move because of one organisation's rule or threshold. "
        "The panel asks that organisation for an exception.",
    ),
    (
        "by-name-list",
        "By-name list",
        "Everyone referred, by name, with where they are now: waiting, supported, in custody, "
        "moved on and so on. It shows who is not yet helped.",
    ),
    (
        "key-date",
        "Key date",
        "A day ahead that changes where or how someone lives, such as release from prison, "
        "discharge from hospital, the end of a tenancy or turning 18. The team is alerted "
        "before it so the plan says where they will live and who will meet them.",
    ),
    (
        "sharing-line",
        "Sharing line",
        "A record that lets one organisation see some parts of a person's record, with the "
        "reason in law (the lawful basis) and, usually, the person's agreement. It can end "
        "and can be withdrawn.",
    ),
    (
        "involvement",
        "Involvement",
        "An organisation, and usually a named worker, working with a person now or in the "
        "past. Working with someone now lets the organisation see their whole record.",
    ),
    (
        "distance-travelled",
        "Distance travelled",
        "How far people's scores have moved between their first and latest readings. A change "
        "counts as real (reliable change) only when it is bigger than the usual wobble of the "
        "measure.",
    ),
    (
        "ties",
        "Ties, in the ecosystem map",
        "Two organisations are tied when they work with the same people, refer to each other, "
        "or are in a contract, consortium or partnership together.",
    ),
    (
        "share-of-ties",
        "Share of possible ties (degree centrality)",
        "How many of the other organisations one organisation is tied to, as a share of all "
        "the others: 1 would mean it is tied to every one.",
    ),
    (
        "stands-between",
        "How much it stands between others (betweenness)",
        "How often an organisation lies on the shortest path between two others. High means "
        "that much of the system's joining-up runs through it, and would break if it stopped.",
    ),
    (
        "joins-apart",
        "Partners it alone joins (brokerage)",
        "Pairs of its partners who are not tied to each other, so they are joined only "
        "through it; and how many of those pairs are in different sectors.",
    ),
    (
        "density",
        "Density",
        "The share of every possible tie between organisations that exists.",
    ),
    (
        "record-linkage",
        "Record linkage",
        "Finding the records that different agencies hold about the same person. Each pair "
        "of records gets a match score between 0 and 1; pairs at or above the area's "
        "threshold are linked, and pairs near it are checked by a person.",
    ),
    (
        "small-numbers",
        "Small numbers",
        "Counts of people below the area's threshold are not shown, and nor is any total "
        "that would let them be worked out, so no one can be picked out from a figure.",
    ),
    (
        "pie",
        "PIE (psychologically informed environment)",
        "A service that thinks about the emotional and psychological needs of the people it "
        "works with in how it is run. Services assess themselves against it, with the views "
        "of staff and of the people who use them.",
    ),
    (
        "deadweight",
        "Deadweight, attribution and optimism bias",
        "In a saving: deadweight is what would have happened anyway; attribution is the share "
        "owed to other help; optimism bias is a cautious cut for figures that tend to be too "
        "hopeful. Each reduces the saving credited.",
    ),
    (
        "security-code",
        "Security code",
        "The 6-digit code from an authenticator app, asked for by roles that see people's "
        "records. Each code works once and changes every 30 seconds.",
    ),
]


@public
def glossary(request):
    return render(request, "insight/glossary.html", {"terms": TERMS})
