import sys
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from joinedup.synthetic.generator import generate


class Command(BaseCommand):
    help = (
        "Build a synthetic local area: into the (empty) database, and with --out also as files "
        "(agency extracts, ground truth, service use). Same seed and day, same area."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--out", help="Folder to write the area's files into.")
        parser.add_argument("--no-db", action="store_true", help="Write files only.")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="The day the simulated years end (YYYY-MM-DD); default today.",
        )

    def handle(self, people, seed, out, no_db, today, **options):
        if people < 1:
            raise CommandError("--people must be at least 1")
        if no_db and not out:
            raise CommandError("--no-db needs --out: there would be nothing to keep")
        if not no_db:
            _require_migrated()
        started = time.monotonic()
        try:
            result = generate(
                people=people,
                seed=seed,
                today=today,
                out=out,
                load=not no_db,
                progress=_bar(people) if sys.stderr.isatty() else None,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        took = time.monotonic() - started
        parts = [f"Generated {people} people (seed {seed}) in {took:.1f}s"]
        if result.summary:
            s = result.summary
            parts.append(
                f"database: {s.organisations} organisations, {s.users} staff, "
                f"{s.involvements} involvements, {s.consents} consents, "
                f"{s.events} service-use events"
            )
        if out:
            parts.append(f"files in {out}: {result.agency_records} agency records")
        self.stdout.write(". ".join(parts) + ".")


def _require_migrated() -> None:
    """An unmigrated database says what to run, instead of failing later on a missing table."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        name = connection.settings_dict["NAME"]
        raise CommandError(
            f"The database ({name}) is not ready: {len(plan)} migrations have not been run. "
            "Run `joinedup migrate` first (with the same settings), then generate again; "
            "or write files only with `--no-db --out FOLDER`."
        )


def _bar(total: int):
    def show(done: int):
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} people")
        if done >= total - total % 1000:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
