"""Time of the needs analysis and the commissioner's home on PostgreSQL: people and service-use
events over five years loaded by COPY into a throwaway database (the cost benchmark's loader,
benchmarks/costs.py, plus wards, ages, sexes and ethnic groups), then the needs page's analysis
(every table, for the last 12 months and for five years) and the home page's department and
tiles computed exactly as the pages do: from the figures the background worker keeps
(`insight.figures`), after timing the worker's refresh of all of them. Target (issue 16): each
page under 2 s at 200,000 people and 10,000,000 events.

    .venv/bin/python benchmarks/insight.py                    # 200,000 people, 10,000,000 events
    .venv/bin/python benchmarks/insight.py 20000 1000000      # chosen sizes
    BENCH_KEEP=1 ...   # keep the database afterwards; BENCH_REUSE=1 measures a kept one again
    BENCH_REPEAT=3 (runs of each); BENCH_COUNT=1 also times counting on the page, unkept

The database (default `h_bench_insight` on 127.0.0.1) is created, and dropped afterwards.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import costs  # noqa: E402  (benchmarks/costs.py, beside this script: its loader)
import throwaway  # noqa: E402

HERE = Path(__file__).resolve()
DEFAULT = "postgres://postgres@127.0.0.1:5432/h_bench_insight"
TARGET_SECONDS = 2.0


def loading(people: int, events: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    costs.load(people, events)
    from joinedup.directory.models import Locality

    Locality.objects.bulk_create(
        Locality(
            code=f"RV{n:02d}",
            name=f"Ward {n}",
            population=9000,
            deprivation_decile=n,
            postcode_district=f"RV{n}",
        )
        for n in range(1, 10)
    )
    with connection.cursor() as cursor:  # groups for the breakdowns, spread over everyone
        cursor.execute(
            "UPDATE people_person SET sex = CASE WHEN id % 4 = 0 THEN 'F' ELSE 'M' END, "
            "ethnicity = (ARRAY['white','white','white','white','asian','black','mixed',"
            "'other','not_said'])[1 + id % 9], "
            "date_of_birth = DATE '1960-01-01' + (id % 16000) * INTERVAL '1 day'"
        )
        cursor.execute("VACUUM ANALYZE")
    print(
        f"loaded {people:,} people and {events:,} service-use events in "
        f"{time.perf_counter() - started:.0f} s"
    )


def _runs(label: str, work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    verdict = "under" if median < TARGET_SECONDS else "OVER"
    print(
        f"{label:<58} first {times[0]:6.2f} s, median {median:6.2f} s, best {min(times):6.2f} s "
        f"({repeat} runs): {verdict} {TARGET_SECONDS:.0f} s"
    )
    return median


def measuring(repeat: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from joinedup.directory.models import Organisation
    from joinedup.insight import area_home, figures
    from joinedup.insight.needs import Period
    from joinedup.insight.needs_report import NeedsAnalysis

    call_command("migrate", verbosity=0)

    def analysis(years, locality=None):
        a = NeedsAnalysis.latest(years, locality)
        a.tables()
        if locality is None:
            a.demand  # noqa: B018 (the page shows it)
        return a

    # What the background worker does when the records move on (every period, every ward,
    # every department), timed once: pages then read what it kept.
    started = time.perf_counter()
    kept = figures.refresh()
    print(f"worker: {kept} sets of figures worked out in {time.perf_counter() - started:.1f} s")
    shown = analysis(5)
    print(f"people known in any domain over five years: {shown.people:,}")
    _runs("needs analysis, last 12 months (every table)", lambda: analysis(1), repeat)
    _runs("needs analysis, five years (every table)", lambda: analysis(5), repeat)
    ward = shown.localities.rows[0]["link"]
    from joinedup.directory.models import Locality

    place = Locality.objects.get(pk=ward)
    _runs("one ward's needs, last 12 months", lambda: analysis(1, place), repeat)
    organisation = Organisation.objects.first()

    def home():
        area_home.department_view("criminal_justice", organisation)
        area_home.tiles(organisation)

    _runs("commissioner's home (department and tiles)", home, repeat)
    if os.environ.get("BENCH_COUNT") == "1":  # the same, counted on the page (no kept figures)
        _runs(
            "needs analysis counted on the page, last 12 months",
            lambda: NeedsAnalysis(Period.last_years(1)).tables(),
            1,
        )


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    people, events = (int(args[0]), int(args[1])) if len(args) >= 2 else (200_000, 10_000_000)
    if "--load" in sys.argv:
        loading(people, events)
        return
    if "--measure" in sys.argv:
        measuring(int(os.environ.get("BENCH_REPEAT", "3")))
        return
    reuse = os.environ.get("BENCH_REUSE") == "1"
    keep = os.environ.get("BENCH_KEEP") == "1"
    with throwaway.database(DEFAULT, reuse=reuse, keep=keep) as run:
        if not reuse:
            run(HERE, "--load", people, events)
        run(HERE, "--measure")
    print(f"reproduce: {Path(sys.executable).name} benchmarks/insight.py {people} {events}")


if __name__ == "__main__":
    main()
