"""Run in a child process with production settings (PEERCOACH_PRODUCTION=1): migrate a fresh
SQLite database, collect static files, request a few kinds of responses through the whole
middleware stack and print their headers as JSON. tests/security/test_headers.py reads them."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peercoach.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from tests import factories  # noqa: E402

assert settings.PRODUCTION and not settings.DEBUG
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)

organisation = factories.make_organisation("Probe")
person = factories.make_person(organisation, "Pat Probe")
# Behind the TLS-terminating proxy that production settings expect.
HTTPS = {"X-Forwarded-Proto": "https"}
signed_in = Client(headers=HTTPS)
signed_in.force_login(person.user)
anonymous = Client(headers=HTTPS, enforce_csrf_checks=True)

responses = {
    "sign-in page": anonymous.get("/signin/"),
    "healthz": anonymous.get("/healthz"),
    "not found": anonymous.get("/no-such-page/"),
    "csrf failure": anonymous.post("/signin/", {"username": "x", "password": "y"}),
    "static file": anonymous.get(staticfiles_storage.url("css/peercoach.css")),
    "home": signed_in.get("/"),
    "privacy page": anonymous.get("/privacy/"),
    "data export": signed_in.get("/privacy/my-data.json"),
    "plain http": Client().get("/signin/"),
}
json.dump(
    {name: {"status": r.status_code, "headers": dict(r.headers)} for name, r in responses.items()},
    sys.stdout,
)
