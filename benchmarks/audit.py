"""The access log search on PostgreSQL: 1,000,000 AccessLog rows over a year (50 users of 10
organisations reading 20,000 people, 2% refused), loaded by COPY into a throwaway database, then
the searches timed as the page runs them (the page of 50 rows, the count, the refused count and
the unusual patterns of the search's dates). Target: a person-and-date search under 1 s.

    .venv/bin/python benchmarks/audit.py             # 1,000,000 rows
    .venv/bin/python benchmarks/audit.py 5000000     # a chosen size
    BENCH_DATABASE=postgres://postgres@127.0.0.1/scratch .venv/bin/python benchmarks/audit.py

The database (default `joinedup_bench_audit` on 127.0.0.1) is created, and dropped afterwards.
"""

import random
import sys
import time
from datetime import timedelta
from pathlib import Path

import throwaway  # noqa: E402  (benchmarks/throwaway.py, beside this script)

HERE = Path(__file__).resolve()
DEFAULT = "postgres://postgres@127.0.0.1:5432/joinedup_bench_audit"
TARGET_SECONDS = 1.0
PEOPLE = 20_000
USERS = 50
ORGANISATIONS = 10
DAYS = 365
PURPOSES = ["Support plan", "Panel meeting papers", "Caseload list", "Referral", "Review"]


def load(rows: int):
    """COPY people, involvements (half of them with the reader's organisation) and the log."""
    from django.db import connection
    from django.utils import timezone

    from joinedup.accounts.models import User
    from joinedup.directory.models import Organisation

    organisations = [
        Organisation.objects.create(name=f"Service {n}", kind="charity", sector="voluntary")
        for n in range(ORGANISATIONS)
    ]
    users = [
        User.objects.create(email=f"worker{n}@example.org", full_name=f"Worker {n}")
        for n in range(USERS)
    ]
    rng = random.Random(19)
    now = timezone.now()
    start = now - timedelta(days=DAYS)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        columns = (
            "id, first_name, last_name, known_as, sex, ethnicity, disability, postcode, "
            "nhs_number, restricted, created_at, updated_at"
        )
        with raw.copy(f"COPY people_person ({columns}) FROM STDIN") as copy:
            for pk in range(1, PEOPLE + 1):
                copy.write_row(
                    (pk, "Person", str(pk), "", "", "", "", "RV1 1AA", "", False, now, now)
                )
        columns = (
            "person_id, organisation_id, professional_name, role, is_lead, contact, "
            "in_touch_with_coordinator, started_on"
        )
        with raw.copy(f"COPY people_involvement ({columns}) FROM STDIN") as copy:
            for pk in range(1, PEOPLE + 1):
                org = organisations[pk % ORGANISATIONS].pk
                copy.write_row((pk, org, "", "Key worker", False, "", False, start.date()))
        columns = (
            "at, user_id, organisation_id, role, person_id, person_ref, action, granted, "
            "purpose, route, ip_address"
        )
        actions = ["view"] * 6 + ["list"] * 3 + ["export"]
        with raw.copy(f"COPY audit_accesslog ({columns}) FROM STDIN") as copy:
            for n in range(rows):
                worker = n % USERS
                ref = rng.randint(1, PEOPLE)
                granted = rng.random() >= 0.02
                when = start + timedelta(seconds=rng.randint(0, DAYS * 86_400))
                copy.write_row(
                    (
                        when,
                        users[worker].pk,
                        organisations[worker % ORGANISATIONS].pk,
                        "practitioner",
                        ref if granted else None,
                        ref,
                        rng.choice(actions),
                        granted,
                        rng.choice(PURPOSES),
                        f"/people/{ref}/",
                        "10.0.0.1",
                    )
                )
        cursor.execute("SELECT setval('people_person_id_seq', %s)", [PEOPLE])
        cursor.execute("VACUUM ANALYZE")


def measure(rows: int) -> None:
    """Runs inside the child, against the throwaway database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from joinedup.audit import queries

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    load(rows)
    print(f"loaded {rows:,} access-log rows in {time.perf_counter() - started:.1f} s")
    today = timezone.localdate()

    def timed(label, search, repeat=7):
        """The search as the page runs it (count, refused count, the page's 50 rows), and
        the unusual patterns of its dates, timed apart and together."""
        searches, patterns = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            page = queries.page_of(search, 1)
            shown = list(page)
            count, refused = page.paginator.count, queries.refused_count(search)
            searches.append(time.perf_counter() - started)
            started = time.perf_counter()
            flags = queries.unusual(
                search.since, search.until, user=search.user, organisation=search.organisation
            )
            patterns.append(time.perf_counter() - started)
        pages = [a + b for a, b in zip(searches, patterns, strict=True)]

        def figures(times):
            return f"first {times[0]:5.3f} s, median {sorted(times)[len(times) // 2]:5.3f} s"

        verdict = "under" if sorted(searches)[repeat // 2] < TARGET_SECONDS else "OVER"
        print(f"{label}: {count:,} rows, {refused:,} refused, {len(shown)} shown")
        print(f"    search      {figures(searches)}: {verdict} the {TARGET_SECONDS:.0f} s target")
        print(f"    patterns    {figures(patterns)} ({len(flags):,} flags)")
        print(f"    whole page  {figures(pages)}")

    month = {"since": today - timedelta(days=30), "until": today}
    timed("person and a month (the acceptance query)", queries.Search(person=4242, **month))
    timed("person, all dates", queries.Search(person=4242))
    timed("user and a month", queries.Search(user="worker7@", **month))
    timed("purpose contains, a month", queries.Search(purpose="panel", **month))
    timed("refused only, all dates", queries.Search(outcome="refused"))
    timed("the whole log (the page's first view)", queries.Search())
    connection.close()


def main():
    args = [a for a in sys.argv[1:] if a != "--child"]
    rows = int(args[0]) if args else 1_000_000
    if "--child" in sys.argv:
        measure(rows)
        return
    with throwaway.database(DEFAULT) as run:
        run(HERE, "--child", rows)
    print(f"reproduce: {Path(sys.executable).name} benchmarks/audit.py {rows}")


if __name__ == "__main__":
    main()
