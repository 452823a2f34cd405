"""The demo organisation served as `make run` serves it (DEBUG off), for the scripts in bench/."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "peercoach-demo"


def serve(port: int, database: Path) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}", DEBUG="0")
    # Static files collected, hashed and gzipped, as `make run` serves them; a folder per
    # database, so that two scripts at once do not write the same files.
    env.update(PEERCOACH_COLLECTED_STATIC="1", STATIC_ROOT=str(database.with_suffix(".static")))
    manage = [sys.executable, str(ROOT / "manage.py")]
    database.unlink(missing_ok=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], env=env, check=True)
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True)
    subprocess.run([*manage, "seed_demo", "--if-empty"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


def sign_in(page, base: str, email: str) -> None:
    """Sign a Playwright page in as a demo login."""
    page.goto(base + "/signin/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(base + "/")
