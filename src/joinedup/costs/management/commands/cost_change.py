"""`joinedup cost-change`: the cost-change contract (docs/costs.md).

Reads EVENTS.csv, UNIT_COSTS.csv and COHORT.csv, writes CHANGE.csv. Touches no database. A run
that fails for any reason writes nothing: the table goes to a temporary file beside `--out`,
which replaces `--out` only once it is complete, so a CHANGE.csv is never half-written and an
earlier one survives a failed run.
"""

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from joinedup.costs import change
from joinedup.exports import CsvWriter


class Command(BaseCommand):
    help = "Cost of a cohort's service use by department, baseline against follow-up."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--events", required=True, help="EVENTS.csv")
        parser.add_argument("--unit-costs", required=True, help="UNIT_COSTS.csv")
        parser.add_argument("--cohort", required=True, help="COHORT.csv")
        # Checked here rather than by argparse, so a bad value is one line on stderr.
        parser.add_argument("--months", required=True, help="N, the length of each window")
        parser.add_argument("--out", required=True, help="where to write CHANGE.csv (- for stdout)")

    def handle(self, *args, **opts):
        months = opts["months"].strip()
        if not months.isdigit() or not months.isascii() or int(months) < 1:
            raise CommandError(
                f"--months: {opts['months']!r} is not a whole number of months, 1 or more"
            )
        try:
            result = change.from_files(
                opts["events"], opts["unit_costs"], opts["cohort"], int(months)
            )
        except change.ContractError as exc:
            raise CommandError(str(exc)) from None
        if opts["out"] == "-":
            write(sys.stdout, result)
        else:
            write_atomically(Path(opts["out"]), result)
        self.stderr.write(
            f"{result.people} in the cohort, {result.events_counted} events counted, "
            f"{result.events_ignored} outside the cohort or its windows -> {opts['out']}"
        )


def write(handle, result: change.CostChange) -> None:
    writer = CsvWriter(handle, lineterminator="\n")
    writer.writerow(change.OUTPUT_COLUMNS)
    writer.writerows(result.rows())


def write_atomically(out: Path, result: change.CostChange) -> None:
    if out.is_dir():
        raise CommandError(f"--out: {out} is a folder")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent or ".")
    except OSError as exc:
        raise CommandError(f"--out: cannot write in {out.parent} ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle, result)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
