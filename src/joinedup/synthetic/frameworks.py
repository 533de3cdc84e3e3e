"""The synthetic area's outcome framework: co-produced, published, and reporting itself on
the area's own data (the demo shows it working; Lambeth's shape: outcomes in the words of the
people they are for, service qualities, and a record of how it was made with them)."""

from datetime import timedelta

from joinedup.accounts.models import Membership
from joinedup.accounts.roles import Role
from joinedup.measures import framework_services as services

DOMAINS = [
    (
        "Somewhere safe to live",
        "I have a place of my own, and I am not sleeping rough.",
        [
            (
                "Share moved on from the by-name list",
                "list_status",
                {"status": "moved_on"},
                "higher",
                6,
            ),
        ],
    ),
    (
        "Health",
        "I get health care when I need it, not only in a crisis.",
        [
            (
                "Emergency department attendances per person",
                "service_use",
                {"kind": "ed_attendance"},
                "lower",
                3,
            ),
        ],
    ),
    (
        "Help that comes in time",
        "When I ask for help, someone comes, and sticks with me.",
        [("Days from referral to a co-ordinator", "first_help", {}, "lower", 6)],
    ),
    (
        "My life getting steadier",
        "Things are less chaotic, in the order I choose.",
        [
            (
                "Share whose latest NDT total is below the panel's threshold",
                "instrument_level",
                {"instrument": "ndt", "level": 29, "compare": "at_or_below"},
                "higher",
                6,
            ),
            ("Share of plan steps done", "plan_steps_done", {}, "higher", 3),
            ("Share of my own goals rated better", "personal_outcome", {}, "higher", 3),
        ],
    ),
]

QUALITIES = [
    ("I tell my story once", "One profile, shared with my say-so, not a new assessment per door."),
    ("I have one person who knows me", "A co-ordinator with a small caseload who follows me."),
    ("Services wait for me", "Missing an appointment does not close my case."),
    ("I choose the order", "Somewhere safe first if that is what I need first."),
]


def publish_demo_framework(area) -> None:
    """One published framework with a co-production record, by the area's homelessness
    commissioner. Called at the end of `Loader.finish`."""
    membership = (
        Membership.objects.filter(role=Role.COMMISSIONER, organisation__commissions=True)
        .select_related("organisation", "user")
        .order_by("id")
        .first()
    )
    if membership is None:
        return
    version = services.start_framework(
        membership,
        name="Riverside outcomes for people facing multiple disadvantage",
        purpose="What the area commissions its multiple disadvantage services against.",
        population="Adults in Riverside facing two or more of homelessness, drug or alcohol "
        "use, offending, mental ill-health and domestic abuse, known to the by-name list.",
        cohort="on_list",
    )
    for name, statement, indicators in DOMAINS:
        domain = services.add_domain(membership, version, name=name)
        outcome = services.add_outcome(membership, domain, statement=statement)
        for title, kind, params, direction, months in indicators:
            services.add_indicator(
                membership,
                outcome,
                name=title,
                kind=kind,
                params=params,
                direction=direction,
                period_months=months,
            )
    for statement, description in QUALITIES:
        services.add_quality(membership, version, statement=statement, description=description)
    services.save_coproduction(
        membership,
        version,
        level="co_producing",
        methods=["workshops", "interviews", "survey", "peer_research"],
        participants=[
            {"group": "People with lived experience", "count": 34},
            {"group": "Family members and carers", "count": 6},
            {"group": "Front-line workers", "count": 19},
            {"group": "Managers and commissioners", "count": 7},
        ],
        started_on=area.today - timedelta(days=420),
        ended_on=area.today - timedelta(days=300),
        what_changed="Safety and somewhere to live came before treatment targets; missed "
        "appointments no longer count against anyone; 'tell my story once' became a service "
        "quality; peer researchers rewrote every outcome in the first person.",
    )
    services.publish(membership, version)
