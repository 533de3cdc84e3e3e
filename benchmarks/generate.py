"""Time and peak memory of generating the synthetic area to files, at several sizes.

    .venv/bin/python benchmarks/generate.py                 # 10k, 100k and 1,000,000 people
    .venv/bin/python benchmarks/generate.py 10000 50000     # chosen sizes

Each size runs in a fresh process (`joinedup generate --no-db --out ...`) so its peak
resident memory is its own. Files go to a temporary folder that is removed afterwards.
"""

import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

SIZES = [10_000, 100_000, 1_000_000]
JOINEDUP = Path(sys.executable).with_name("joinedup")


def run(people: int) -> tuple[float, float, int, float]:
    out = Path(tempfile.mkdtemp(prefix=f"joinedup-bench-{people}-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "joinedup.settings_demo",
        "JOINEDUP_DATA_DIR": str(out / "var"),
    }
    command = [
        str(JOINEDUP),
        "generate",
        "--people",
        str(people),
        "--seed",
        "1",
        "--no-db",
        "--out",
        str(out / "area"),
        "--today",
        "2026-11-24",
    ]
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child runs the command, so its rusage is only this size's
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execve(command[0], command, env)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"generate failed for {people} people (status {status})")
    size = sum(p.stat().st_size for p in (out / "area").rglob("*") if p.is_file())
    with open(out / "area" / "truth.csv") as truth:
        records = sum(1 for _ in truth) - 1
    shutil.rmtree(out)
    return seconds, usage.ru_maxrss / 1024, records, size / 1e9


def main():
    sizes = [int(a) for a in sys.argv[1:]] or SIZES
    print(
        f"{'people':>10} {'seconds':>9} {'peak MiB':>9} {'agency records':>15} {'GB written':>11}"
    )
    for people in sizes:
        seconds, peak, records, gigabytes = run(people)
        print(f"{people:>10,} {seconds:>9.1f} {peak:>9.0f} {records:>15,} {gigabytes:>11.2f}")
    print(f"\nreproduce: {sys.executable} {' '.join(sys.argv)}")
    print(
        f"machine: {os.cpu_count()} cores; resource limit {resource.getrlimit(resource.RLIMIT_AS)}"
    )


if __name__ == "__main__":
    main()
