import os
import re

import pytest
from django.test import Client

from peercoach.health import emails as health_emails
from peercoach.notifications.smtp_sink import SmtpSink
from peercoach.programs import kept_figures
from tests import factories
from tests.cast import Cast, build_cast

pytest_plugins = ["tests.browser"]


def pytest_collection_modifyitems(config, items):
    """`make test` runs the suite on SQLite and then on PostgreSQL. On the second it skips what
    would only repeat itself: tests marked `database_free` (the matching engine, the command
    line, the code's structure) or `own_database` (a production process on its own SQLite
    database), and the browser tests: what they click through is the same views and queries
    the rest of the suite runs on PostgreSQL too, and they took a third of its time."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    once = pytest.mark.skip(reason="runs once, on SQLite (make test runs both databases)")
    markers = ("database_free", "own_database", "browser")
    for item in items:
        in_browser = "browser" in getattr(item, "fixturenames", ())
        if in_browser or any(item.get_closest_marker(m) for m in markers):
            item.add_marker(once)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _nothing_kept_from_another_test():
    """Each test's database reuses ids: figures and breaks kept for one belong to none."""
    kept_figures.forget_all()
    health_emails.forget_pauses()


def signed_in_client(person) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person.user)
    return client


@pytest.fixture
def org(db):
    return factories.make_organisation("Acme", default_language="en")


@pytest.fixture
def cast(db) -> Cast:
    """The shared cast of named people (tests/cast.py); a test adds what it needs around it."""
    return build_cast()


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback; Django's SMTP backend sends to it."""
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        yield sink


ICON = re.compile(r'<svg class="bi .*?</svg>', re.S)


def without_icons(html: str) -> str:
    """The page without its inline icons, whose path data is full of numbers like "1.7"."""
    return ICON.sub("", html)
