"""The database goes away for a few seconds while two workers send 1,000 messages.

PostgreSQL only (the machine's server is shared, so the outage is a cut TCP proxy in front of it,
see `proxy.py`). Everything runs on loopback and the test is bounded (about 15-30 s on an idle
machine). The outage falls while the workers are idle and polling; test_partitions.py cuts them
off in the middle of sending, as a partition that the server does not notice. SQLite has
no connection to cut: a worker on SQLite opens a file, and a process that dies has its locks
released by the operating system (tests/notifications/test_workers.py kills one mid-batch).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter

import pytest
from django.db import connection
from django.test import Client

from peercoach.notifications.models import OutgoingMessage, Status
from peercoach.notifications.smtp_sink import SmtpSink
from tests import factories
from tests.faults.outage import outbox_state, parsed, url_through, wait_for
from tests.faults.proxy import CuttableProxy
from tests.notifications.workers import BASE_DIR, invite_people, manage

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the outage is cut between the workers and PostgreSQL (DATABASE_URL)",
)

WEB_PORT = 8251


def healthz(cookie: str | None = None) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{WEB_PORT}/healthz")
    if cookie:
        request.add_header("Cookie", f"sessionid={cookie}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_two_workers_and_the_scheduler_survive_a_database_outage_and_send_everything_once(org):
    member = factories.make_person(org, "Signed In")
    browser = Client()
    browser.force_login(member.user)
    cookie = browser.cookies["sessionid"].value
    db = connection.settings_dict

    proxy = CuttableProxy(int(db["PORT"] or 5432))
    gunicorn = [sys.executable, "-m", "gunicorn", "peercoach.wsgi", "-w", "1"]
    gunicorn += ["-b", f"127.0.0.1:{WEB_PORT}", "--log-level", "warning"]
    worker_args = ("task_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2")
    processes: list[subprocess.Popen] = []
    with proxy, SmtpSink() as sink:
        url = url_through(proxy)
        try:
            workers = [manage(url, sink.port, *worker_args) for _ in range(2)]
            scheduler = manage(url, sink.port, "send_due_notifications", "--loop", "0.5")
            web_env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "CRITICAL"}
            web = subprocess.Popen(gunicorn, cwd=BASE_DIR, env=web_env)
            processes = [*workers, scheduler, web]
            assert wait_for(_listening, 20) and healthz() == 200
            time.sleep(1)  # every process is connected and polling

            proxy.cut()
            time.sleep(0.5)
            during = (healthz(), healthz(cookie))
            time.sleep(3.5)  # about 4 s without a database
            alive_during = [p.poll() is None for p in (*workers, scheduler)]
            proxy.restore()

            people = invite_people(org, 1000)  # queued once the database is back
            # A generous bound for a busy machine (on an idle one it takes ~15 s).
            # A message whose send failed while the network was down is retried after the
            # outbox's backoff (2 min after a first attempt, 4 after a second): wait it out.
            assert wait_for(lambda: len(sink.raw) >= 1000, 330), (
                f"only {len(sink.raw)} sent; outbox: {outbox_state()}"
            )
            time.sleep(1.5)  # a late duplicate would show up now
            after = (healthz(), healthz(cookie))
            still_running = [p.poll() is None for p in (*workers, scheduler)]
            raw = sink.raw
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

    assert during == (503, 503)
    assert after == (200, 200)
    assert alive_during == still_running == [True, True, True]
    ids = Counter(message["Message-ID"] for message in parsed(raw))
    assert len(raw) == 1000 and len(ids) == 1000 and max(ids.values()) == 1
    assert sorted(m["To"] for m in parsed(raw)) == sorted(p.email for p in people)
    assert dict(Counter(OutgoingMessage.objects.values_list("status", flat=True))) == {
        Status.SENT: 1000
    }


def _listening() -> bool:
    try:
        healthz()
    except OSError:
        return False
    return True
