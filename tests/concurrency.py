"""Two saves of one record made to race on PostgreSQL, each in its own connection (a thread).

Not left to chance: the first save holds its transaction open (its row locked) until the second
is seen in pg_stat_activity waiting for that lock; then the first commits and the second goes on.
"""

import threading
import time

import pytest
from django.db import connection, transaction

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two connections racing for a row lock: PostgreSQL's (SQLite has one writer)",
)


def race(first, second):
    """Run `first` and `second` in their own connections, `second` reaching the row while
    `first` holds it; what each returned or raised."""
    outcome, holding, release, waiting_pid = {}, threading.Event(), threading.Event(), []

    def run(name, save, hold):
        try:
            with transaction.atomic():
                if not hold:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_backend_pid()")
                        waiting_pid.append(cursor.fetchone()[0])
                outcome[name] = save()
                if hold:
                    holding.set()
                    assert release.wait(timeout=60), "the second save never came"
        except Exception as exc:  # noqa: BLE001 - what the test looks at
            outcome[name] = exc
        finally:
            holding.set()
            connection.close()

    one = threading.Thread(target=run, args=("first", first, True))
    one.start()
    assert holding.wait(timeout=60)
    two = threading.Thread(target=run, args=("second", second, False))
    two.start()
    try:
        deadline = time.monotonic() + 60
        while not _waits_for_a_lock(waiting_pid):
            assert time.monotonic() < deadline, "the second save never waited for the first"
            assert two.is_alive(), f"the second save did not wait: {outcome.get('second')!r}"
            time.sleep(0.02)
    finally:
        release.set()
        one.join(timeout=60)
        two.join(timeout=60)
    return outcome["first"], outcome["second"]


def _waits_for_a_lock(pids) -> bool:
    if not pids:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pids[0]])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"
