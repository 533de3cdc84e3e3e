"""One person with one of every kind of record the platform keeps, each naming them.

Shared by the subject access and retention tests: the export must hold each record, and
anonymising must leave no free text with their name anywhere in the database.
"""

from datetime import date, timedelta

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from joinedup.accounts.models import User
from joinedup.assessment.models import Barrier
from joinedup.costs.models import ServiceUseEvent
from joinedup.linkage.models import Decision as LinkDecision
from joinedup.linkage.models import ImportBatch, Link, ReviewPair, Run, SourceRecord
from joinedup.measures.models import Assessment, Instrument, Item, Score
from joinedup.people.models import Consent, Involvement, Note, Person, PersonalContact
from joinedup.plans.models import PlanStep, SupportPlan, Transition
from joinedup.referrals.models import (
    AgendaItem,
    Allocation,
    Decision,
    Panel,
    PanelMeeting,
    ProfileVersion,
    Referral,
    ReferralShare,
    StatusChange,
    StuckCase,
)

FIRST, LAST = "Zenobia", "Quillfeather"
NAME = f"{FIRST} {LAST}"


def build(org, other_org, worker):
    """Everything about one person; every free text names them."""
    today = timezone.localdate()
    account = User.objects.create_user(
        email="zenobia.quillfeather@example.org", password="x" * 20, full_name=NAME
    )
    TOTPDevice.objects.create(user=account, name=f"{FIRST}'s phone", confirmed=True)
    person = Person.objects.create(
        first_name=FIRST,
        last_name=LAST,
        known_as="Zen",
        date_of_birth=date(1980, 5, 6),
        postcode="RV1 9ZZ",
        nhs_number="9434765919",
        account=account,
    )
    person.restricted_to.add(worker)
    Involvement.objects.create(
        person=person,
        organisation=org,
        professional=worker,
        professional_name=f"{FIRST}'s old key worker",
        contact=f"ask for {FIRST}",
        role="Recovery worker",
        started_on=today - timedelta(days=60),
    )
    PersonalContact.objects.create(
        person=person, name=f"{LAST} senior", relationship="family", described_as=f"{FIRST}'s dad"
    )
    consent = Consent.objects.create(
        person=person,
        organisation=other_org,
        basis="consent",
        reason=f"{FIRST} agreed",
        revoke_reason=f"{FIRST} changed her mind",
    )
    Note.objects.create(person=person, author=worker, organisation=org, text=f"Met {NAME}")

    # The front door.
    panel = Panel.objects.create(name="Riverside panel", host=org)
    meeting = PanelMeeting.objects.create(panel=panel, meets_on=today)
    profile = ProfileVersion.objects.create(
        person=person,
        number=1,
        what_is_happening=f"{FIRST} is sleeping rough",
        what_matters=f"{FIRST} wants her dog back",
    )
    referral = Referral.objects.create(
        person=person,
        panel=panel,
        referring_organisation=org,
        profile=profile,
        needs=["homelessness"],
        contact_by=f"text {FIRST}",
    )
    ReferralShare.objects.create(
        referral=referral,
        organisation=other_org,
        consent=consent,
        profile=profile,
        override_reason=f"{FIRST} at risk",
    )
    barrier = Barrier.objects.create(
        raised_by=worker,
        raised_by_organisation=org,
        person=person,
        responsible=other_org,
        rule=f"No dogs, so {FIRST} cannot stay",
        category="exclusions",
        effect=f"{FIRST} slept out for a week",
    )
    StuckCase.objects.create(
        person=person,
        brought_by=worker,
        agency=other_org,
        rule=f"{FIRST} is banned",
        asked=f"Lift {FIRST}'s ban",
        answer=f"Yes for {FIRST}",
        barrier=barrier,
    )
    AgendaItem.objects.create(
        meeting=meeting, person=person, referral=referral, reason=f"{FIRST} again"
    )
    Decision.objects.create(
        referral=referral,
        meeting=meeting,
        outcome="accept",
        priority=1,
        rationale=f"{FIRST} is at high risk",
        decline_reason=f"not {FIRST}",
        dissent=f"Police thought {FIRST} could wait",
        override_reason=f"{FIRST} out of order",
        recorded_by=worker,
    )
    Allocation.objects.create(
        person=person, coordinator=worker, organisation=org, referral=referral, reason=f"{FIRST}"
    )
    StatusChange.objects.create(
        person=person, status="on_hold", waiting_for=f"{FIRST}'s flat", note=f"{FIRST} in court"
    )

    # Plans, measures and costs.
    plan = SupportPlan.objects.create(person=person, what_matters=f"{FIRST}: my dog")
    step = PlanStep.objects.create(
        plan=plan, position=1, area="housing", title=f"Flat for {FIRST}", blocked_by=f"{FIRST}"
    )
    Barrier.objects.create(
        raised_by=worker,
        raised_by_organisation=org,
        plan_step=step,
        rule="Local connection",
        category="thresholds",
        effect=f"{LAST} family turned away",
    )
    Transition.objects.create(
        person=person,
        kind="prison_release",
        happens_on=today + timedelta(days=30),
        description=f"{FIRST} out",
        where_living=f"{LAST} house",
        who_meets=f"{FIRST}'s dad",
    )
    instrument = Instrument.objects.create(key="ndt-test", name="NDT")
    item = Item.objects.create(
        instrument=instrument,
        code="risk",
        title="Risk",
        scores=[0, 1],
        anchors=["a", "b"],
        position=1,
    )
    assessment = Assessment.objects.create(instrument=instrument, person=person, total=1)
    Score.objects.create(assessment=assessment, item=item, value=1)
    ServiceUseEvent.objects.create(
        person=person,
        organisation=org,
        kind="arrest",
        category="criminal_justice",
        occurred_on=today,
    )

    # Linkage: the records each agency holds, a reviewer's word on them, an ended link.
    batch = ImportBatch.objects.create(
        filename="police.csv",
        content=f"source,source_id,first_name\npolice,P1,{FIRST}\n".encode(),
        status=ImportBatch.Status.DONE,
    )
    police = SourceRecord.objects.create(
        source="police",
        source_id="P1",
        first_name=FIRST,
        last_name=LAST,
        date_of_birth="1980-05-06",
        postcode="RV1 9ZZ",
        extra={"alias": f"{FIRST} Q"},
        batch=batch,
    )
    health = SourceRecord.objects.create(
        source="health", source_id="H1", first_name="Zenobia", last_name="Quilfeather"
    )
    run = Run.objects.create()
    Link.objects.create(record=police, person=person, run=run, probability=0.97)
    Link.objects.create(
        record=health,
        person=person,
        run=run,
        probability=0.6,
        ended_at=timezone.now(),
        end_reason=f"not the same {FIRST}",
    )
    Link.objects.create(record=health, person=person, probability=1)
    decision = LinkDecision.objects.create(record_a=police, record_b=health, verdict="same")
    ReviewPair.objects.create(
        run=run, record_a=police, record_b=health, probability=0.6, decision=decision
    )
    return person
