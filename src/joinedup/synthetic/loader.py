"""Loading a simulated area into the product's database, for the demo and the tests.

Only what the product would really hold is loaded: organisations, staff, the people known to
services, their involvements, consents, service use and the panel. The ground truth (which
agency record is which person) stays in the files and is never loaded.
"""

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import Membership, User
from joinedup.accounts.roles import rules
from joinedup.assessment import frameworks_data, rounds
from joinedup.assessment.models import Barrier, SystemIssue
from joinedup.costs import services as cost_services
from joinedup.costs.models import ServiceUseEvent
from joinedup.directory.models import (
    Locality,
    Organisation,
    Service,
)
from joinedup.measures import instruments as measures
from joinedup.people import services as people_services
from joinedup.people.models import (
    ALL_SECTIONS,
    Consent,
    Involvement,
    Note,
    Person,
    PersonalContact,
)
from joinedup.plans.models import PlanStep, SupportPlan, Transition
from joinedup.synthetic import contracts, directory
from joinedup.synthetic.area import Area
from joinedup.synthetic.frameworks import publish_demo_framework
from joinedup.synthetic.front_door import WHAT_MATTERS, FrontDoor
from joinedup.synthetic.lives import Life, rng_for
from joinedup.synthetic.outcomes import Readings
from joinedup.synthetic.tenders import load_demo_tenders


@dataclass
class SignIn:
    role: str
    name: str
    email: str
    organisation: str
    totp_key: str | None

    @property
    def authenticator_key(self) -> str:
        return base64.b32encode(bytes.fromhex(self.totp_key)).decode() if self.totp_key else ""


@dataclass
class Summary:
    organisations: int = 0
    users: int = 0
    people: int = 0
    involvements: int = 0
    consents: int = 0
    events: int = 0
    sign_ins: list[SignIn] = field(default_factory=list)
    person_account: SignIn | None = None


class Loader:
    """Loads people in batches: call `add(life)` for each, then `finish()`."""

    BATCH = 2000

    def __init__(self, area: Area):
        self.area = area
        self.summary = Summary()
        self.organisations = self._organisations()
        directory.load_directory(self.area, self.organisations)
        cost_services.load_starter()  # the unit cost register's starter figures (idempotent)
        self.users = self._staff()
        self.front_door = FrontDoor(area, self.organisations, self.users)
        self._pending: list[Life] = []
        measures.load()  # the shipped instruments, for the readings below (idempotent)
        self._readings = Readings(area, self.organisations)
        self._coordination_key = area.params["coordination"]["organisation"]
        self._panel_candidates: list[tuple[Life, Person]] = []

    def add(self, life: Life) -> None:
        self._pending.append(life)
        if len(self._pending) >= self.BATCH:
            self._flush()

    def finish(self) -> Summary:
        self._flush()
        rng = rng_for(self.area.seed, 0, "panel")
        self.front_door.agenda(rng, self._panel_candidates, self._readings.score_ndt_on)
        self.front_door.stuck_cases(rng)
        self._system_issues()
        self._self_assessment()
        publish_demo_framework(self.area)
        contracts.load(self.area)
        load_demo_tenders(self.area, self.organisations)
        self.summary.users = User.objects.count()
        return self.summary

    def _organisations(self) -> dict[str, Organisation]:
        localities = {
            loc.name: loc
            for loc in Locality.objects.bulk_create(
                Locality(
                    code=loc["code"],
                    name=loc["name"],
                    population=loc["population"],
                    deprivation_decile=loc["deprivation_decile"],
                    postcode_district=loc["postcode_district"],
                    boundary=directory.ward_boundary(self.area, i),
                )
                for i, loc in enumerate(self.area.params["localities"])
            )
        }
        specs = self.area.params["organisations"]
        created = Organisation.objects.bulk_create(
            Organisation(
                hsds_id=directory.stable_uuid(self.area, "organisation", o["key"]),
                name=o["name"],
                kind=o["kind"],
                sector=o["sector"],
                commissions=o["commissions"],
                locality=localities.get(o.get("locality")),
            )
            for o in specs
        )
        Service.objects.bulk_create(
            Service(
                hsds_id=directory.stable_uuid(self.area, "service", spec["key"], service["name"]),
                organisation=org,
                name=service["name"],
                domains=service["domains"],
                locality=org.locality,
            )
            for spec, org in zip(specs, created, strict=True)
            for service in spec.get("services", [])
        )
        self.summary.organisations = len(created)
        return {spec["key"]: org for spec, org in zip(specs, created, strict=True)}

    def _staff(self) -> dict[str, list[User]]:
        template = User(email="template@example.org")
        template.set_password(self.area.params["demo_password"])  # argon2 once, not per user
        self._password_hash = template.password
        users: dict[str, list[User]] = {}
        for org_key, members in self.area.staff.items():
            org = self.organisations[org_key]
            users[org_key] = []
            for member in members:
                user = User.objects.create(
                    email=member.email,
                    full_name=member.name,
                    job_title=member.title,
                    password=template.password,
                )
                Membership.objects.create(user=user, organisation=org, role=member.role)
                key = None
                if rules(member.role).sees_personal_data:
                    key = _totp_key(self.area.seed, member.email)
                    TOTPDevice.objects.create(user=user, name="Demo authenticator", key=key)
                if member.role in ("practitioner", "coordinator"):
                    users[org_key].append(user)
                if member.named:
                    self.summary.sign_ins.append(
                        SignIn(member.role, member.name, member.email, org.name, key)
                    )
        return users

    def _flush(self) -> None:
        lives, self._pending = self._pending, []
        if not lives:
            return
        persons = people_services.add_people(
            [
                Person(
                    first_name=life.first_name,
                    last_name=life.last_name,
                    known_as=life.alias_first_name,
                    date_of_birth=life.date_of_birth,
                    sex=life.sex,
                    **self.front_door.identity(rng_for(self.area.seed, life.index, "id"), life),
                    postcode=life.postcode,
                    nhs_number=life.nhs_number,
                )
                for life in lives
            ]
        )
        involvements, consents, events, contacts, barriers, notes = [], [], [], [], [], []
        referred = []  # (life, person, NDT score at referral) for the front door
        declined_share = self.area.params["front_door"]["declined_share"]
        for life, person in zip(lives, persons, strict=True):
            rng = rng_for(self.area.seed, life.index, "load")
            involvements += self._involvements(rng, life, person)
            consents += self._consents(rng, life, person)
            events += [
                ServiceUseEvent(
                    person=person,
                    organisation=self.organisations[e.organisation],
                    kind=e.kind,
                    category=self.area.event_category(e.kind),
                    occurred_on=e.on,
                    quantity=e.quantity,
                )
                for e in life.events
            ]
            contacts += self._network(rng, life, person)
            barriers += self._barriers(rng, life, person)
            if life.coordinated_from and not life.died_on:
                self._readings.outcomes(life, self._plan(rng, person))
                self._readings.record(life, person, self._coordination_key, coordinated=True)
                notes += self._notes(rng, life, person)
                referred.append((life, person, self._readings.ndt(rng, life, person)))
                if self.summary.person_account is None:
                    self._give_account(person)
            elif life.coordinated_from:
                referred.append((life, person, None))
            elif len(life.domains) >= 2 and not life.died_on:
                chance = rng_for(self.area.seed, life.index, "other-readings").random()
                if chance < self._readings.spec["others_share"]:
                    known_by = life.contacts[0].organisation
                    self._readings.record(life, person, known_by, coordinated=False)
                adult = (self.area.today - life.date_of_birth).days > 20 * 365
                if adult and rng.random() < declined_share:
                    referred.append((life, person, rng.randint(8, 33)))
                else:
                    self._panel_candidates.append((life, person))
        Involvement.objects.bulk_create(involvements, batch_size=5000)
        Consent.objects.bulk_create(consents, batch_size=5000)
        ServiceUseEvent.objects.bulk_create(events, batch_size=5000)
        PersonalContact.objects.bulk_create(contacts, batch_size=5000)
        Barrier.objects.bulk_create(barriers, batch_size=5000)
        Note.objects.bulk_create(notes, batch_size=5000)
        self.front_door.load(rng_for, referred, self._readings.score_ndt_on)
        self.summary.people += len(persons)
        self.summary.involvements += len(involvements)
        self.summary.consents += len(consents)
        self.summary.events += len(events)

    def _notes(self, rng, life, person):
        org = self.area.params["coordination"]["organisation"]
        authors = self.users[org]
        made = []
        for n in range(rng.randint(1, 4)):
            written = self.area.today - timedelta(days=rng.randint(1, 120))
            made.append(
                Note(
                    person=person,
                    author=rng.choice(authors) if authors else None,
                    organisation=self.organisations[org],
                    written_at=timezone.make_aware(datetime.combine(written, time(10 + n))),
                    text=rng.choice(NOTES).format(name=person.first_name),
                    visibility="team" if rng.random() < 0.2 else "everyone",
                )
            )
        return made

    def _give_account(self, person) -> None:
        """One co-ordinated person signs in to their own view, so the demo can show it."""
        email = f"{person.first_name}.{person.last_name}".lower().replace("'", "") + "@example.net"
        user = User.objects.create(
            email=email, full_name=person.full_name, password=self._password_hash
        )
        key = _totp_key(self.area.seed, email)
        TOTPDevice.objects.create(user=user, name="Demo authenticator", key=key)
        person.account = user
        person.save(update_fields=["account"])
        self.summary.person_account = SignIn("person", person.full_name, email, "", key)

    def _plan(self, rng, person) -> SupportPlan:
        """A plan in the person's order, with a dependency or two and perhaps a key date."""
        spec = self.area.params["plans"]
        plan = SupportPlan.objects.create(person=person, what_matters=rng.choice(WHAT_MATTERS))
        count = rng.randint(*spec["steps_per_plan"])
        chosen = sorted(rng.sample(range(len(spec["steps"])), count))
        made = {}
        for position, index in enumerate(chosen, start=1):
            item = spec["steps"][index]
            status = rng.choice(["done", "in_progress", "not_started", "waiting", "blocked"])
            owner = self.organisations.get(item["owner"]) if item["owner"] else None
            step = PlanStep.objects.create(
                plan=plan,
                position=position,
                area=item["area"],
                title=item["title"],
                owner=owner,
                status=status,
                blocked_by=rng.choice(spec["blocked_reasons"]) if status == "blocked" else "",
                waiting_on=owner if status == "waiting" else None,
                due_on=self.area.today + timedelta(days=rng.randint(-20, 90)),
                done_on=self.area.today - timedelta(days=rng.randint(1, 200))
                if status == "done"
                else None,
            )
            made[item["title"]] = step
            if item.get("after") in made:
                step.depends_on.add(made[item["after"]])
        if rng.random() < spec["transition_share"]:
            Transition.objects.create(
                person=person,
                kind=rng.choice(spec["transition_kinds"]),
                happens_on=self.area.today
                + timedelta(days=rng.randint(*spec["transition_days_ahead"])),
                where_living=rng.choice(["", "Harbour Hostel, room 12", "A flat in Quayside"]),
                who_meets=rng.choice(["", "Their co-ordinator", "A peer mentor at the gate"]),
            )
        return plan

    def _barriers(self, rng, life, person):
        """Declined referrals, as the referring worker would log them."""
        spec = self.area.params["barriers"]
        rules_by_org = {r["organisation"]: r for r in spec["rules"]}
        made = []
        for r in life.referrals:
            rule = rules_by_org.get(r.to_organisation)
            if r.outcome != "declined_below_threshold" or rule is None:
                continue
            if rng.random() >= spec["share_of_declines"]:
                continue
            made.append(
                Barrier(
                    raised_by_organisation=self.organisations[r.from_organisation],
                    raised_on=r.on,
                    person=person,
                    responsible=self.organisations[r.to_organisation],
                    rule=rule["rule"],
                    category=rule["category"],
                    effect=f"Turned away with a need score of {r.need_score}.",
                    delay_days=rng.randint(14, 180),
                    status=rng.choice(["open", "raised", "closed"]),
                )
            )
        return made

    def _system_issues(self) -> None:
        for spec in self.area.params["barriers"]["issues"]:
            owner = User.objects.filter(email=spec["owner"]).first()
            issue = SystemIssue.objects.create(title=spec["title"], owner=owner)
            Barrier.objects.filter(responsible=self.organisations[spec["organisation"]]).update(
                system_issue=issue
            )

    def _self_assessment(self) -> None:
        """Two rounds per service; staff rate higher than service users, and both improve."""
        spec = self.area.params["self_assessment"]
        frameworks = {f.key: f for f in frameworks_data.load()}
        rng = rng_for(self.area.seed, 0, "self-assessment")
        for item in spec["services"]:
            org = self.organisations[item["organisation"]]
            elements = list(frameworks[item["framework"]].elements.all())
            base = {e.pk: rng.uniform(0.6, 2.0) for e in elements}
            for n, months_ago in enumerate((7, 1)):
                round_ = rounds.open_round(
                    None,
                    org,
                    framework=frameworks[item["framework"]],
                    service=item["service"],
                    directory_service=org.services.filter(name=item["service"]).first(),
                )
                round_.opened_on = self.area.today - timedelta(days=30 * months_ago)
                round_.public_token = f"demo-{item['organisation']}-{n}"
                round_.save()
                for kind, count, shift in (
                    ("staff", spec["staff_responses"], 0.5),
                    ("service_user", spec["service_user_responses"], -0.3),
                ):
                    for _ in range(rng.randint(*count)):
                        ratings = {}
                        for e in elements:
                            level = round(base[e.pk] + shift + 0.5 * n + rng.uniform(-0.8, 0.8))
                            ratings[e.pk] = {
                                "level": max(0, min(3, level)),
                                "helps": rng.choice(spec["helps"]) if rng.random() < 0.2 else "",
                                "hinders": rng.choice(spec["hinders"])
                                if rng.random() < 0.2
                                else "",
                            }
                        rounds.submit(round_, kind, ratings)

    def _network(self, rng, life, person):
        coordinated = bool(life.coordinated_from)
        return [
            PersonalContact(
                person=person,
                name=name,
                relationship=RELATIONSHIPS.get(role, "other"),
                described_as=f"my {role}" if role not in ("peer", "volunteer") else role,
                is_dependant=role in ("son", "daughter") and rng.random() < 0.5,
                is_carer=role in ("mother", "sister", "partner") and rng.random() < 0.15,
                in_touch_with_coordinator=coordinated and rng.random() < 0.4,
                since=life.date_of_birth if role in FAMILY else None,
            )
            for name, role in life.network
        ]

    def _involvements(self, rng, life, person):
        made = []
        for contact in life.contacts:
            org = self.area.organisations[contact.organisation]
            worker = None if contact.worker is None else self.users[org["key"]][contact.worker]
            end = contact.end if contact.end and contact.end > contact.start else None
            if contact.end and end is None:
                end = contact.start + timedelta(days=1)
            made.append(
                Involvement(
                    person=person,
                    organisation=self.organisations[org["key"]],
                    professional=worker,
                    professional_name="",
                    role=org["role_label"],
                    is_lead=org["key"] == self.area.params["coordination"]["organisation"]
                    or rng.random() < 0.25,
                    started_on=contact.start,
                    ended_on=end,
                    last_contact_on=max(
                        contact.start,
                        min(end or self.area.today, self.area.today)
                        - timedelta(days=rng.randint(0, 40)),
                    ),
                    in_touch_with_coordinator=bool(life.coordinated_from) and rng.random() < 0.6,
                )
            )
        return made

    def _consents(self, rng, life, person):
        if life.died_on or rng.random() >= self.area.params["consent"]["share"]:
            return []
        now = timezone.make_aware(datetime.combine(self.area.today, time(9)))
        grantee = rng.choice(self.area.params["panel"]["organisations"])
        return [
            Consent(
                person=person,
                organisation=self.organisations[grantee],
                basis=Consent.Basis.CONSENT,
                sections=ALL_SECTIONS,
                starts_at=now - timedelta(days=rng.randint(1, 300)),
                ends_at=now + timedelta(days=rng.randint(30, 365)),
            )
        ]


RELATIONSHIPS = {
    "mother": "family",
    "father": "family",
    "sister": "family",
    "brother": "family",
    "partner": "partner",
    "ex-partner": "partner",
    "son": "child",
    "daughter": "child",
    "friend": "friend",
    "peer": "peer",
    "mentor": "mentor",
    "volunteer": "volunteer",
}
FAMILY = {"mother", "father", "sister", "brother"}  # known them since birth

NOTES = [
    "Met {name} at the drop-in. Slept at a friend's last night; wants to try the hostel again.",
    "Went with {name} to the GP. Registered, and a health check booked for next week.",
    "{name} missed the treatment appointment: no credit on their phone. Bought a top-up card.",
    "Panel agreed to ask the hostel for a flexible response on the arrears rule.",
    "{name} was upset after the call with housing. Talked it through; will go together on Monday.",
    "Probation confirmed the appointment moved to Thursdays, which fits round the script pick-up.",
    "{name} said the most important thing this month is seeing their daughter on Saturday.",
]


def _totp_key(seed: int, email: str) -> str:
    """A stable 20-byte key, so the demo's authenticator entries survive a rebuild."""
    return hashlib.sha1(f"joinedup-demo:{seed}:{email}".encode()).hexdigest()
