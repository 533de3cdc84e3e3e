"""Backing up and restoring the whole database: `joinedup backup FILE`, `joinedup restore FILE`.

PostgreSQL goes through its own client tools (pg_dump's custom format, pg_restore), whose major
version must be the server's: an older pg_dump refuses a newer server, and a pg_restore newer
than the server can write SQL the server does not know. SQLite uses its online backup API
(`sqlite3.Connection.backup`), a consistent copy even while the site is writing.

Either way nothing is half-done: a backup is written beside FILE and moved into place only when
complete, and a restore is one transaction (pg_restore --single-transaction; SQLite's backup
into the live database is one step), so one that fails leaves the database as it was. A restore
refuses a database that already holds tables unless told to replace it (`force`).
"""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """Said to the person at the command line as it stands: what went wrong, what to do."""


# Both databases -------------------------------------------------------------------------


def backup(path: Path) -> str:
    """Write the whole database to `path`; what was written, in words."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if connection.vendor == "postgresql":
            _pg_dump(partial)
        else:
            _sqlite_backup(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return f"{path}: {_size(path)}, {_summary()}"


def restore(path: Path, *, force: bool = False) -> str:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    kind = _kind_of(path)
    if kind is None:
        raise BackupError(
            f"{path} is not a joinedup backup (neither a pg_dump archive nor a SQLite database)"
        )
    if kind != connection.vendor:
        raise BackupError(
            f"{path} is a {_NAMES[kind]} backup, but DATABASE_URL points at "
            f"{_NAMES[connection.vendor]}: restore it into the kind of database it came from"
        )
    tables = connection.introspection.table_names()
    if tables and not force:
        raise BackupError(
            f"the database {_database_name()} is not empty ({len(tables)} tables; "
            f"{_summary()}): restoring would replace everything in it. Restore into a new, "
            "empty database, or add --force to replace what it holds"
        )
    if connection.vendor == "postgresql":
        _pg_restore(path, clean=bool(tables))
    else:
        _sqlite_restore(path)
    connection.close()  # the next query sees the restored database
    return f"restored {path} into {_database_name()}: {_summary()}"


_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def _kind_of(path: Path) -> str | None:
    with path.open("rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    return None


def _summary() -> str:
    """What the database holds, in the few counts a person checks after a restore."""
    counts = []
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for table, words in [
            ("people_person", "people"),
            ("linkage_link", "links"),
            ("audit_accesslog", "access log entries"),
        ]:
            if table in tables:
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
                counts.append(f"{cursor.fetchone()[0]:,} {words}")
    return ", ".join(counts) or "no joinedup tables"


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def _database_name() -> str:
    return str(connection.settings_dict["NAME"])


# SQLite ---------------------------------------------------------------------------------


def _sqlite_backup(partial: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_restore(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} is damaged (SQLite's quick check fails): not restored")
        connection.ensure_connection()
        source.backup(connection.connection)  # every page in one step: all or nothing
    finally:
        source.close()


# PostgreSQL -----------------------------------------------------------------------------


def _tool(name: str) -> str:
    """The client tool's path, checked to be the server's major version."""
    found = shutil.which(name)
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if not found:
        raise BackupError(
            f"{name} is not installed (or not on PATH): install PostgreSQL {server}'s client "
            f"tools, for example `apt-get install postgresql-client-{server}`"
        )
    said = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)*", said)
    client = int(match.group(1)) if match else None
    if client != server:
        raise BackupError(
            f"{name} is version {client} ({found}), but the database server is "
            f"PostgreSQL {server}: use {name} {server} (for example "
            f"`apt-get install postgresql-client-{server}`, then put its bin folder first on PATH)"
        )
    return found


def _pg_arguments() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = ["--dbname", s["NAME"]]
    for flag, key in [("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")]:
        if s.get(key):
            args += [flag, str(s[key])]
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]  # never on the command line, where ps shows it
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what} failed: {' / '.join(said[-5:]) or f'exit {done.returncode}'}")


def _pg_dump(partial: Path) -> None:
    args, env = _pg_arguments()
    _run(
        [_tool("pg_dump"), "--format=custom", "--file", str(partial), *args],
        env,
        "pg_dump",
    )


def _pg_restore(path: Path, *, clean: bool) -> None:
    pg_restore = _tool("pg_restore")
    listed = subprocess.run([pg_restore, "--list", str(path)], capture_output=True, text=True)
    if listed.returncode != 0:
        raise BackupError(f"{path} is not a pg_dump archive pg_restore can read: not restored")
    args, env = _pg_arguments()
    connection.close()  # pg_restore --clean must not wait on our own open transaction
    options = ["--clean", "--if-exists"] if clean else []
    _run(
        [pg_restore, "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
         *options, *args, str(path)],
        env,
        "pg_restore",
    )  # fmt: skip
