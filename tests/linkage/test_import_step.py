"""`/linkage/imports/<id>/step/`: a step is exclusive and idempotent. However many requests
arrive at once (a page left open in two tabs, a double click, a retry), each chunk of the file
is loaded once, the counts are exact, and nobody gets an error page."""

import threading
from datetime import date, timedelta

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from joinedup.linkage import services
from joinedup.linkage.models import ImportBatch, SourceRecord
from tests.conftest import sign_in
from tests.linkage.conftest import HEADER

ROWS = 3000
THREADS = 8


def extract(n=ROWS) -> bytes:
    born = date(1970, 1, 1)
    lines = [HEADER] + [
        f"housing,H{i},First{i},Last{i},{born + timedelta(days=i)},F,RV1 2AB,\n" for i in range(n)
    ]
    return "".join(lines).encode()


def step_in_parallel(batch, analyst, threads=THREADS):
    """`threads` clients, started together, each posting the step until the import is done."""
    url = reverse("linkage:batch-step", args=[batch.pk])
    cookies = sign_in(Client(), analyst).cookies
    start = threading.Barrier(threads)
    statuses, failures = [], []

    def worker():
        client = Client(raise_request_exception=False)
        client.cookies = cookies
        try:
            start.wait()
            for _ in range(200):
                response = client.post(url, HTTP_HX_REQUEST="true")
                statuses.append(response.status_code)
                if response.status_code != 200 or "hx-post" not in response.content.decode():
                    return
        except Exception as exc:  # noqa: BLE001 - reported by the test
            failures.append(repr(exc))
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=300)
    return statuses, failures


@pytest.mark.django_db(transaction=True)
def test_parallel_steps_load_every_row_once_with_exact_counts_and_no_error(analyst, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_STEP", 150)  # twenty steps for the threads to race
    batch = services.start_import("housing.csv", extract(), user=analyst)
    statuses, failures = step_in_parallel(batch, analyst)
    batch.refresh_from_db()
    assert not failures
    assert set(statuses) == {200}, sorted(set(statuses))
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.done, batch.created, batch.updated, batch.unchanged) == (ROWS, ROWS, 0, 0)
    assert SourceRecord.objects.count() == ROWS


@pytest.mark.django_db(transaction=True)
def test_parallel_steps_of_a_reimport_count_every_row_unchanged(analyst, monkeypatch):
    monkeypatch.setattr(services, "IMPORT_STEP", 150)
    first = services.start_import("housing.csv", extract(), user=analyst)
    while not first.finished:
        services.import_step(first)
    again = services.start_import("housing.csv", extract(), user=analyst)
    statuses, failures = step_in_parallel(again, analyst)
    again.refresh_from_db()
    assert not failures and set(statuses) == {200}
    assert (again.done, again.created, again.updated, again.unchanged) == (ROWS, 0, 0, ROWS)


def test_a_step_another_request_is_doing_returns_the_progress_and_does_nothing(db, analyst):
    batch = services.start_import("housing.csv", extract(10), user=analyst)
    services.import_step(batch, size=4)
    ImportBatch.objects.filter(pk=batch.pk).update(
        claimed_by="someone-else", claimed_at=services.timezone.now()
    )
    step = services.import_step(ImportBatch.objects.get(pk=batch.pk), size=4)
    assert (step.done, step.created, SourceRecord.objects.count()) == (4, 4, 4)
    assert not step.finished


def test_a_step_someone_abandoned_is_taken_over_after_a_while(db, analyst):
    batch = services.start_import("housing.csv", extract(10), user=analyst)
    long_ago = services.timezone.now() - services.IMPORT_CLAIM_TIMEOUT * 2
    ImportBatch.objects.filter(pk=batch.pk).update(claimed_by="crashed", claimed_at=long_ago)
    step = services.import_step(ImportBatch.objects.get(pk=batch.pk), size=10)
    assert (step.status, step.done, step.created) == (ImportBatch.Status.DONE, 10, 10)
    assert step.claimed_by == ""


def test_a_stale_copy_of_the_batch_never_loads_a_chunk_twice(db, analyst):
    batch = services.start_import("housing.csv", extract(10), user=analyst)
    stale = ImportBatch.objects.get(pk=batch.pk)
    services.import_step(batch, size=4)
    services.import_step(stale, size=4)  # opened before the first step, stepped after it
    assert (stale.done, stale.created, stale.unchanged) == (8, 8, 0)
    assert SourceRecord.objects.count() == 8


def test_a_step_that_finds_the_database_busy_answers_and_the_next_loads_the_chunk(
    db, analyst, monkeypatch
):
    batch = services.start_import("housing.csv", extract(10), user=analyst)
    upsert = services._upsert

    def busy(*args):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_upsert", busy)
    step = services.import_step(batch, size=4)
    assert (step.done, step.created, step.claimed_by, SourceRecord.objects.count()) == (0, 0, "", 0)
    monkeypatch.setattr(services, "_upsert", upsert)
    step = services.import_step(batch, size=4)
    assert (step.done, step.created, SourceRecord.objects.count()) == (4, 4, 4)
