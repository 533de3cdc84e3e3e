"""`joinedup backup` and `joinedup restore`: a backup of the test database, restored by the
command into a fresh database (a new SQLite file, or on PostgreSQL a database made with
createdb for the test and dropped after it), holds the same people, links and access log; the
restored log is still append-only; a database that holds data is refused unless --force."""

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from joinedup.audit import services as audit
from joinedup.audit.models import AccessLog
from joinedup.linkage.models import Link, SourceRecord
from joinedup.people.models import Person
from tests.jobs.worker import ROOT, database_url

pytestmark = pytest.mark.django_db(transaction=True)

#: What must come back, row for row.
SNAPSHOT = {
    "people": "SELECT id, first_name, last_name, date_of_birth, postcode FROM people_person",
    "links": "SELECT id, record_id, person_id, ended_at IS NULL, end_reason FROM linkage_link",
    "access log": "SELECT id, at, user_id, person_ref, action, granted, purpose "
    "FROM audit_accesslog",
}


@pytest.fixture
def area(alice):
    """People, their records at two agencies linked to them (one link since replaced), and the
    reads of them in the access log."""
    people = [
        Person.objects.create(first_name=f"P{n}", last_name="Example", postcode="RV1 2AB")
        for n in range(5)
    ]
    for n, person in enumerate(people):
        for source in ("housing", "police"):
            record = SourceRecord.objects.create(source=source, source_id=f"{n}", last_name="X")
            Link.objects.create(record=record, person=person, probability=0.99)
    first = Link.objects.order_by("pk").first()
    Link.objects.filter(pk=first.pk).update(ended_at=timezone.now() - timedelta(days=1))
    Link.objects.create(record=first.record, person=people[1], previous=first, probability=0.9)
    audit.record(alice, [p.pk for p in people], action=AccessLog.Action.LIST, purpose="caseload")
    audit.record(alice, [people[0].pk], action=AccessLog.Action.VIEW, purpose="support")
    return people


@contextmanager
def driver(url):
    """The database at `url` opened with its driver alone (no Django), so that both sides of a
    comparison come back with the same types; rolled back and closed after."""
    if url.startswith("sqlite:///"):
        database = sqlite3.connect(url.removeprefix("sqlite:///"))
    else:
        import psycopg

        database = psycopg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        yield database
    finally:
        database.rollback()
        database.close()


def snapshot(url) -> dict[str, list[tuple]]:
    rows = {}
    with driver(url) as database:
        cursor = database.cursor()
        for what, sql in SNAPSHOT.items():
            cursor.execute(f"{sql} ORDER BY id")
            rows[what] = cursor.fetchall()
    return rows


@pytest.fixture
def fresh(tmp_path):
    """The URL of a new, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed: the PostgreSQL backup needs the client tools")
    s = connection.settings_dict
    name = f"joinedup_restore_{uuid.uuid4().hex[:10]}"
    where = ["-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"]]
    env = {**os.environ, **({"PGPASSWORD": s["PASSWORD"]} if s.get("PASSWORD") else {})}
    subprocess.run(["createdb", *where, name], check=True, env=env)
    try:
        yield database_url().rsplit("/", 1)[0] + f"/{name}"
    finally:
        subprocess.run(["dropdb", "--force", *where, name], check=True, env=env)


def joinedup(*args, url, path=None):
    """The command in its own process, on the database `url` names."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "joinedup.settings_test",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        **({"PATH": path} if path is not None else {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "joinedup.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_restored_backup_has_the_same_people_links_and_access_log_and_is_not_overwritten(
    area, fresh, tmp_path
):
    dump = tmp_path / "joinedup.backup"
    call_command("backup", str(dump))
    assert dump.exists() and not dump.with_name(dump.name + ".partial").exists()
    before = snapshot(database_url())
    assert [len(before[w]) for w in ("people", "links", "access log")] == [5, 11, 6]

    done = joinedup("restore", str(dump), url=fresh)
    assert done.returncode == 0, done.stderr
    assert "5 people, 11 links, 6 access log entries" in done.stdout
    assert snapshot(fresh) == before
    # The restored log is append-only too: its triggers came with it.
    with driver(fresh) as restored, pytest.raises(Exception, match="append-only"):
        restored.execute("DELETE FROM audit_accesslog")

    # Restoring over it again is refused, and changes nothing, unless forced.
    Person.objects.create(first_name="Added", last_name="Later")  # only in the test database
    call_command("backup", str(dump))
    refused = joinedup("restore", str(dump), url=fresh)
    assert refused.returncode != 0
    assert "is not empty" in refused.stderr and "5 people" in refused.stderr
    assert "add --force to replace what it holds" in refused.stderr
    assert snapshot(fresh) == before
    forced = joinedup("restore", str(dump), "--force", url=fresh)
    assert forced.returncode == 0, forced.stderr
    assert snapshot(fresh) == snapshot(database_url()) != before
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(dump))  # the test database itself holds data


def test_a_file_that_is_not_a_backup_is_refused_by_name(db, tmp_path, fresh):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup")
    done = joinedup("restore", str(notes), url=fresh)
    assert done.returncode != 0
    assert f"{notes} is not a joinedup backup" in done.stderr


def test_postgresql_without_the_client_tools_says_what_to_install(db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's backup needs no client tools")
    empty = tmp_path / "bin"
    empty.mkdir()
    done = joinedup("backup", str(tmp_path / "b"), url=database_url(), path=str(empty))
    assert done.returncode != 0
    assert "pg_dump is not installed" in done.stderr and "postgresql-client-" in done.stderr
    assert not (tmp_path / "b").exists()


def test_postgresql_client_tools_of_another_version_are_refused(db, tmp_path):
    """A pg_dump 9 found first on PATH (a real program, saying its version as pg_dump does)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's backup needs no client tools")
    old = tmp_path / "bin"
    old.mkdir()
    (old / "pg_dump").write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    (old / "pg_dump").chmod(0o755)
    path = f"{old}{os.pathsep}{os.environ['PATH']}"
    done = joinedup("backup", str(tmp_path / "b"), url=database_url(), path=path)
    server = connection.pg_version // 10000
    assert done.returncode != 0
    assert f"pg_dump is version 9 ({old / 'pg_dump'}), but the database server is " in done.stderr
    assert f"PostgreSQL {server}: use pg_dump {server}" in done.stderr
