"""Time of distance travelled for a cohort on PostgreSQL: 50,000 people with 500,000 NDT
readings (ten each, some with one only), loaded by COPY into a throwaway database, then the
whole area's and one service's figures computed as the page does (first and latest reading per
person in SQL, people shown apart, the paired interval, small numbers). Target: under 2 s.

    .venv/bin/python benchmarks/outcomes.py                  # 50,000 people, 500,000 readings
    .venv/bin/python benchmarks/outcomes.py 100000 1000000   # chosen sizes
    BENCH_DATABASE=postgres://postgres@127.0.0.1/scratch .venv/bin/python benchmarks/outcomes.py

The database (default `joinedup_bench_outcomes` on 127.0.0.1) is created, and dropped afterwards.
"""

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import throwaway  # noqa: E402  (benchmarks/throwaway.py, beside this script)

HERE = Path(__file__).resolve()
DEFAULT = "postgres://postgres@127.0.0.1:5432/joinedup_bench_outcomes"
TARGET_SECONDS = 2.0


def load(people: int, readings: int) -> int:
    """COPY people, their involvements, NDT readings and some by-name list statuses."""
    from django.db import connection
    from django.utils import timezone

    from joinedup.directory.models import Organisation
    from joinedup.measures import instruments

    instruments.load()
    ndt = instruments.get("ndt")
    services = [
        Organisation.objects.create(name=f"Service {n}", kind="charity", sector="voluntary")
        for n in range(5)
    ]
    rng = random.Random(1)
    now = timezone.now()
    start = date(2023, 1, 2)
    # One person in ten has a single reading; the rest share the others out evenly.
    single = people // 10
    base, extra = divmod(readings - single, people - single)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        columns = (
            "id, first_name, last_name, known_as, sex, ethnicity, disability, postcode, "
            "nhs_number, restricted, created_at, updated_at"
        )
        with raw.copy(f"COPY people_person ({columns}) FROM STDIN") as copy:
            for pk in range(1, people + 1):
                copy.write_row(
                    (pk, "Person", str(pk), "", "", "", "", f"RV{pk % 9 + 1} 1AA", "", False)
                    + (now, now)
                )
        columns = (
            "person_id, organisation_id, professional_name, role, is_lead, contact, "
            "in_touch_with_coordinator, started_on"
        )
        with raw.copy(f"COPY people_involvement ({columns}) FROM STDIN") as copy:
            for pk in range(1, people + 1):
                org = services[pk % len(services)].pk
                copy.write_row((pk, org, "", "Key worker", False, "", False, start))
        written = 0
        with raw.copy(
            "COPY measures_assessment (instrument_id, person_id, assessed_on, total, score, "
            "completed_by, subscale_scores, unscored_because) FROM STDIN"
        ) as copy:
            for pk in range(1, people + 1):
                if pk % 10 == 0:
                    count = 1
                else:
                    nth = pk - pk // 10  # this person's place among those with several readings
                    count = base + (1 if nth <= extra else 0)
                score = rng.randint(18, 40)
                for k in range(count):
                    score = max(0, min(48, score + rng.randint(-4, 3)))
                    day = start + timedelta(days=30 * k)
                    copy.write_row((ndt.pk, pk, day, score, score, "worker", "{}", ""))
                    written += 1
        columns = 'person_id, status, previous, "on", waiting_for, note, recorded_at, died_on'
        with raw.copy(f"COPY referrals_statuschange ({columns}) FROM STDIN") as copy:
            for pk in range(1, people + 1):
                copy.write_row((pk, "active", "", start, "", "", now, None))
                if pk % 40 == 0:
                    status = ["on_hold", "in_custody", "died", "active"][pk // 40 % 4]
                    died = date(2025, 6, 1) if status == "died" else None
                    why = "a detox bed" if status == "on_hold" else ""
                    copy.write_row((pk, status, "active", date(2025, 6, 1), why, "", now, died))
        cursor.execute("SELECT setval('people_person_id_seq', %s)", [people])
        cursor.execute("ANALYZE")
    return written


def measure(people: int, readings: int) -> None:
    """Runs inside the child, against the throwaway database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from joinedup.directory.models import Organisation
    from joinedup.measures import queries
    from joinedup.measures.models import Instrument

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    written = load(people, readings)
    print(
        f"loaded {people:,} people and {written:,} readings "
        f"in {time.perf_counter() - started:.1f} s"
    )
    ndt = Instrument.objects.get(key="ndt")
    service = Organisation.objects.order_by("id").first()

    started = time.perf_counter()
    import scipy.stats  # noqa: F401  (once per process; the engine imports it on first use)

    print(
        f"SciPy's import, once per process: {time.perf_counter() - started:.2f} s (not timed below)"
    )

    def timed(label, cohort, repeat=5):
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            shown = queries.cohort_distance(ndt, cohort).shown()
            times.append(time.perf_counter() - started)
        verdict = "under" if max(times) < TARGET_SECONDS else "OVER"
        print(
            f"{label:<40} first {times[0]:5.2f} s, best {min(times):5.2f} s, "
            f"median {sorted(times)[len(times) // 2]:5.2f} s: {verdict} the "
            f"{TARGET_SECONDS:.0f} s target"
        )
        print(f"    {shown.sentences[0]}")
        print(f"    {shown.sentences[1] if shown.mean is not None else ''}")

    timed(f"whole area ({people:,} people)", queries.EVERYONE)
    timed(f"one service's caseload ({service})", queries.organisation_caseload(service))
    connection.close()


def main():
    args = [a for a in sys.argv[1:] if a != "--child"]
    people, readings = (int(args[0]), int(args[1])) if len(args) >= 2 else (50_000, 500_000)
    if "--child" in sys.argv:
        measure(people, readings)
        return
    with throwaway.database(DEFAULT) as run:
        run(HERE, "--child", people, readings)
    print(f"reproduce: {Path(sys.executable).name} benchmarks/outcomes.py {people} {readings}")


if __name__ == "__main__":
    main()
