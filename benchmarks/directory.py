"""Time of the directory's heavier reads on a synthetic area loaded into a throwaway SQLite
database: the ecosystem map (shared involvements for every pair of organisations, measures),
coverage, a page of fully nested HSDS services, and an HSDS JSON export.

    .venv/bin/python benchmarks/directory.py            # 2,000 and 10,000 people
    .venv/bin/python benchmarks/directory.py 20000      # chosen sizes

Each size runs in a fresh process with its own database, removed afterwards.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

SIZES = [2_000, 10_000]
HERE = Path(__file__).resolve()


def measure(people: int) -> None:
    """Runs inside the child: generate, then time each read."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from joinedup.directory import interchange, network, queries
    from joinedup.people.models import Involvement

    call_command("migrate", verbosity=0)
    call_command("generate", people=people, seed=1, today=date(2026, 11, 24), verbosity=0)
    involvements = Involvement.objects.count()
    period = network.Period()

    def timed(label, fn, repeat=3):
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - started)
        print(f"{people:>8,} people  {label:<44} {best * 1000:8.0f} ms")

    print(f"{people:>8,} people  ({involvements:,} involvements)")
    timed("ecosystem map (all time, 2 ties each)", lambda: queries.network_view(period))
    timed("coverage and gaps", lambda: queries.coverage(period))
    client = Client(HTTP_HOST="localhost")
    timed(
        "GET /api/hsds/services?full=true&per_page=1000",
        lambda: client.get("/api/hsds/services", {"full": "true", "per_page": 1000}),
    )
    timed("HSDS JSON export", interchange.export_json)
    connection.close()


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        measure(int(sys.argv[2]))
        return
    for people in [int(a) for a in sys.argv[1:]] or SIZES:
        folder = Path(tempfile.mkdtemp(prefix=f"joinedup-directory-{people}-"))
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "joinedup.settings_demo",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "JOINEDUP_DATA_DIR": str(folder),
        }
        subprocess.run([sys.executable, str(HERE), "--child", str(people)], env=env, check=True)
        shutil.rmtree(folder)
    print(f"reproduce: {Path(sys.executable).name} benchmarks/directory.py")


if __name__ == "__main__":
    main()
