"""The front door's history in the synthetic area: referrals, panel decisions, co-ordinators
and the by-name list, written in bulk alongside each batch of people.

Co-ordinated people were referred by an agency, accepted by the panel and allocated the
co-ordinator who holds their case; most have since left the list. Some others with several
needs were referred and declined. The next meetings' agendas hold new referrals and stuck cases.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.people.models import Consent, Person, Section
from joinedup.referrals import decisions
from joinedup.referrals.models import (
    AgendaItem,
    Allocation,
    Decision,
    ListStatus,
    Panel,
    PanelMeeting,
    ProfileVersion,
    Referral,
    ReferralShare,
    StatusChange,
)
from joinedup.referrals.services import panel_grant_ends
from joinedup.synthetic import key_dates
from joinedup.synthetic.lives import Life, rng_for, weighted

#: A few ways a referrer tells each need, so people's stories do not repeat word for word.
#: `{they}` and `{their}` follow the person's recorded sex (they/their when not known).
STORIES = {
    "homelessness": [
        "Sleeping rough or on friends' sofas; evicted from the hostel twice.",
        "Sleeping in a tent by the river since the summer.",
        "Sofa surfing at a cousin's flat, which has to end this month.",
        "Lost {their} tenancy after rent arrears and has been in and out of night shelters.",
    ],
    "substance_misuse": [
        "Using heroin and drinking most days; has tried treatment before.",
        "Drinking heavily every day; had a seizure when {they} last tried to stop alone.",
        "Smoking crack and using heroin; missed the last two treatment appointments.",
        "On a methadone script but topping up on street drugs.",
    ],
    "offending": [
        "In and out of custody for shoplifting; on licence with probation.",
        "Two arrests this year for theft; a court date is coming up.",
        "Recently finished a short sentence; keeps {their} probation appointments most weeks.",
        "Fines and breaches of a community order have built up.",
    ],
    "mental_health": [
        "Low mood and panic attacks; turned away by mental health services.",
        "Hears voices when unwell; lost touch with the community mental health team.",
        "Self-harms when things get on top of {them}; seen twice in A&E this year.",
        "Very anxious in crowded places, so misses appointments in busy offices.",
    ],
    "domestic_abuse": [
        "Left a violent partner last year and is frightened of being found.",
        "Still in touch with an ex-partner who was violent; a MARAC referral was made.",
        "Fled abuse at home and is afraid to give an address.",
    ],
}
PRONOUNS = {"F": ("she", "her", "her"), "M": ("he", "his", "him")}


def _story(seed: int, life: Life) -> str:
    """The referrer's account of the person's needs, from their own random stream ("story"),
    so no other figure of the area moves."""
    rng = rng_for(seed, life.index, "story")
    they, their, them = PRONOUNS.get(life.sex, ("they", "their", "them"))
    return " ".join(
        rng.choice(STORIES[d]).format(they=they, their=their, them=them)
        for d in life.domains
        if d in STORIES
    )


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


class FrontDoor:
    def __init__(self, area, organisations: dict, users: dict):
        self.area = area
        self.spec = area.params["front_door"]
        spec = area.params["panel"]
        self.organisations = organisations
        self.users = users
        self.panel = Panel.objects.create(name=spec["name"], host=organisations[spec["host"]])
        self.panel.organisations.set(organisations[key] for key in spec["organisations"])
        self.chair = self._user_named(self.spec["chair"])
        self.panel.chair = self.chair
        self.panel.save(update_fields=["chair"])
        self.host = organisations[spec["host"]]
        self._meetings: dict[date, PanelMeeting] = {}
        self.referrers = [organisations[k] for k in spec["organisations"] if k != spec["host"]]

    def _user_named(self, name):
        return User.objects.filter(full_name=name).first()

    def identity(self, rng, life: Life) -> dict:
        """Ethnic group and disability, in the census's broad groups."""
        if rng.random() < self.spec["not_stated_share"]:
            ethnicity = Person.Ethnicity.NOT_SAID
        else:
            ethnicity = self.spec["ethnicity_groups"].get(life.ethnicity, "other")
        share = self.spec["disability_share"]
        chance = share["mental_health"] if "mental_health" in life.domains else share["base"]
        disability = "yes" if rng.random() < chance else "no"
        return {"ethnicity": ethnicity, "disability": disability}

    def meeting_after(self, day: date) -> PanelMeeting:
        """The panel's meeting on or after `day`: every other Thursday, counted from the next."""
        today = self.area.today
        every = self.area.params["panel"]["every_days"]
        anchor = today + timedelta(days=(3 - today.weekday()) % 7)
        meets_on = anchor + timedelta(days=every * -((anchor - day).days // every))
        if meets_on not in self._meetings:
            self._meetings[meets_on], _ = PanelMeeting.objects.get_or_create(
                panel=self.panel, meets_on=meets_on
            )
        return self._meetings[meets_on]

    # Each batch ---------------------------------------------------------------------------

    def load(self, rng_for, batch, score_ndt) -> None:
        """`batch` holds (life, person, NDT score at referral), for people who were referred.

        Co-ordinated people were accepted; the others were declined (their NDT is recorded
        here, by `score_ndt(person, total, day)`, on the day of their referral).
        """
        plans = []
        for life, person, score in batch:
            rng = rng_for(self.area.seed, life.index, "front-door")
            if life.coordinated_from:
                plans.append(self._accepted(rng, life, person, score))
            else:
                plans.append(self._declined(rng, life, person, score))
                score_ndt(person, score, plans[-1]["referral"].received_at.date())
        plans = [p for p in plans if p]
        if not plans:
            return
        profiles = ProfileVersion.objects.bulk_create(p["profile"] for p in plans)
        referrals = []
        for plan, profile in zip(plans, profiles, strict=True):
            plan["referral"].profile = profile
            referrals.append(plan["referral"])
        Referral.objects.bulk_create(referrals)
        for plan in plans:
            _end_panel_lines(plan, plan["decision"].meeting)
        consents = Consent.objects.bulk_create(c for p in plans for c in p["consents"])
        shares, n = [], 0
        for plan in plans:
            for org in plan["share_with"]:
                shares.append(
                    ReferralShare(
                        referral=plan["referral"],
                        organisation=org,
                        consent=consents[n],
                        profile=plan["referral"].profile,
                        shared_at=plan["referral"].received_at,
                    )
                )
                n += 1
        ReferralShare.objects.bulk_create(shares)
        for plan in plans:
            plan["decision"].referral = plan["referral"]
            if plan.get("allocation"):
                plan["allocation"].referral = plan["referral"]
        Decision.objects.bulk_create(p["decision"] for p in plans)
        AgendaItem.objects.bulk_create(
            (
                AgendaItem(
                    meeting=p["decision"].meeting,
                    person=p["referral"].person,
                    referral=p["referral"],
                    reason="New referral",
                )
                for p in plans
            ),
            ignore_conflicts=True,
        )
        Allocation.objects.bulk_create(p["allocation"] for p in plans if p.get("allocation"))
        StatusChange.objects.bulk_create(e for p in plans for e in p["events"])
        key_dates.align(
            self.area,
            [
                (p["life"], p["referral"].person_id, p["events"][-1].status)
                for p in plans
                if "life" in p
            ],
        )

    def _referral(self, rng, life, person, received: date, status) -> dict:
        referrer = rng.choice(self.referrers)
        story = _story(self.area.seed, life)
        profile = ProfileVersion(
            person=person,
            number=1,
            what_is_happening=story,
            what_matters=rng.choice(WHAT_MATTERS),
            organisation=referrer,
            written_at=_at(received, 9),
        )
        referral = Referral(
            person=person,
            panel=self.panel,
            received_at=_at(received),
            referred_by=rng.choice(self.users.get(self._key(referrer), []) or [None]),
            referring_organisation=referrer,
            needs=list(life.domains),
            status=status,
        )
        # Most people agree to the whole panel; some leave an agency out (often the police).
        share_with = [self.host, referrer] + [
            org
            for org in self.referrers
            if org != referrer and rng.random() >= self.spec["leave_out"].get(self._key(org), 0)
        ]
        consents = [
            Consent(
                person=person,
                organisation=org,
                basis=Consent.Basis.CONSENT,
                sections=[Section.IDENTITY, Section.STORY, Section.ASSESSMENTS],
                decided_by=referral.referred_by,
                starts_at=_at(received),
            )
            for org in share_with
        ]
        return {
            "profile": profile,
            "referral": referral,
            "share_with": share_with,
            "consents": consents,
        }

    def _key(self, organisation) -> str:
        for key, org in self.organisations.items():
            if org.pk == organisation.pk:
                return key
        return ""

    def _accepted(self, rng, life, person, score) -> dict:
        spec, today = self.spec, self.area.today
        start = life.coordinated_from
        received = start - timedelta(days=rng.randint(*spec["referred_days_before"]))
        decided = start - timedelta(days=rng.randint(*spec["decided_days_before"]))
        plan = self._referral(rng, life, person, received, Referral.Status.ACCEPTED)
        plan["life"] = life.index
        threshold = settings.NDT_ELIGIBILITY_THRESHOLD
        plan["decision"] = Decision(
            meeting=self.meeting_after(received + timedelta(days=3)),
            outcome=Decision.Outcome.ACCEPT,
            priority=1 if (score or 0) >= threshold + 6 else rng.choice([1, 2, 2, 3]),
            rationale="Several agencies involved and none leading; needs a co-ordinator.",
            review_on=start + timedelta(days=90),
            ndt_total=score,
            threshold=threshold,
            override_reason=rng.choice(spec["override_reasons"])
            if score is not None and score < threshold
            else "",
            recorded_by=self.chair,
            recorded_at=_at(decided, 15),
        )
        coordinator = self._coordinator(life)
        events = [
            (received, ListStatus.REFERRED, ""),
            (received, ListStatus.AWAITING_PANEL, ""),
            (decided, ListStatus.ACCEPTED, "Accepted by the panel"),
            (start, ListStatus.ACTIVE, "Allocated a co-ordinator"),
        ]
        ended = None
        if life.died_on:
            ended = life.died_on
            events.append((life.died_on, ListStatus.DIED, ""))
        else:
            months = rng.randint(*spec["lasts_months"])
            leaves = start + timedelta(days=30 * months)
            if leaves < today:
                ended = leaves
                events.append((leaves, weighted(rng, spec["leaving"]), ""))
            else:
                now = weighted(rng, {**spec["now"], "active": 1 - sum(spec["now"].values())})
                if now != "active":
                    since = today - timedelta(days=rng.randint(3, 60))
                    waiting = rng.choice(spec["waiting_for"]) if now == "on_hold" else ""
                    events.append((max(since, start), now, waiting))
        plan["events"] = self._events(person, events)
        if coordinator is not None:
            plan["allocation"] = Allocation(
                person=person,
                coordinator=coordinator,
                organisation=self.host,
                started_on=start,
                ended_on=ended,
                allocated_by=self.chair,
            )
        return plan

    def _declined(self, rng, life, person, score) -> dict:
        received = self.area.today - timedelta(days=rng.randint(30, 800))
        plan = self._referral(rng, life, person, received, Referral.Status.DECLINED)
        decided = received + timedelta(days=rng.randint(7, 20))
        threshold = settings.NDT_ELIGIBILITY_THRESHOLD
        plan["decision"] = Decision(
            meeting=self.meeting_after(received + timedelta(days=3)),
            outcome=Decision.Outcome.DECLINE,
            rationale="Reviewed the papers with the referrer.",
            decline_reason=rng.choice(self.spec["decline_reasons"]),
            ndt_total=score,
            threshold=threshold,
            override_reason="Already has a lead worker who is making progress"
            if score >= threshold
            else "",
            recorded_by=self.chair,
            recorded_at=_at(decided, 15),
        )
        plan["events"] = self._events(
            person,
            [
                (received, ListStatus.REFERRED, ""),
                (received, ListStatus.AWAITING_PANEL, ""),
                (decided, ListStatus.CLOSED, "Declined by the panel"),
            ],
        )
        return plan

    def _coordinator(self, life):
        org_key = self.area.params["coordination"]["organisation"]
        for contact in life.contacts:
            if contact.organisation == org_key and contact.worker is not None:
                return self.users[org_key][contact.worker]
        return None

    def _events(self, person, events) -> list[StatusChange]:
        made, previous = [], ""
        for on, status, detail in events:
            made.append(
                StatusChange(
                    person=person,
                    status=status,
                    previous=previous,
                    on=on,
                    waiting_for=detail if status == ListStatus.ON_HOLD else "",
                    died_on=on if status == ListStatus.DIED else None,
                    note="" if status == ListStatus.ON_HOLD else detail,
                    recorded_by=self.chair,
                    recorded_at=_at(on, 16),
                )
            )
            previous = status
        return made

    # Coming meetings ----------------------------------------------------------------------

    def agenda(self, rng, candidates: list[tuple[Life, Person]], score_ndt) -> None:
        """New referrals awaiting the next meetings, and stuck cases from co-ordinators."""
        spec = self.area.params["panel"]
        today = self.area.today
        first = today + timedelta(days=(3 - today.weekday()) % 7)
        pool = list(candidates)
        rng.shuffle(pool)
        for k in range(spec["meetings_ahead"]):
            meeting = self.meeting_after(first + timedelta(days=k * spec["every_days"]))
            chosen, pool = pool[: spec["people_per_meeting"]], pool[spec["people_per_meeting"] :]
            plans = []
            for life, person in chosen:
                # Referred over the last three weeks; the panel takes a set number a meeting.
                received = today - timedelta(days=rng.randint(0, 20) + 7 * max(0, 2 - k))
                plan = self._referral(rng, life, person, received, Referral.Status.AWAITING_PANEL)
                plan["events"] = self._events(
                    person,
                    [
                        (received, ListStatus.REFERRED, ""),
                        (received, ListStatus.AWAITING_PANEL, ""),
                    ],
                )
                plans.append(plan)
                score_ndt(person, rng.randint(16, 42), received)
            profiles = ProfileVersion.objects.bulk_create(p["profile"] for p in plans)
            for plan, profile in zip(plans, profiles, strict=True):
                plan["referral"].profile = profile
            Referral.objects.bulk_create(p["referral"] for p in plans)
            for plan in plans:
                _end_panel_lines(plan, meeting)
            consents = iter(Consent.objects.bulk_create(c for p in plans for c in p["consents"]))
            ReferralShare.objects.bulk_create(
                ReferralShare(
                    referral=p["referral"],
                    organisation=org,
                    consent=next(consents),
                    profile=p["referral"].profile,
                    shared_at=p["referral"].received_at,
                )
                for p in plans
                for org in p["share_with"]
            )
            StatusChange.objects.bulk_create(e for p in plans for e in p["events"])
            AgendaItem.objects.bulk_create(
                AgendaItem(
                    meeting=meeting,
                    person=p["referral"].person,
                    referral=p["referral"],
                    reason="New referral",
                )
                for p in plans
            )

    def stuck_cases(self, rng) -> None:
        """Co-ordinators bring cases stuck on an agency's rule to the next meeting."""
        today = self.area.today
        meeting = self.meeting_after(today)
        active = list(
            Allocation.objects.filter(ended_on=None)
            .select_related("person", "coordinator")
            .order_by("id")[:40]
        )
        rng.shuffle(active)
        on_agenda = set(meeting.items.values_list("person_id", flat=True))
        for spec, allocation in zip(self.spec["stuck"], active, strict=False):
            if allocation.person_id in on_agenda:
                continue
            case = decisions.bring_stuck_case(
                allocation.person,
                allocation.coordinator,
                agency=self.organisations[spec["agency"]],
                rule=spec["rule"],
                asked=spec["asked"],
                organisation=self.host,
                on=today - timedelta(days=rng.randint(1, 10)),
            )
            AgendaItem.objects.create(
                meeting=meeting, person=allocation.person, stuck_case=case, reason="Stuck case"
            )


WHAT_MATTERS = [
    "Having my own front door and a key.",
    "Getting clean so I can see my kids.",
    "Not going back inside.",
    "Being somewhere I feel safe.",
    "Getting my health sorted and staying out of hospital.",
    "Somebody who sticks with me and does not give up.",
]


def _end_panel_lines(plan: dict, meeting) -> None:
    """The panel seats' lines end with the meeting, by the product's own rule."""
    for org, consent in zip(plan["share_with"], plan["consents"], strict=True):
        consent.ends_at = panel_grant_ends(plan["referral"], org, meeting)
