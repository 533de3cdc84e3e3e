"""Time of the cohort cost analysis on PostgreSQL: 100,000 people and 10,000,000 service-use
events over five years, loaded by COPY into a throwaway database, then the analysis computed
exactly as the page does it (a service's caseload of 12,500 co-ordinated people, 12-month
windows, three follow-up periods, deaths and custody both ways, the report object the page
renders), and the matched comparison on the same cohort. Target: the analysis under 5 s.

    .venv/bin/python benchmarks/costs.py                      # 100,000 people, 10,000,000 events
    .venv/bin/python benchmarks/costs.py 20000 2000000        # chosen sizes
    BENCH_DATABASE=postgres://postgres@127.0.0.1/scratch .venv/bin/python benchmarks/costs.py
    BENCH_KEEP=1 ...   # keep the database afterwards; BENCH_REUSE=1 measures a kept one again
    BENCH_REPEAT=5 (runs of the analysis), BENCH_COMPARISON=0 (skip the matched comparison)

The database (default `h_bench_costs` on 127.0.0.1) is created, and dropped afterwards. Loading
and measuring run in two separate processes, so the peak memory reported (the process's
maximum resident set) is the analysis's own, not the loader's.
"""

import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import throwaway  # noqa: E402  (benchmarks/throwaway.py, beside this script)

HERE = Path(__file__).resolve()
DEFAULT = "postgres://postgres@127.0.0.1:5432/h_bench_costs"
TARGET_SECONDS = 5.0
MONTHS, PERIODS = 12, 3
COHORT_SHARE = 8  # one person in 8 is co-ordinated: 12,500 of 100,000
YEARS = 5
SERVICE = "Bench co-ordination service"

# kind: (events per 100 of an ordinary person's, most units in one event). The department
# is the kind's own (costs/kinds.py). Custody nights only for people with an offending history.
MIX = {
    "arrest": (3, 1),
    "court_appearance": (2, 1),
    "custody_night": (2, 3),
    "probation_appointment": (4, 1),
    "asb_case": (1, 1),
    "liaison_assessment": (0.5, 1),
    "ed_attendance": (4, 1),
    "ambulance_callout": (2, 1),
    "bed_day": (1, 10),
    "mental_health_contact": (6, 1),
    "gp_appointment": (10, 1),
    "treatment_episode": (1, 1),
    "hostel_night": (6, 14),
    "rough_sleeping_night": (3, 7),
    "housing_assessment": (1, 1),
    "tenancy_sustainment_visit": (2, 1),
    "housing_first_visit": (2, 1),
    "housing_advice_session": (2, 1),
    "tenancy_start": (0.3, 1),
    "care_assessment": (0.5, 1),
    "child_protection_conference": (0.3, 1),
    "idva_contact": (1, 1),
    "womens_centre_session": (1, 1),
    "work_coach_appointment": (2, 1),
    "debt_advice_session": (1, 1),
    "food_parcel": (3, 1),
    "recovery_group": (2, 1),
    "wellbeing_session": (1, 1),
    "advocacy_session": (1, 1),
    "mentoring_session": (1, 1),
    "drop_in_visit": (3, 1),
    "welfare_visit": (1, 1),
    "peer_support_meeting": (1, 1),
    "recovery_cafe_visit": (1, 1),
}
#: After the start of co-ordination: criminal justice down, health and housing up.
SHIFT = {"criminal_justice": 0.6, "health": 1.15, "housing": 1.15}


def span() -> tuple[date, date]:
    """Five years of service use, ending at the start of this month."""
    today = date.today()
    end = date(today.year, today.month, 1)
    return date(end.year - YEARS, end.month, 1), end


def _weights(np, kinds, departments, offending: bool, after: bool):
    w = np.array([MIX[k][0] for k in kinds], dtype=float)
    if not offending:
        w[kinds.index("custody_night")] = 0
    if after:
        w *= np.array([SHIFT.get(d, 1.0) for d in departments])
    return w / w.sum()


def load(people: int, events: int) -> None:
    """COPY people, their co-ordination, NDT readings, by-name list statuses and service use."""
    import numpy as np
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from joinedup.accounts.models import Membership, User
    from joinedup.costs import kinds as kinds_module
    from joinedup.costs import services
    from joinedup.directory.models import Organisation
    from joinedup.measures import instruments

    services.load_starter()
    instruments.load()
    ndt = instruments.get("ndt")
    kinds = list(MIX)
    departments = [str(kinds_module.category(k)) for k in kinds]
    agencies = {
        d: [
            Organisation.objects.create(
                name=f"{d} agency {n}", kind="statutory", sector="public"
            ).pk
            for n in range(2)
        ]
        for d in sorted(set(departments))
    }
    service = Organisation.objects.create(name=SERVICE, kind="charity", sector="voluntary")
    password = make_password(None)
    coordinators = []
    for n in range(40):
        user = User.objects.create(
            email=f"coordinator{n}@bench.invalid", full_name=f"Co-ordinator {n}", password=password
        )
        Membership.objects.create(user=user, organisation=service, role="coordinator")
        coordinators.append(user.pk)
    rng = np.random.default_rng(1)
    first, end = span()
    days = (end - first).days
    iso = [(first + timedelta(days=d)).isoformat() for d in range(days)]
    # The cohort: every 8th person, starting between a year in (a whole baseline) and a month ago.
    pids = np.arange(1, people + 1)
    in_cohort = pids % COHORT_SHARE == 0
    offending = pids % 3 == 0
    start_day = np.full(people, -1)
    start_day[in_cohort] = rng.integers(366, days - 30, in_cohort.sum())
    now = timezone.now()
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
        cursor.execute("SELECT setval('people_person_id_seq', %s)", [people])
        columns = "person_id, organisation_id, coordinator_id, started_on, reason"
        with raw.copy(f"COPY referrals_allocation ({columns}) FROM STDIN") as copy:
            for pk in pids[in_cohort]:
                pk = int(pk)
                day = iso[start_day[pk - 1]]
                copy.write_row((pk, service.pk, coordinators[pk % len(coordinators)], day, ""))
        # NDT: each co-ordinated person scored a month before their start; one in ten others.
        with raw.copy(
            "COPY measures_assessment (instrument_id, person_id, assessed_on, total, score, "
            "completed_by, subscale_scores, unscored_because) FROM STDIN"
        ) as copy:
            for pk in range(1, people + 1):
                if in_cohort[pk - 1]:
                    day, score = start_day[pk - 1] - 30, random.Random(pk).randint(28, 44)
                elif pk % 10 == 1:
                    day, score = (
                        random.Random(pk).randrange(days),
                        random.Random(pk).randint(12, 40),
                    )
                else:
                    continue
                copy.write_row((ndt.pk, pk, iso[day], score, score, "worker", "{}", ""))
        # By-name list: every co-ordinated person active from their start; one in 50 spends a
        # month in custody two months in; one in 200 dies seven months in.
        columns = 'person_id, status, previous, "on", waiting_for, note, recorded_at, died_on'
        with raw.copy(f"COPY referrals_statuschange ({columns}) FROM STDIN") as copy:
            for pk in pids[in_cohort]:
                pk, start = int(pk), first + timedelta(days=int(start_day[pk - 1]))
                copy.write_row((pk, "active", "", start, "", "", now, None))
                if pk % 50 == 0:
                    away = start + timedelta(days=60)
                    copy.write_row((pk, "in_custody", "active", away, "", "", now, None))
                    back = away + timedelta(days=30)
                    copy.write_row((pk, "active", "in_custody", back, "", "", now, None))
                elif pk % 200 == COHORT_SHARE:
                    died = start + timedelta(days=210)
                    copy.write_row((pk, "died", "active", died, "", "", now, died))
        # Service use: co-ordinated people use three times as much as others; the kinds they
        # use shift after their start. Written in date order, as extracts arrive.
        weight = np.where(in_cohort, 3.0, 1.0)
        person = rng.choice(people, size=events, p=weight / weight.sum())  # 0-based
        day = rng.integers(0, days, events)
        order = np.argsort(day, kind="stable")
        person, day = person[order], day[order]
        del order
        kind = np.empty(events, dtype=np.int8)
        after = (start_day[person] >= 0) & (day >= start_day[person])
        for off in (False, True):
            for aft in (False, True):
                mask = (offending[person] == off) & (after == aft)
                p = _weights(np, kinds, departments, off, aft)
                kind[mask] = rng.choice(len(kinds), size=int(mask.sum()), p=p)
        most = np.array([MIX[k][1] for k in kinds])
        quantity = 1 + (rng.random(events) * most[kind]).astype(np.int32)
        del after
        agency_of = np.array([agencies[d] for d in departments])  # kind x 2
        organisation = agency_of[kind, person % 2]
        category = departments
        columns = "person_id, organisation_id, kind, category, occurred_on, quantity"
        chunk = 500_000
        with raw.copy(f"COPY costs_serviceuseevent ({columns}) FROM STDIN") as copy:
            for at in range(0, events, chunk):
                rows = zip(
                    (person[at : at + chunk] + 1).tolist(),
                    organisation[at : at + chunk].tolist(),
                    kind[at : at + chunk].tolist(),
                    day[at : at + chunk].tolist(),
                    quantity[at : at + chunk].tolist(),
                    strict=True,
                )
                copy.write(
                    "".join(
                        f"{p}\t{o}\t{kinds[k]}\t{category[k]}\t{iso[d]}\t{q}\n"
                        for p, o, k, d, q in rows
                    )
                )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a load


def loading(people: int, events: int) -> None:
    """Runs in the first child: migrate and load."""
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    load(people, events)
    print(
        f"migrated in {migrated - started:.0f} s; loaded {people:,} people and {events:,} "
        f"service-use events (COPY, then VACUUM ANALYZE) in {time.perf_counter() - migrated:.0f} s"
    )


def _runs(label: str, work, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(
        f"{label:<52} first {times[0]:6.2f} s, median {median:6.2f} s, best {min(times):6.2f} s "
        f"({repeat} runs)"
    )
    return times


def _traced(work) -> float:
    """Peak Python memory of one run, in MB (tracemalloc: Python objects only, slower)."""
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def measuring(repeat: int) -> None:
    """Runs in the second child: the analysis as the page computes it, then the comparison."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from joinedup.accounts.models import User
    from joinedup.costs import atrisk, cohorts, comparison, queries, register, report
    from joinedup.directory.models import Organisation

    call_command("migrate", verbosity=0)  # a kept database gets any new index first
    user, _ = User.objects.get_or_create(email="commissioner@bench.invalid")
    service = Organisation.objects.get(name=SERVICE)
    priced = register.priced()

    def analysis(handling):
        """What `analysis_views._report` does for a service's caseload."""
        cohort = cohorts.organisation_caseload(user, service.pk, service.name)
        periods = queries.cohort_period_changes(
            cohort.starts, priced.unit_costs, MONTHS, handling, PERIODS
        )
        result = report.Report(
            cohort,
            MONTHS,
            handling,
            priced.describe(),
            periods,
            item_departments={u.kind: u.department for u in priced.unit_costs},
        )
        result.tables()
        return result

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    shown = analysis(atrisk.EXCLUDE)
    print(f"cohort: {shown.cohort.label}, {len(shown.cohort.starts):,} people; {priced.describe()}")
    for p in shown.periods:
        print(
            f"    follow-up {p.period}: {p.people:,} counted, {p.not_yet:,} not yet, "
            f"{p.left_out_died} left out (died), {p.left_out_custody} left out (custody); "
            f"total {p.change.printed()[-1].baseline} -> {p.change.printed()[-1].follow_up}"
        )
    print("    " + " ".join(shown.sentences()))
    times = {}
    for handling in atrisk.HANDLINGS:
        times[handling] = _runs(
            f"cohort analysis, {handling} ({MONTHS}-month windows, {PERIODS} periods)",
            lambda h=handling: analysis(h),
            repeat,
        )
    rss_analysis = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    python_peak = _traced(lambda: analysis(atrisk.ANNUALISE))
    worst = max(statistics.median(t) for t in times.values())
    verdict = "under" if worst < TARGET_SECONDS else "OVER"
    print(f"    median {worst:.2f} s: {verdict} the {TARGET_SECONDS:.0f} s target")
    print(
        f"    memory: Python peak {python_peak:.0f} MB (tracemalloc, one annualised run); "
        f"process peak {rss_analysis:.0f} MB resident (after Django setup {rss_before:.0f} MB)"
    )

    if os.environ.get("BENCH_COMPARISON", "1") == "0":
        return
    starts = shown.cohort.starts
    holder = {}

    def matched():
        holder["result"] = comparison.matched_comparison(starts, priced.unit_costs, MONTHS)

    _runs("matched comparison (same cohort, 12 months)", matched, max(1, repeat // 3))
    found = holder["result"]
    worst_smd = max(abs(b.smd_after) for b in found.matching.balance)
    print(
        f"    {len(found.matched):,} matched of {len(starts):,} from a pool of "
        f"{found.pool_size:,}; largest standardised difference after matching {worst_smd:.3f}; "
        f"deadweight {found.deadweight()}, credited {found.credited_change()}"
    )
    rss_all = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"    process peak after the comparison {rss_all:.0f} MB resident")
    connection.close()


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    people, events = (int(args[0]), int(args[1])) if len(args) >= 2 else (100_000, 10_000_000)
    if "--load" in sys.argv:
        loading(people, events)
        return
    if "--measure" in sys.argv:
        measuring(int(os.environ.get("BENCH_REPEAT", "5")))
        return
    reuse = os.environ.get("BENCH_REUSE") == "1"
    keep = os.environ.get("BENCH_KEEP") == "1"
    with throwaway.database(DEFAULT, reuse=reuse, keep=keep) as run:
        if not reuse:
            run(HERE, "--load", people, events)
        run(HERE, "--measure")
    print(f"reproduce: {Path(sys.executable).name} benchmarks/costs.py {people} {events}")


if __name__ == "__main__":
    main()
