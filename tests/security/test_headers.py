"""In production settings every response carries the Content Security Policy and the other
security headers: pages, errors, the health check and static files alike."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
POLICY_PARTS = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]


def probe(tmp_path: Path, **environment: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not key.startswith("SECURE_")
    }
    env.update(
        PEERCOACH_PRODUCTION="1",
        SECRET_KEY="probe-" + "x" * 50,
        ALLOWED_HOSTS="testserver",
        SITE_URL="https://testserver",
        PEERCOACH_VAR_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT),
        **environment,
    )
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "security" / "production_probe.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    return probe(tmp_path_factory.mktemp("production"))


@pytest.mark.own_database
def test_it_sends_the_policy_and_headers_on_every_kind_of_response(production):
    assert production["sign-in page"]["status"] == 200
    assert production["healthz"]["status"] == 200
    assert production["not found"]["status"] == 404
    assert production["csrf failure"]["status"] == 403
    assert production["static file"]["status"] == 200
    assert production["home"]["status"] == 200
    assert production["privacy page"]["status"] == 200
    assert production["data export"]["status"] == 200
    for name, response in production.items():
        headers = response["headers"]
        policy = headers.get("Content-Security-Policy", "")
        for part in POLICY_PARTS:
            assert part in policy, (name, part, policy)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, (name, policy)
        assert headers.get("Referrer-Policy") == "same-origin", name
        assert headers.get("X-Content-Type-Options") == "nosniff", name
        assert "camera=()" in headers.get("Permissions-Policy", ""), name
        assert "geolocation=()" in headers.get("Permissions-Policy", ""), name
    # HTTPS only, but neither subdomains nor the preload list unless the operator asks.
    assert production["plain http"]["status"] == 301
    assert production["home"]["headers"]["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.own_database
def test_it_adds_hsts_subdomains_and_preload_only_when_the_operator_asks(tmp_path):
    chosen = probe(tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="true")
    assert (
        chosen["home"]["headers"]["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )


def test_it_uses_the_same_policy_in_development(client, db):
    # The browser tests run with these settings, so a violation shows up there too.
    response = client.get("/signin/")
    policy = response["Content-Security-Policy"]
    for part in POLICY_PARTS:
        assert part in policy
    assert response["Permissions-Policy"] == settings.PERMISSIONS_POLICY


@pytest.mark.own_database
def test_it_keeps_check_deploy_clean():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never does.
    unwanted = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in unwanted}
    env.update(
        PEERCOACH_PRODUCTION="1",
        SECRET_KEY="probe-" + "y" * 50,
        ALLOWED_HOSTS="x.example",
        SITE_URL="https://x.example",
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
