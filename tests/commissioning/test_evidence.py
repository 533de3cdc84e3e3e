"""Each indicator kind's rule for one person, worked by hand (`commissioning.evidence`), and a
claim whose evidence is found automatically from the synthetic area's own records."""

from datetime import date
from decimal import Decimal

import pytest

from joinedup.commissioning import claims, evidence
from joinedup.costs.models import ServiceUseEvent
from joinedup.plans.models import OutcomeRating, PersonalOutcome, PlanStep, SupportPlan
from joinedup.referrals.models import StatusChange
from tests.commissioning import claims_area as area

pytestmark = pytest.mark.django_db
H1 = area.H1


@pytest.fixture
def council(db):
    return area.commissioner_org()


def test_a_reading_crossing_the_level_in_the_period_is_an_outcome(council, owner_org):
    ann = area.served_person(owner_org)
    area.reading(ann, date(2024, 11, 1), 31)
    area.reading(ann, date(2025, 2, 1), 30)  # not yet
    hit = area.reading(ann, date(2025, 5, 1), 29)  # at the level: counted (at or below)
    area.reading(ann, date(2025, 6, 1), 22)  # still below: not a new outcome
    (a,) = evidence.find(area.indicator(council), [ann.pk], *H1)
    assert (a.on, a.records[0]["value"], a.records[1]["id"]) == (date(2025, 5, 1), "30.00", hit.pk)


def test_at_or_above_reads_the_other_way(council, owner_org):
    ann = area.served_person(owner_org)
    area.reading(ann, date(2024, 11, 1), 10)
    area.reading(ann, date(2025, 3, 1), 40)
    ind = area.indicator(
        council, params={"instrument": "ndt", "level": 40, "compare": "at_or_above"}
    )
    assert [a.on for a in evidence.find(ind, [ann.pk], *H1)] == [date(2025, 3, 1)]


def _outcome(person, ratings):
    plan = SupportPlan.objects.create(person=person)
    o = PersonalOutcome.objects.create(plan=plan, words="A home", written_by="person")
    for day, rating in ratings:
        OutcomeRating.objects.create(outcome=o, rated_on=day, rating=rating, rated_by="person")
    return o


def test_a_personal_outcome_rated_above_its_first_rating(council, owner_org):
    ann, bea = area.served_person(owner_org), area.served_person(owner_org, "Bea")
    _outcome(ann, [(date(2024, 9, 1), 3), (date(2025, 2, 1), 3), (date(2025, 4, 1), 6)])
    _outcome(bea, [(date(2025, 2, 1), 5)])  # rated once only
    found = evidence.find(area.indicator(council, "personal_outcome"), [ann.pk, bea.pk], *H1)
    assert [(a.person_id, a.on) for a in found] == [(ann.pk, date(2025, 4, 1))]


def test_each_plan_step_done_in_the_period_with_whose_step_it_was(council, owner_org, other_org):
    ann = area.served_person(owner_org)
    plan = SupportPlan.objects.create(person=ann)
    for i, (day, owner) in enumerate([(date(2025, 2, 1), other_org), (date(2025, 8, 1), None)]):
        PlanStep.objects.create(
            plan=plan,
            position=i,
            area="housing",
            title=f"Step {i}",
            status="done",
            done_on=day,
            owner=owner,
        )
    (a,) = evidence.find(area.indicator(council, "plan_steps_done"), [ann.pk], *H1)
    assert a.records[0]["owner"] == other_org.pk and a.records[0]["organisation"] == other_org.name


def test_a_by_name_list_status_reached(council, owner_org):
    ann = area.served_person(owner_org)
    StatusChange.objects.create(person=ann, status="active", on=date(2025, 1, 10))
    StatusChange.objects.create(person=ann, status="moved_on", on=date(2025, 5, 10))
    ind = area.indicator(council, "list_status", {"status": "moved_on"})
    assert [a.on for a in evidence.find(ind, [ann.pk], *H1)] == [date(2025, 5, 10)]


def _use(person, org, kind, day, quantity=1):
    ServiceUseEvent.objects.create(
        person=person,
        organisation=org,
        kind=kind,
        category="health",
        occurred_on=day,
        quantity=quantity,
    )


def test_service_use_where_lower_is_better_is_none_after_some(council, owner_org, other_org):
    """Period 1 January to 30 June 2025; the six months before start 1 July 2024."""
    ann, bea, cy, dee = (area.served_person(owner_org, n) for n in ("Ann", "Bea", "Cy", "Dee"))
    _use(ann, other_org, "ed_attendance", date(2024, 9, 1), 3)  # some before, none in: yes
    _use(bea, other_org, "ed_attendance", date(2024, 9, 1))
    _use(bea, other_org, "ed_attendance", date(2025, 3, 1))  # some in the period: no
    _use(cy, other_org, "ed_attendance", date(2024, 6, 30))  # before the window before: no
    ind = area.indicator(council, "service_use", {"kind": "ed_attendance"}, direction="lower")
    (a,) = evidence.find(ind, [ann.pk, bea.pk, cy.pk, dee.pk], *H1)
    assert (a.person_id, a.on) == (ann.pk, date(2025, 6, 30))
    assert a.records[0]["quantity"] == 3 and a.records[-1]["kind"] == "none"


def test_service_use_where_higher_is_better_is_the_first_in_the_period(council, owner_org):
    ann = area.served_person(owner_org)
    _use(ann, owner_org, "tenancy_start", date(2025, 4, 2))
    _use(ann, owner_org, "tenancy_start", date(2025, 5, 2))
    ind = area.indicator(council, "service_use", {"kind": "tenancy_start"}, direction="higher")
    assert [a.on for a in evidence.find(ind, [ann.pk], *H1)] == [date(2025, 4, 2)]


def test_kinds_about_a_population_cannot_be_evidenced(council):
    ok, why = evidence.can_evidence(area.indicator(council, "first_help"))
    assert not ok and "not a person's outcome" in why


def test_a_claim_on_the_synthetic_area_finds_its_evidence_automatically():
    """The demo framework's NDT and by-name list indicators, for the multiple needs service
    over a year of the synthetic area's records (300 people, seed 1)."""
    from joinedup.accounts.models import Membership
    from joinedup.directory.models import Organisation
    from joinedup.measures.models import Assessment, Indicator
    from joinedup.synthetic.generator import generate

    generate(people=300, seed=1, today=date(2026, 11, 24))
    service = Organisation.objects.get(name="Riverside Multiple Needs Service")
    council = Organisation.objects.filter(commissions=True).first()
    c = area.contract(council, service)
    c.starts_on, c.ends_on = date(2025, 11, 1), date(2026, 10, 31)
    c.save()
    area.rate(c, Indicator.objects.get(kind="instrument_level"), name="NDT at or below 29")
    area.rate(c, Indicator.objects.get(kind="list_status"), name="Moved on", price="3000", pos=2)
    manager = Membership.objects.get(organisation=service, role="provider_manager")
    claim = claims.assemble(manager, c, date(2025, 11, 1), date(2026, 11, 1)).claim
    lines = list(claim.lines.select_related("outcome"))
    assert {line.outcome.name for line in lines} == {"NDT at or below 29", "Moved on"}
    for line in lines:
        assert line.has_evidence
        if line.outcome.name.startswith("NDT"):
            paying = Assessment.objects.get(pk=line.evidence[-1]["id"])
            assert paying.person_id == line.person_id and paying.score <= 29
            assert paying.assessed_on == line.achieved_on
        else:
            assert StatusChange.objects.get(pk=line.evidence[0]["id"]).status == "moved_on"
    assert claim.total == sum(line.outcome.price for line in lines) > Decimal("0")
    claims.submit(manager, claim)
    payer = Membership.objects.get(organisation=council, role="commissioner")
    assert claims.evidence_problems(claim) == []
    claims.accept(payer, claim)
