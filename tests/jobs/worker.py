"""Running queued background work in tests: in this process, or in a real worker process."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

ROOT = Path(__file__).resolve().parents[2]


def run_queued(limit: int = 10) -> int:
    """Do the queued tasks here, as the database worker would (claim, run, record): how many."""
    worker = Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test", excluded_queue_names=[],
    )  # fmt: skip
    done = 0
    while done < limit and (task := DBTaskResult.objects.ready().first()) is not None:
        task.claim("test")
        worker.run_task(task)
        done += 1
    return done


def database_url() -> str:
    """The test database, for a worker process to open (it has committed data only)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(*args: str, **env: str) -> subprocess.Popen:
    """`joinedup worker` in its own process, on the test database."""
    return start_joinedup("worker", "--interval", "0.2", *args, **env)


def start_joinedup(*args: str, **env: str) -> subprocess.Popen:
    """`joinedup ARGS` in its own process, on the test database; its output in one stream."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "joinedup.settings_test",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "joinedup.cli", *args],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def kill(process: subprocess.Popen) -> None:
    """SIGKILL: no clean-up, as when a machine dies; reaped so its pid is really gone."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


@contextmanager
def worker_process(*args: str, **env: str):
    process = start_worker(*args, **env)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                kill(process)


def wait_for(check, timeout: float = 120, every: float = 0.2, what: str = "it"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"waited {timeout}s for {what}")
