"""A stateful property test of the widening rule: random sequences of every write that can
change who sees a record, by users of several organisations and roles, and after each step no
user sees more people, or more of anyone, through their own action alone; every read is logged.
"""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from joinedup.accounts.roles import Role
from joinedup.audit.models import AccessLog
from joinedup.directory.models import Organisation
from joinedup.people import access
from joinedup.people.models import Consent, Involvement, Person
from joinedup.referrals.models import Panel, PanelMeeting, Referral
from tests.conftest import make_user, sign_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SECTIONS = ["team", "story", "assessments", "plan", "notes", "timeline"]
IDENTITIES = [
    {"first_name": "Dana", "last_name": "Example", "nhs_number": "9434765919"},
    {"first_name": "dana", "last_name": "EXAMPLE", "date_of_birth": "1980-06-01"},
    {"first_name": "Jo", "last_name": "Marsh", "date_of_birth": "1985-03-04"},
    {"first_name": "New", "last_name": "Person", "date_of_birth": "1990-01-01"},
]


@pytest.fixture
def area(db):
    """Four organisations on one panel, a user in each role that sees people, three people."""
    orgs = {
        key: Organisation.objects.create(name=name, kind=kind, sector="public")
        for key, name, kind in [
            ("front", "Front Door", "coordination"),
            ("drugs", "Drug Service", "drug_alcohol_service"),
            ("police", "Police", "police"),
            ("probation", "Probation", "probation"),
        ]
    }
    panel = Panel.objects.create(name="Panel", host=orgs["front"])
    panel.organisations.set(orgs.values())
    PanelMeeting.objects.create(panel=panel, meets_on=TODAY + timedelta(days=5))
    users = [
        make_user("sam@example.org", orgs["front"], Role.COORDINATOR),
        make_user("alice@example.org", orgs["drugs"], Role.PRACTITIONER),
        make_user("charlie@example.org", orgs["police"], Role.PRACTITIONER),
        make_user("helen@example.org", orgs["probation"], Role.PANEL_MEMBER),
        make_user("tom@example.org", orgs["police"], Role.ADMINISTRATOR),
    ]
    dana = Person.objects.create(
        first_name="Dana",
        last_name="Example",
        nhs_number="9434765919",
        date_of_birth=TODAY.replace(year=1980, month=6, day=1),
    )
    Involvement.objects.create(
        person=dana, organisation=orgs["drugs"], role="Worker", started_on=TODAY
    )
    jo = Person.objects.create(first_name="Jo", last_name="Marsh")
    Involvement.objects.create(
        person=jo, organisation=orgs["front"], role="Worker", started_on=TODAY
    )
    lee = Person.objects.create(first_name="Lee", last_name="Hart")
    for person, org, sections in [
        (dana, "police", ["identity", "story"]),
        (jo, "probation", ["identity", "story", "assessments"]),
        (lee, "probation", ["identity"]),
    ]:
        Consent.objects.create(
            person=person, organisation=orgs[org], basis="consent", sections=sections
        )
    return {"orgs": list(orgs.values()), "users": users, "panel": panel}


def view_of(user) -> dict[int, frozenset]:
    """Everyone the user sees, and which sections of each."""
    return {p.pk: frozenset(access.sections_for(user, p)) for p in access.persons_visible_to(user)}


class Widening(RuleBasedStateMachine):
    area: dict = {}

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.users = self.area["users"]
        self.orgs = self.area["orgs"]
        self.clients = {u.pk: sign_in(Client(), u) for u in self.users}

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # Every step: one user does one thing; the check compares what they saw before and after.

    def _as(self, user, action, reads=True):
        before = view_of(user)
        newest = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        logged = AccessLog.objects.count()
        response = action(self.clients[user.pk])
        assert response.status_code < 500, response.content[:500]
        after = view_of(user)
        for pk, sections in after.items():
            if pk > newest:
                continue  # a record their own referral made holds only what they sent
            assert pk in before, f"{user} gained sight of person {pk}"
            assert sections <= before[pk], f"{user} gained {sections - before[pk]} of {pk}"
        if reads:
            assert AccessLog.objects.count() > logged, "a request on a record logged nothing"

    def _person(self, data):
        return data.draw(st.sampled_from(list(Person.objects.order_by("pk"))))

    users_st = st.integers(0, 4)

    @rule(
        u=users_st,
        identity=st.sampled_from(IDENTITIES),
        to=st.sets(st.integers(0, 3)),
        sections=st.sets(st.sampled_from(SECTIONS)),
    )
    def refer_by_api(self, u, identity, to, sections):
        orgs = [self.orgs[0], *(self.orgs[i] for i in sorted(to))]
        body = {
            "person": identity,
            "what_is_happening": "Asked for help.",
            "sharing": {
                "organisations": [o.pk for o in orgs],
                "basis": "consent",
                "sections": sorted(sections),
            },
        }
        self._as(
            self.users[u],
            lambda c: c.post(
                "/api/v1/referrals/", json.dumps(body), content_type="application/json"
            ),
            reads=False,  # a referral by details opens no record, so it logs no read
        )

    @rule(u=users_st, data=st.data(), to=st.sets(st.integers(0, 3), min_size=1))
    def refer_from_record_by_form(self, u, data, to):
        person = self._person(data)
        form = {
            "needs": ["homelessness"],
            "what_is_happening": "Worse.",
            "what_matters": "Home",
            "organisations": [self.orgs[0].pk, *(self.orgs[i].pk for i in to)],
            "basis": "consent",
        }
        self._as(
            self.users[u],
            lambda c: c.post(reverse("referrals:refer-person", args=[person.pk]), form),
        )

    @rule(identity=st.sampled_from(IDENTITIES))
    def self_refer(self, identity):
        cache.clear()  # the hourly throttle per address would refuse every self-referral
        before = {u.pk: view_of(u) for u in self.users}
        Client().post(
            reverse("referrals:self-referral"),
            {
                "first_name": identity["first_name"],
                "last_name": identity["last_name"],
                "contact_by": "07700 900123",
                "what_is_happening": "Help",
                "agree": "on",
            },
        )
        for user in self.users:  # nobody's sight of an existing record changes
            after = view_of(user)
            assert {k: v for k, v in after.items() if k in before[user.pk]} == before[user.pk]

    @rule(
        u=users_st,
        data=st.data(),
        org=st.integers(0, 3),
        sections=st.sets(st.sampled_from(SECTIONS)),
    )
    def share(self, u, data, org, sections):
        person = self._person(data)
        form = {"organisation": self.orgs[org].pk, "basis": "consent", "sections": sorted(sections)}
        self._as(
            self.users[u], lambda c: c.post(reverse("people:sharing-add", args=[person.pk]), form)
        )

    @rule(u=users_st, data=st.data())
    def revoke(self, u, data):
        line = data.draw(st.sampled_from(list(Consent.objects.order_by("pk")) or [None]))
        if line is None:
            return
        self._as(
            self.users[u],
            lambda c: c.post(
                reverse("people:sharing-revoke", args=[line.person_id, line.pk]), {"reason": "Ends"}
            ),
        )

    @rule(u=users_st, data=st.data(), named=st.sets(users_st))
    def restrict(self, u, data, named):
        person = self._person(data)
        form = {"restricted": "on", "named": [self.users[i].pk for i in named]}
        self._as(
            self.users[u], lambda c: c.post(reverse("people:restriction", args=[person.pk]), form)
        )

    @rule(u=users_st, data=st.data(), org=st.integers(0, 3))
    def join_team(self, u, data, org):
        person = self._person(data)
        form = {
            "organisation": self.orgs[org].pk,
            "role": "Worker",
            "started_on_0": TODAY.day,
            "started_on_1": TODAY.month,
            "started_on_2": TODAY.year,
        }
        self._as(
            self.users[u], lambda c: c.post(reverse("people:team-add", args=[person.pk]), form)
        )

    @rule(u=users_st, data=st.data())
    def leave_team(self, u, data):
        involvement = data.draw(st.sampled_from(list(Involvement.objects.order_by("pk"))))
        self._as(
            self.users[u],
            lambda c: c.post(
                reverse("people:team-end", args=[involvement.person_id]),
                {"kind": "involvement", "id": involvement.pk},
            ),
        )

    @precondition(lambda self: Referral.objects.exists())
    @rule(u=users_st, data=st.data(), outcome=st.sampled_from(["accept", "decline", "defer"]))
    def decide(self, u, data, outcome):
        referral = data.draw(st.sampled_from(list(Referral.objects.order_by("pk"))))
        body = {
            "outcome": outcome,
            "rationale": "Agreed",
            "priority": 1,
            "decline_reason": "Not now",
            "review_on": str(TODAY + timedelta(days=30)),
            "override_reason": "The panel knows them",
        }
        self._as(
            self.users[u],
            lambda c: c.post(
                f"/api/v1/referrals/{referral.pk}/decisions",
                json.dumps(body),
                content_type="application/json",
            ),
        )

    @precondition(lambda self: Referral.objects.filter(status="held").exists())
    @rule(u=users_st, data=st.data(), same=st.booleans())
    def check_match(self, u, data, same):
        referral = data.draw(st.sampled_from(list(Referral.objects.filter(status="held"))))
        self._as(
            self.users[u],
            lambda c: c.post(
                f"/api/v1/referrals/{referral.pk}/match",
                json.dumps({"same_person": same}),
                content_type="application/json",
            ),
        )

    @invariant()
    def nobody_sees_a_restricted_record_unnamed(self):
        for person in Person.objects.filter(restricted=True):
            named = set(person.restricted_to.values_list("pk", flat=True))
            for user in self.users:
                if user.pk not in named:
                    assert not access.can_see(user, person.pk)


@pytest.mark.django_db(transaction=False)
def test_nobody_widens_their_own_access(area):
    Widening.area = area
    Widening.TestCase.settings = settings(
        max_examples=6,
        stateful_step_count=6,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(Widening, settings=Widening.TestCase.settings)
