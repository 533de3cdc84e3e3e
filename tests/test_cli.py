"""The `joinedup` command as a new user runs it."""

import os
import shutil
import subprocess

import pytest

JOINEDUP = shutil.which("joinedup") or os.path.join(os.path.dirname(os.sys.executable), "joinedup")


def run(*args, data_dir, **env):
    clean = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    clean.update({"JOINEDUP_DATA_DIR": str(data_dir), **env})
    return subprocess.run([JOINEDUP, *args], env=clean, capture_output=True, text=True, timeout=300)


def test_help_lists_the_subcommands(tmp_path):
    result = run("--help", data_dir=tmp_path)
    assert result.returncode == 0
    for word in ("demo", "serve", "generate"):
        assert f"joinedup {word}" in result.stdout


def test_demo_sets_up_an_empty_machine_and_prints_a_sign_in_per_role(tmp_path):
    result = run("demo", "--people", "150", "--no-serve", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for role in (
        "Co-ordinator",
        "Practitioner",
        "Panel member",
        "Commissioner",
        "Provider manager",
        "Analyst",
        "Administrator",
    ):
        assert f"  {role} " in out, f"no sign-in printed for {role}"
    assert "password for every account: joinedup-demo" in out
    assert (tmp_path / "joinedup.sqlite3").exists()
    assert (tmp_path / "demo-secret-key").stat().st_mode & 0o077 == 0, "the key is private"
    # A second run keeps the area instead of failing or duplicating it.
    again = run("demo", "--people", "150", "--no-serve", data_dir=tmp_path)
    assert again.returncode == 0 and "Building" not in again.stdout


@pytest.mark.parametrize("command", [["check"], ["migrate", "--check"]])
def test_production_commands_refuse_to_start_without_a_secret_key(tmp_path, command):
    result = run(*command, data_dir=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "joinedup: SECRET_KEY is not set: "
        "set SECRET_KEY (or SECRET_KEY_FILE) to a long random string"
    )


def test_generate_on_a_database_not_yet_migrated_says_what_to_run(tmp_path):
    here = {k: os.environ[k] for k in ("PYTHONPATH",) if k in os.environ}
    result = run("generate", "--people", "5", data_dir=tmp_path, **here)
    assert result.returncode != 0
    assert "joinedup migrate" in result.stderr
    assert "Traceback" not in result.stderr and "no such table" not in result.stderr
