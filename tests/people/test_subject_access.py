"""A subject access request exports every kind of record about the person, and nobody else's."""

import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.roles import Role
from joinedup.audit.models import AccessLog
from joinedup.costs.models import ServiceUseEvent
from joinedup.people import services
from joinedup.people.models import Consent, Involvement, Person, PersonalContact
from joinedup.plans.models import PlanStep, SupportPlan, Transition
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def fill(person, org, alice, marker):
    """One record of every kind, each carrying `marker` so leaks can be found."""
    PersonalContact.objects.create(person=person, name=f"{marker} Sister", relationship="family")
    Consent.objects.create(
        person=person, organisation=org, basis="consent", reason=f"{marker} agreed"
    )
    services.write_note(
        person, alice, org, text=f"{marker} note", visibility="restricted", named_readers=[alice]
    )
    ServiceUseEvent.objects.create(
        person=person,
        organisation=org,
        kind="arrest",
        category="criminal_justice",
        occurred_on=date(2026, 1, 2),
    )
    plan = SupportPlan.objects.create(person=person, what_matters=f"{marker} matters")
    PlanStep.objects.create(plan=plan, position=1, area="housing", title=f"{marker} flat")
    Transition.objects.create(
        person=person,
        kind="prison_release",
        happens_on=date(2027, 1, 1),
        description=f"{marker} release",
    )


def test_the_export_holds_every_kind_of_record_and_nothing_about_anyone_else(
    signed_in, alice, person, owner_org
):
    fill(person, owner_org, alice, "OURS")
    other = Person.objects.create(first_name="Zed", last_name="Other")
    Involvement.objects.create(
        person=other, organisation=owner_org, role="x", started_on=timezone.localdate()
    )
    fill(other, owner_org, alice, "THEIRS")
    admin = make_user("ig@example.org", owner_org, Role.ADMINISTRATOR)
    response = signed_in(admin).get(
        reverse("people:subject-access", args=[person.pk]),
        {"reference": "SAR-1", "format": "json"},
    )
    expected = f'attachment; filename="subject-access-{person.pk}-sar-1.json"'
    assert response["Content-Disposition"] == expected
    data = json.loads(response.content)
    by_key = {s["key"]: s["rows"] for s in data["sections"]}
    for key in (
        "identity",
        "involvements",
        "network",
        "sharing",
        "notes",
        "access_log",
        "service_use",
        "what_matters",
        "plan",
        "key_dates",
    ):
        assert by_key[key], f"nothing exported for {key}"
    text = json.dumps(data)
    assert "OURS note" in text and "OURS flat" in text
    assert "THEIRS" not in text and "Zed" not in text
    entry = AccessLog.objects.get(action="export")
    assert entry.person == person and entry.purpose == "subject access request SAR-1"


def test_the_readable_page_lists_the_same(signed_in, alice, person, owner_org):
    fill(person, owner_org, alice, "OURS")
    admin = make_user("ig@example.org", owner_org, Role.ADMINISTRATOR)
    page = (
        signed_in(admin)
        .get(reverse("people:subject-access", args=[person.pk]), {"reference": "SAR-2"})
        .content.decode()
    )
    assert "Everything held about Dana Example" in page and "OURS flat" in page


def test_only_administrators_answer_subject_access_requests(signed_in, alice, person):
    response = signed_in(alice).get(
        reverse("people:subject-access", args=[person.pk]), {"reference": "SAR-3"}
    )
    assert response.status_code == 403
    assert not AccessLog.objects.filter(action="export").exists()


def test_it_exports_linked_records_barriers_stuck_cases_allocations_and_panel_decisions(
    signed_in, alice, owner_org, other_org
):
    from tests.people import everything

    person = everything.build(owner_org, other_org, alice)
    admin = make_user("ig@example.org", owner_org, Role.ADMINISTRATOR)
    response = signed_in(admin).get(
        reverse("people:subject-access", args=[person.pk]),
        {"reference": "SAR-4", "format": "json"},
    )
    by_key = {s["key"]: s["rows"] for s in json.loads(response.content)["sections"]}
    # Each agency's record of them, as the agency holds it, current and ended links alike.
    records = {(r["agency"], r["source_id"]): r for r in by_key["linked_records"]}
    assert records[("police", "P1")]["last_name"] == "Quillfeather"
    assert records[("police", "P1")]["other_columns"] == {"alias": "Zenobia Q"}
    assert records[("health", "H1")]["last_name"] == "Quilfeather"
    assert any(r["ended_because"] == "not the same Zenobia" for r in by_key["linked_records"])
    assert by_key["linkage_decisions"][0]["verdict"] == "Same person"
    # The barriers met in their casework, raised on them or on a step of their plan.
    effects = {r["what_happened"] for r in by_key["barriers"]}
    assert effects == {"Zenobia slept out for a week", "Quillfeather family turned away"}
    (stuck,) = by_key["stuck_cases"]
    assert stuck["asked"] == "Lift Zenobia's ban" and stuck["answer"] == "Yes for Zenobia"
    (allocation,) = by_key["allocations"]
    assert allocation["coordinator"] == str(alice) and allocation["reason"] == "Zenobia"
    (decision,) = by_key["panel_decisions"]
    assert decision["rationale"] == "Zenobia is at high risk"
    assert decision["dissent"] == "Police thought Zenobia could wait"
    assert decision["departs_from_score_order_because"] == "Zenobia out of order"
    assert by_key["referrals"][0]["contact_by"] == "text Zenobia"
    assert by_key["referrals"][0]["shared_with"] == [other_org.name]
    assert by_key["profile"][0]["what_is_happening"] == "Zenobia is sleeping rough"
    assert by_key["by_name_list"][0]["waiting_for"] == "Zenobia's flat"
    assert by_key["panel_agenda"][0]["reason"] == "Zenobia again"
    assert by_key["identity"][0]["own_sign_in"] == "zenobia.quillfeather@example.org"
    assert by_key["assessments"][0]["scores"] == {"Risk": 1}
    # Every section reads as one table: the same columns on every row.
    for key, rows in by_key.items():
        assert len({tuple(r) for r in rows}) <= 1, f"{key} rows differ in their columns"
