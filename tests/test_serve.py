"""`joinedup serve` with production settings serves pages and their hashed static files."""

import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.test_cli import JOINEDUP


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own server)
        return response.status, response.read().decode()


def test_serve_in_production_serves_pages_and_static_files(tmp_path: Path):
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env |= {
        "SECRET_KEY": "s" * 30 + "K3y!" * 10,
        "JOINEDUP_DATA_DIR": str(tmp_path),
        "SECURE_SSL_REDIRECT": "0",
    }
    subprocess.run([JOINEDUP, "migrate", "-v0"], env=env, check=True, timeout=120)
    port = free_port()
    server = subprocess.Popen(
        [JOINEDUP, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(60):
            try:
                status, page = get(f"{base}/sign-in/")
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError("the server did not start")
        assert status == 200 and "Sign in to joinedup" in page
        css = re.search(r"/static/dist/app\.[0-9a-f]+\.css", page).group(0)
        assert get(base + css)[0] == 200, "hashed CSS is served by whitenoise"
    finally:
        server.terminate()
        server.wait(timeout=10)
