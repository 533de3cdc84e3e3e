"""The access log is append-only in the database itself: an UPDATE or a DELETE of its rows is
refused by a trigger, whether it comes through the ORM or through raw SQL, on SQLite and on
PostgreSQL (the suite runs on both). The one change let through is the one Django makes when a
person's record is deleted: `person` detached, `person_ref` keeping the number."""

import importlib

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from joinedup.accounts.roles import Role
from joinedup.audit import services as audit
from joinedup.audit.models import AccessLog
from joinedup.people.models import Person
from tests.conftest import make_user

append_only = importlib.import_module("joinedup.audit.migrations.0004_append_only")
REFUSED = append_only.REFUSED


@pytest.fixture
def entry(alice, person):
    audit.record(alice, [person.pk], action=AccessLog.Action.VIEW, purpose="support")
    return AccessLog.objects.get(person_ref=person.pk)


def raw(sql, params=()):
    """One statement in its own savepoint, so that a refusal leaves the test's transaction
    usable on PostgreSQL."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_update_through_raw_sql_is_refused(entry):
    with pytest.raises(IntegrityError, match=REFUSED):
        raw("UPDATE audit_accesslog SET purpose = 'nothing to see' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.purpose == "support"


def test_a_delete_through_raw_sql_is_refused(entry):
    with pytest.raises(IntegrityError, match=REFUSED):
        raw("DELETE FROM audit_accesslog WHERE id = %s", [entry.pk])
    assert AccessLog.objects.filter(pk=entry.pk).exists()


def test_the_orm_is_refused_too(entry):
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(granted=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLog.objects.all().delete()
    entry.purpose = "changed"
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()
    assert AccessLog.objects.get(pk=entry.pk).purpose == "support"


@pytest.mark.parametrize(
    "change",
    [
        "person_id = NULL, purpose = 'hidden'",  # detaching is no cover for another change
        "person_id = NULL, person_ref = NULL",
        "person_id = NULL, at = at",  # unchanged columns may be named: still only the one
        "person_ref = person_ref + 1",
    ],
)
def test_only_detaching_the_person_alone_goes_through(entry, change):
    if change.endswith("at = at"):
        raw(f"UPDATE audit_accesslog SET {change} WHERE id = %s", [entry.pk])
        entry.refresh_from_db()
        assert entry.person_id is None and entry.person_ref is not None
        return
    with pytest.raises(IntegrityError, match=REFUSED):
        raw(f"UPDATE audit_accesslog SET {change} WHERE id = %s", [entry.pk])


def test_pointing_an_entry_at_another_person_is_refused(entry, owner_org):
    other = Person.objects.create(first_name="Other", last_name="Person")
    with pytest.raises(IntegrityError, match=REFUSED):
        raw("UPDATE audit_accesslog SET person_id = %s WHERE id = %s", [other.pk, entry.pk])


def test_deleting_a_record_keeps_its_entries_by_number(entry, person):
    number = person.pk
    person.delete()
    entry.refresh_from_db()
    assert entry.person_id is None and entry.person_ref == number
    assert entry.purpose == "support" and entry.user.email == "alice@example.org"


def test_a_user_or_organisation_with_entries_cannot_be_deleted(other_org, person):
    reader = make_user("reader@example.org", other_org, Role.PRACTITIONER, device=False)
    entry = AccessLog.objects.create(
        user=reader, organisation=other_org, person=person, person_ref=person.pk,
        action=AccessLog.Action.VIEW, purpose="support",
    )  # fmt: skip
    with pytest.raises(ProtectedError):
        reader.delete()
    with pytest.raises(ProtectedError):
        other_org.delete()
    # Past the ORM too: the foreign key, with no ON DELETE action, refuses.
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_membership WHERE user_id = %s", [reader.pk])
            cursor.execute("DELETE FROM accounts_user WHERE id = %s", [reader.pk])
        connection.check_constraints()  # deferred keys, checked now rather than at commit
    assert AccessLog.objects.get(pk=entry.pk).user_id == reader.pk


def test_users_and_organisations_without_entries_can_still_be_deleted(other_org):
    nobody = make_user("nobody@example.org", other_org, Role.PRACTITIONER)
    nobody.delete()
    other_org.delete()


def test_the_update_trigger_names_every_column_of_the_table(db):
    """A column added later must be added to the SQLite trigger's list of kept columns (the
    PostgreSQL trigger compares whole rows)."""
    with connection.cursor() as cursor:
        table = connection.introspection.get_table_description(cursor, AccessLog._meta.db_table)
    columns = {column.name for column in table}
    assert columns == {*append_only.KEPT, "person_id"}


@pytest.mark.django_db(transaction=True)
def test_flushing_the_whole_database_leaves_the_triggers_in_place(alice, person):
    """Tests that commit are cleaned up by `flush` (on SQLite a DELETE of every table, the
    triggers lifted for it). Wiping the database is not editing the log; afterwards the log is
    append-only again."""
    audit.record(alice, [person.pk], action=AccessLog.Action.VIEW, purpose="support")
    call_command("flush", interactive=False, verbosity=0)
    assert not AccessLog.objects.exists()
    AccessLog.objects.create(person_ref=1, action=AccessLog.Action.VIEW, purpose="support")
    with pytest.raises(IntegrityError, match=REFUSED):
        raw("DELETE FROM audit_accesslog")
    assert AccessLog.objects.count() == 1
