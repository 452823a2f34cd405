"""One setting, SITE_URL, builds every absolute link in emails and calendars."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from peercoach.notifications import outbox
from peercoach.programs.models import ProgramStatus
from peercoach.running import actions
from tests import factories
from tests.conftest import signed_in_client

SITE = "http://127.0.0.1:8233"
URL = re.compile(r"https?://[^\s\"<>]+")
ROOT = Path(__file__).resolve().parents[2]


def links_in(message) -> set[str]:
    found = set()
    for part in message.walk():
        if part.get_content_maintype() == "text":
            content = part.get_content()
            # iCalendar folds long lines at 75 octets.
            found |= set(URL.findall(content.replace("\r\n ", "")))
    found |= set(URL.findall(message.get("List-Unsubscribe", "")))
    return {link for link in found if "meet.example" not in link}


def test_every_link_in_invitations_and_their_calendars_starts_with_site_url(org, smtp, settings):
    settings.SITE_URL = SITE
    newcomer = factories.make_person(org, "Nina New", with_user=False, preferred_language="nl")
    fellow = factories.make_person(org, "Finn Fellow", preferred_language="en")
    program = factories.make_program(org, status=ProgramStatus.RUNNING)
    actions.do_enrol(program, [newcomer, fellow])
    group = factories.make_group(program, [newcomer, fellow], name="Pair N")
    factories.make_session(group, starts_at=timezone.now() + timedelta(days=3))
    outbox.deliver_all("test")

    assert len(smtp.messages) >= 3
    links = set().union(*(links_in(message) for message in smtp.messages))
    assert any("/password/" in link for link in links)  # the choose-a-password link
    assert any("/unsubscribe" in link or "unsubscribe" in link for link in links)
    assert links and all(link.startswith(SITE + "/") or link == SITE for link in links), links
    invitation = next(m for m in smtp.messages if "text/calendar" in str(m))
    (part,) = [p for p in invitation.walk() if p.get_content_type() == "text/calendar"]
    (event,) = Calendar.from_ical(part.get_content()).walk("VEVENT")
    assert str(event["URL"]).startswith(SITE + "/")
    assert str(event["UID"]).endswith("@127.0.0.1")


def test_the_calendar_feed_address_starts_with_site_url(org, settings):
    settings.SITE_URL = SITE
    person = factories.make_person(org, "Fay Feed", preferred_language="en")
    page = signed_in_client(person).get(reverse("notifications:preferences"))
    feeds = [link for link in URL.findall(page.content.decode()) if "calendar" in link]
    assert feeds and all(link.startswith(SITE + "/") for link in feeds), feeds


def test_forgot_password_link_starts_with_site_url_not_the_request_host(org, smtp, settings):
    settings.SITE_URL = SITE
    person = factories.make_person(org, "Pia Forgot", with_user=False)
    signed_in_client(None).post(reverse("password_reset"), {"email": person.email})
    outbox.deliver_all("test")  # the worker sends it
    (message,) = smtp.messages
    links = links_in(message)
    assert links and all(link.startswith(SITE + "/password/") for link in links), links


def run_settings(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DATABASE_URL"}}
    env.update(
        {
            "PEERCOACH_PRODUCTION": "1",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "peercoach.example",
            "DJANGO_SETTINGS_MODULE": "peercoach.settings",
            **extra_env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_site_url():
    refused = run_settings({})
    assert refused.returncode != 0
    assert "SITE_URL must be set" in refused.stderr
    started = run_settings({"SITE_URL": "https://peercoach.example"})
    assert started.returncode == 0, started.stderr
