"""Every URL in the project, found by walking the resolver, so new pages are covered at once.

Convention: a URL about one person names it `person_id`. Such URLs answer 404 to anyone the
access layer does not let in, and every answer (200 or 404) leaves an AccessLog row.
"""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.assessment import frameworks_data
from joinedup.assessment.models import Framework, Round, SystemIssue
from joinedup.audit.models import AccessLog
from joinedup.people.models import Consent
from joinedup.plans.models import PersonalOutcome, PlanStep, SupportPlan
from joinedup.referrals import services
from joinedup.referrals.models import Panel, PanelMeeting, Referral, StuckCase

#: Pages anyone may open without signing in.
PUBLIC = {
    "accounts:sign-in",
    "accounts:set-password",
    "healthz",
    "assessment:have-your-say",
    "referrals:self-referral",
    "referrals:self-referral-sent",
    "glossary",
}


def walk(resolver=None, namespace="", inherited=()):
    """(url name, parameter names) for every named pattern, namespaces and prefixes included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        params = inherited + tuple(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, ns, params)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name"
            yield f"{namespace}{entry.name}", params


PATTERNS = sorted(set(walk()))
#: The Open Referral HSDS API is open data: every path under /api/hsds/ is public.
PUBLIC |= {name for name, _ in PATTERNS if name.startswith("hsds:")}


def plan_step_for(person):
    plan, _ = SupportPlan.objects.get_or_create(person=person)
    return plan.steps.first() or PlanStep.objects.create(
        plan=plan, position=1, area="housing", title="Find somewhere to live"
    )


def outcome_for(person):
    plan, _ = SupportPlan.objects.get_or_create(person=person)
    return plan.outcomes.first() or PersonalOutcome.objects.create(
        plan=plan, words="A place my kids can visit", written_by="person"
    )


def consent_for(person):
    return person.consents.first() or Consent.objects.create(
        person=person, organisation=person.involvements.first().organisation, basis="consent"
    )


def round_for(organisation):
    framework = Framework.objects.first() or frameworks_data.load()[0]
    return Round.objects.first() or Round.objects.create(
        framework=framework, organisation=organisation, service="Drop-in", public_token="t0ken"
    )


def issue_for():
    return SystemIssue.objects.first() or SystemIssue.objects.create(title="Hostel bans")


def locality_for():
    from joinedup.directory.models import Locality

    return Locality.objects.first() or Locality.objects.create(
        code="RV01", name="Quayside", population=9800, deprivation_decile=1, postcode_district="RV1"
    )


def service_for(organisation):
    return organisation.services.first() or organisation.services.create(name="Drop-in")


def referral_for(person, organisation):
    """A referral from the organisation that works with the person, awaiting a meeting."""
    referral = Referral.objects.first()
    if referral:
        return referral
    panel = Panel.objects.create(name="Panel", host=organisation)
    panel.organisations.add(organisation)
    PanelMeeting.objects.create(panel=panel, meets_on=timezone.localdate() + timedelta(days=3))
    return services.refer(
        panel=panel,
        identity={},
        person=person,
        what_is_happening="Sleeping rough since March.",
        what_matters="A key of my own.",
        sharing=services.Sharing(organisations=[organisation], basis="consent"),
        organisation=organisation,
    )


def stuck_case_for(person, organisation):
    return StuckCase.objects.first() or StuckCase.objects.create(
        person=person, agency=organisation, rule="No arrears", asked="Waive the arrears rule"
    )


def published_framework_version(organisation):
    """A published outcome framework version: every member of the area may read it."""
    from joinedup.measures.models import FrameworkVersion, OutcomeFramework

    version = FrameworkVersion.objects.filter(status="published").first()
    if version is None:
        framework = OutcomeFramework.objects.create(name="Outcomes", commissioner=organisation)
        version = FrameworkVersion.objects.create(framework=framework, number=1, population="All")
        version.status = "published"
        version.save()
    return version


def funding_for(person, organisation):
    """A joint-funding request from the organisation that works with the person."""
    from joinedup.commissioning.review_models import JointFundingRequest

    return JointFundingRequest.objects.first() or JointFundingRequest.objects.create(
        person=person, organisation=organisation, title="Rehab", summary="Case", amount=1
    )


def contract_for(organisation):
    """A live contract with the organisation as its provider, and a claim on it."""
    from datetime import date

    from joinedup.commissioning.models import Contract

    contract = Contract.objects.first()
    if contract is None:
        contract = Contract.objects.create(
            reference="C-1",
            title="Support",
            commissioner=organisation,
            mechanism="pbr",
            status="live",
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 12, 31),
            value=100000,
        )
        party = contract.parties.create(organisation=organisation, tier="prime", value=100000)
        contract.claims.create(
            party=party, period_start=date(2025, 1, 1), period_end=date(2025, 4, 1)
        )
    return contract


def tender_for(organisation):
    """A tender let by the organisation, with a bid from the organisation itself: a worker of
    it who is not its provider manager is refused its bid (403), not told it is missing."""
    from decimal import Decimal

    from joinedup.commissioning.tender_models import Bid, Tender

    tender = Tender.objects.first()
    if tender is None:
        today = timezone.localdate()
        tender = Tender.objects.create(
            title="Outreach", commissioner=organisation, description="Night outreach.",
            estimated_value=Decimal("90000"), publish_on=today, closes_on=today,
            price_weight=40, quality_weight=40, social_value_weight=20,
        )  # fmt: skip
        tender.criteria.create(question="How?", weight=100)
        Bid.objects.create(
            tender=tender,
            provider=organisation,
            price=Decimal("80000"),
            submitted_at=timezone.now(),
        )
    return tender


def claim_for(organisation):
    """A claim, the area's own where it has one (a demo area's contracts may have none yet)."""
    from datetime import date

    from joinedup.commissioning.claim_models import Claim

    claim = Claim.objects.first()
    if claim is None:
        contract = contract_for(organisation)
        party = contract.parties.first() or contract.parties.create(
            organisation=organisation, tier="prime", value=contract.value
        )
        claim = contract.claims.create(
            party=party, period_start=date(2025, 1, 1), period_end=date(2025, 4, 1)
        )
    return claim


def url_for(name, params, *, person, organisation):
    values = {
        "person_id": person.pk,
        "organisation_id": organisation.pk,
        "user_id": organisation.memberships.first().user_id,
        "step_id": plan_step_for(person).pk,
        "outcome_id": outcome_for(person).pk,
        "consent_id": consent_for(person).pk,
        "issue_id": issue_for().pk,
        "round_id": round_for(organisation).pk,
        "fmt": "csv",
        "table": "supply-chain",
        "mechanism": "block",
        "key": "journey",
        "framework_id": (Framework.objects.first() or frameworks_data.load()[0]).pk,
        "token": round_for(organisation).public_token,
        "uidb64": "MQ",
        "hsds_id": str(organisation.hsds_id),
        "service_id": service_for(organisation).pk,
        "referral_id": referral_for(person, organisation).pk,
        "meeting_id": PanelMeeting.objects.first().pk,
        "stuck_case_id": stuck_case_for(person, organisation).pk,
        "batch_id": 1,
        "run_id": 1,
        "pair_id": 1,
        "link_id": 1,
        "decision_id": 1,
        "party_id": 1,
        "budget_id": 1,
        "exercise_id": 1,
        "funding_id": funding_for(person, organisation).pk,
        "kind": "arrest",
        "entry_id": 1,
        "version_id": published_framework_version(organisation).pk,
        "outcome_framework_id": published_framework_version(organisation).framework_id,
        "contract_id": contract_for(organisation).pk,
        "claim_id": claim_for(organisation).pk,
        "tender_id": tender_for(organisation).pk,
        "bid_id": tender_for(organisation).bids.first().pk,
        "criterion_id": tender_for(organisation).criteria.first().pk,
        "locality_id": locality_for().pk,
    }
    missing = [p for p in params if p not in values]
    assert not missing, f"{name}: add a test value for URL parameter(s) {missing}"
    return reverse(name, kwargs={p: values[p] for p in params})


def fetch(client, url):
    """GET the page, or POST to it when it only takes POST (an action button)."""
    response = client.get(url)
    return client.post(url) if response.status_code == 405 else response


def test_the_walk_finds_the_person_pages():
    names = {name for name, _ in PATTERNS}
    assert {"people:detail", "people:access-history", "home"} <= names


@pytest.mark.parametrize("name,params", PATTERNS, ids=[n for n, _ in PATTERNS])
def test_anonymous_users_are_sent_to_sign_in(client, name, params, person, owner_org):
    url = url_for(name, params, person=person, organisation=owner_org)
    response = client.get(url)
    if name in PUBLIC:
        # An HSDS item path given an organisation's id finds no such item: 404, still public.
        assert response.status_code == 200 or (
            name.startswith("hsds:") and response.status_code == 404
        )
    elif url.startswith("/api/"):
        assert response.status_code == 401
        assert response.json() == {"detail": "Sign in first."}
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert not AccessLog.objects.filter(granted=True).exists()


PERSON_PATTERNS = [(n, p) for n, p in PATTERNS if "person_id" in p]

#: Person pages that a role opens rather than a relationship with the person: the role's
#: users see them, everyone else is refused (403) before anything is read.
ROLE_GATED = {
    "people:subject-access": Role.ADMINISTRATOR,
    "referrals:allocate": Role.COORDINATOR,
    "referrals:stuck-new": Role.COORDINATOR,
}


@pytest.mark.parametrize("name,params", PERSON_PATTERNS, ids=[n for n, _ in PERSON_PATTERNS])
def test_outsiders_get_404_and_the_attempt_is_logged(
    signed_in, charlie, name, params, person, owner_org
):
    url = url_for(name, params, person=person, organisation=owner_org)
    response = fetch(signed_in(charlie), url)
    if name in ROLE_GATED:
        assert response.status_code == 403 and person.full_name not in response.content.decode()
        return
    assert response.status_code == 404
    assert person.full_name not in response.content.decode()
    refused = AccessLog.objects.get(user=charlie, person_ref=person.pk)
    assert refused.granted is False
    assert url in refused.route


@pytest.mark.parametrize("name,params", PERSON_PATTERNS, ids=[n for n, _ in PERSON_PATTERNS])
def test_the_permitted_user_gets_the_page_and_an_access_log_row(
    signed_in, alice, name, params, person, owner_org
):
    url = url_for(name, params, person=person, organisation=owner_org)
    if name in ROLE_GATED:
        alice.memberships.update(role=ROLE_GATED[name])
        url += "?reference=TEST-1"
    response = fetch(signed_in(alice), url)
    assert response.status_code in {200, 302}  # actions redirect back after doing their work
    entry = AccessLog.objects.filter(user=alice, person=person, granted=True).first()
    assert entry is not None
    assert url in entry.route
    assert entry.organisation == owner_org
    assert entry.role == ROLE_GATED.get(name, "practitioner")


OTHER_PATTERNS = [(n, p) for n, p in PATTERNS if "person_id" not in p and n not in PUBLIC]


@pytest.mark.parametrize("name,params", OTHER_PATTERNS, ids=[n for n, _ in OTHER_PATTERNS])
def test_every_other_page_answers_a_signed_in_user_without_error(
    signed_in, alice, name, params, person, owner_org
):
    url = url_for(name, params, person=person, organisation=owner_org)
    response = signed_in(alice).get(url)
    # 403 for pages of another role, 405 for POST-only actions, a redirect at most otherwise;
    # the API's root has no page of its own (404).
    # /me/ pages are for a person's own account: a worker has no own record there (404).
    no_page = name == "api-v1:api-root" or name.startswith("me")
    allowed = {200, 302, 403, 405} | ({404} if no_page else set())
    assert response.status_code in allowed, response.status_code
