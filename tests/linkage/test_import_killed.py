"""An agency extract's import stopped half-way, by a real `joinedup import_extract` process
killed with SIGKILL (or, on PostgreSQL, its connection dropped by pg_terminate_backend) with
its second chunk written but not committed, leaves whole chunks only: the first chunk's rows,
counted once, and nothing of the second. Importing the file again (or continuing the abandoned
import once its claim lapses) ends with exactly the records a clean import makes."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from joinedup.linkage import services
from joinedup.linkage.models import ImportBatch, SourceRecord
from tests.jobs.worker import kill, start_joinedup
from tests.linkage.test_import_step import ROWS, extract

pytestmark = pytest.mark.django_db(transaction=True)

FIRST_CHUNK = services.IMPORT_STEP  # 3,000 rows go in two steps: 2,000, then 1,000


def records():
    return set(
        SourceRecord.objects.values_list("source", "source_id", "first_name", "date_of_birth")
    )


def expected(n=ROWS):
    """What a clean import of the file makes, read from the file itself."""
    rows = [line.split(",") for line in extract(n).decode().splitlines()[1:]]
    return {(r[0], r[1], r[2], r[4]) for r in rows}


def stopped_half_way(path, how) -> ImportBatch:
    """The import run in its own process, stopped `how` with its second chunk written but not
    committed; what it said."""
    process = start_joinedup(
        "import_extract",
        str(path),
        LINKAGE_TEST_PAUSE_AT="import",
        LINKAGE_TEST_PAUSE_SECONDS="60" if how == "killed" else "8",
        PYTHONUNBUFFERED="1",
    )
    said = []
    try:
        for line in process.stdout:
            said.append(line)
            if "paused at import" in line:
                break
        assert ImportBatch.objects.get().done == FIRST_CHUNK, "".join(said)
        if how == "killed":
            kill(process)
        else:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                    "current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in%%'"
                )
                assert cursor.fetchall() == [(True,)], "one import connection, dropped"
            assert process.wait(timeout=60) != 0
            said.append(process.stdout.read())
    finally:
        if process.poll() is None:
            kill(process)
    return "".join(said)


@pytest.fixture(params=["killed", "connection dropped"])
def how(request):
    if request.param == "connection dropped" and connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's; SQLite has no connection to drop")
    return request.param


def test_an_import_stopped_half_way_leaves_whole_chunks_and_can_be_run_again(tmp_path, how):
    path = tmp_path / "housing.csv"
    path.write_bytes(extract())
    said = stopped_half_way(path, how)
    if how == "connection dropped":
        assert "terminat" in said.lower() or "connection" in said.lower(), said

    batch = ImportBatch.objects.get()
    assert (batch.done, batch.created, batch.status) == (FIRST_CHUNK, FIRST_CHUNK, "running")
    assert SourceRecord.objects.count() == FIRST_CHUNK, "the first chunk, none of the second"
    assert records() == {r for r in expected() if int(r[1][1:]) < FIRST_CHUNK}

    call_command("import_extract", str(path))  # the same file again, as its sender would
    again = ImportBatch.objects.latest("pk")
    assert (again.status, again.created, again.unchanged) == ("done", ROWS - FIRST_CHUNK, 2000)
    assert records() == expected() and SourceRecord.objects.count() == ROWS


def test_the_abandoned_import_can_be_finished_once_its_claim_lapses(tmp_path, monkeypatch):
    path = tmp_path / "housing.csv"
    path.write_bytes(extract())
    stopped_half_way(path, "killed")
    batch = ImportBatch.objects.get()
    services.import_step(batch)
    assert batch.done == FIRST_CHUNK, "a live claim is respected: the step waits its turn"

    monkeypatch.setattr(services, "IMPORT_CLAIM_TIMEOUT", timedelta(0))
    while not batch.finished:
        services.import_step(batch)
    assert (batch.status, batch.done, batch.created) == ("done", ROWS, ROWS)
    assert records() == expected()
