"""A throwaway PostgreSQL database for a benchmark: created, handed to child runs of the
benchmark script (so each run's memory is its own), and dropped afterwards."""

import os
import subprocess
import sys
from contextlib import contextmanager


def _admin(server: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


@contextmanager
def database(default_url: str, *, reuse: bool = False, keep: bool = False):
    """Yields `run(script, *args)`, which runs the script with DATABASE_URL set to a fresh
    database (`BENCH_DATABASE`, else `default_url`); `reuse` keeps an existing one."""
    url = os.environ.get("BENCH_DATABASE", default_url)
    server, name = url.rsplit("/", 1)
    if not reuse:
        _admin(server, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "joinedup.settings_demo", "DATABASE_URL": url}

    def run(script, *args) -> None:
        subprocess.run([sys.executable, str(script), *map(str, args)], env=env, check=True)

    try:
        yield run
    finally:
        if not keep:
            _admin(server, f'DROP DATABASE IF EXISTS "{name}"')
