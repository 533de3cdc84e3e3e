"""Typed settings from the environment.

Every helper fails loudly with a `ConfigError` naming the variable to set, so a bad
deployment stops at start with one line instead of misbehaving later.
"""

import os
from pathlib import Path

import dj_database_url


class ConfigError(Exception):
    """A setting is missing or malformed; the message says what to set."""


def env_str(name: str, default: str | None = None) -> str | None:
    """A string from NAME, or from the file named by NAME_FILE (for container secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE points at {file_name!r}, which cannot be read") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value: set {name} to 1 or 0")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SUPPORTED_DATABASES = ("sqlite", "postgres", "postgresql", "pgsql")


def database_from_url(url: str) -> dict:
    """Parse DATABASE_URL, refusing schemes we do not run on."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in SUPPORTED_DATABASES:
        raise ConfigError(
            f"DATABASE_URL scheme {scheme or url!r} is not supported: "
            "set DATABASE_URL to sqlite:///path/to/file.sqlite3 or postgres://user@host:5432/name"
        )
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if scheme == "sqlite":
        # Connections are cheap and must not outlive a thread on SQLite.
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        # The background worker writes a run's links in one transaction, a few seconds long on
        # a large area: a page saving its session meanwhile waits its turn, up to this long
        # (SQLite's default, 5 s, is shorter than that transaction can be).
        config.setdefault("OPTIONS", {})["timeout"] = 30
        if config["NAME"] and config["NAME"] != ":memory:":
            # A first start on a new machine makes the folder the database file lives in.
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    return config


def data_dir() -> Path:
    """Where the embedded database and demo secrets live (git-ignored `var/` by default)."""
    return Path(os.environ.get("JOINEDUP_DATA_DIR", Path.cwd() / "var")).resolve()
