"""Serving the app for the scripts in bench/, and visiting it as a browser would.

`serve` runs the demo organisation as `make run` does (DEBUG off, static files collected);
`gunicorn` serves whatever database the environment names, as production does; `Browser` is
one keep-alive HTTP connection with its cookies that signs in through the sign-in form and
posts forms with their CSRF token; `sign_in` does the same in Playwright.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
import urllib.request
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "peercoach-demo"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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
    try:
        wait_until_listening(port, seconds=20)
    except RuntimeError:
        server.terminate()
        raise
    return server


def gunicorn(port: int, workers: int, env: dict, log: IO, timeout: int = 30) -> subprocess.Popen:
    """gunicorn serving `env`'s database on `port`, answering once it is up."""
    command = [sys.executable, "-m", "gunicorn", "peercoach.wsgi", "-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", str(timeout)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        wait_until_listening(port)
    except RuntimeError:
        server.terminate()
        raise
    return server


def wait_until_listening(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not start")


def sign_in(page, base: str, email: str) -> None:
    """Sign a Playwright page in as a demo login."""
    page.goto(base + "/signin/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(base + "/")


class Browser:
    """One keep-alive connection with its cookies, the way a browser reads pages and sends
    forms (with the CSRF token of the last page that had one)."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None, timeout: int = 120):
        self.port = port
        self.timeout = timeout
        self.cookies = dict(cookies or {})
        self.connection: http.client.HTTPConnection | None = None
        self.csrf = ""

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Referer": f"http://127.0.0.1:{self.port}{path}",
            **(headers or {}),
        }
        for attempt in (1, 2):  # a keep-alive connection the server closed: reconnect once
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=self.timeout
                )
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, response.getheader("Location", ""), content

    def get(self, path: str):
        status, location, content = self.request("GET", path)
        if found := CSRF_FIELD.search(content.decode("utf-8", "replace")):
            self.csrf = found.group(1)
        return status, location, content

    def post(self, path: str, fields: list[tuple[str, str]]):
        body = urlencode([("csrfmiddlewaretoken", self.csrf), *fields]).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, body, headers)

    def post_file(self, path: str, name: str, filename: str, data: bytes):
        boundary = uuid.uuid4().hex
        body = (
            (
                f"--{boundary}\r\nContent-Disposition: form-data; "
                f'name="csrfmiddlewaretoken"\r\n\r\n'
                f'{self.csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request("POST", path, body, headers)

    def sign_in(self, email: str, password: str = PASSWORD) -> None:
        """Through the sign-in form, as a person does."""
        self.get("/signin/")
        status, location, _ = self.post("/signin/", [("username", email), ("password", password)])
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"sign-in failed: {status} {location}")
