"""The `joinedup` command: one entry point for the management commands people use.

joinedup demo [--port P]           the synthetic area on http://127.0.0.1:8000 (or port P)
joinedup serve [--host H --port P] serve with production settings (waitress)
joinedup worker                    the background worker: linkage runs, imports, large reports
joinedup generate --people N       build a synthetic area (demo and test settings only)
joinedup link FILE... --out clusters.csv   link agency extracts (no database unless --load)
joinedup cost-change --events EVENTS.csv --unit-costs UNIT_COSTS.csv --cohort COHORT.csv
                     --months N --out CHANGE.csv   cost by department, baseline against
                                                   follow-up (no database)
joinedup cashflow SPEC.json --out MONTHS.csv   a contract's monthly costs against payments
                                               and the working capital it needs (no database)
joinedup backup FILE               the whole database to FILE (pg_dump on PostgreSQL, SQLite's
                                   backup API on SQLite)
joinedup restore FILE [--force]    a backup into the database DATABASE_URL names; refuses one
                                   that is not empty unless --force
joinedup <any manage.py command>   for example `joinedup migrate`, `joinedup check --deploy`
"""

import os
import sys

# Commands that only make sense with synthetic data run with the demo's settings by default.
DEMO_COMMANDS = {"demo", "generate"}
#: Commands spelled with a hyphen on the command line; Django names them after their module.
ALIASES = {"cost-change": "cost_change"}
#: Engines with file contracts (DESIGN.md): files in, files out, no database.
OFFLINE = {"cost_change", "cashflow"}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return
    argv = [ALIASES.get(argv[0], argv[0]), *argv[1:]]
    # `link` without --load, `cost-change` and `cashflow` touch no database, so they need no
    # production configuration.
    offline = (argv[0] == "link" and "--load" not in argv) or argv[0] in OFFLINE
    default = (
        "joinedup.settings_demo" if argv[0] in DEMO_COMMANDS or offline else "joinedup.settings"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default)

    from django.core.management import execute_from_command_line

    execute_from_command_line(["joinedup", *argv])


if __name__ == "__main__":
    main()
