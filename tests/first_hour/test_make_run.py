"""`make run` is how a newcomer first meets the product: its error pages are the product's too.

The web server command is taken from `make -n run` (what `make run` would execute) and started as
it is, on a free loopback port; a missing page must be the translated 404 with the site's
navigation, not Django's debug page (issue 11, "Done when").
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from peercoach.notifications.smtp_sink import free_port

ROOT = Path(__file__).resolve().parents[2]


def runserver_command(port: int) -> str:
    planned = subprocess.run(
        ["make", "-s", "-n", "run", f"PORT={port}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    (command,) = re.findall(r"DEBUG=\S+ \S+ manage\.py runserver [^;&\n]+", planned)
    return command.strip()


def fetch(url: str, language: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept-Language": language})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_missing_page_under_make_run_is_the_translated_product_page(tmp_path):
    port = free_port()
    command = runserver_command(port)
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'run.sqlite3'}"
    server = subprocess.Popen(
        ["bash", "-c", command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = fetch(f"http://127.0.0.1:{port}/no-such-page/", "nl")
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        assert status == 404
        assert "DEBUG = True" not in body and "technical" not in body.lower()
        assert 'lang="nl"' in body and "Pagina niet gevonden" in body
        assert 'class="site-header"' in body and 'href="/"' in body
        status, body = fetch(f"http://127.0.0.1:{port}/no-such-page/", "en")
        assert status == 404 and "Page not found" in body and 'lang="en"' in body
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # bash and the server it started
        server.wait(timeout=20)
