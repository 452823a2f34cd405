"""The database goes away for a few seconds while two workers send 1,000 messages.

PostgreSQL only (the machine's server is shared, so the outage is a cut TCP proxy in front of it,
see `proxy.py`). Everything runs on loopback and each test is bounded (about 30-40 s on an idle
machine). In the first the outage falls while the workers are idle and polling; in the second
it falls in the middle of sending, as a partition that the server does not notice. SQLite has
no connection to cut: a worker on SQLite opens a file, and a process that dies has its locks
released by the operating system (tests/notifications/test_workers.py kills one mid-batch).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
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
from tests.faults.proxy import CuttableProxy
from tests.notifications.workers import BASE_DIR, invite_people, manage, stop

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the outage is cut between the workers and PostgreSQL (DATABASE_URL)",
)

WEB_PORT = 8251


def url_through(proxy: CuttableProxy) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@127.0.0.1:{proxy.port}/{db['NAME']}"


def healthz(cookie: str | None = None) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{WEB_PORT}/healthz")
    if cookie:
        request.add_header("Cookie", f"sessionid={cookie}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


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
                f"only {len(sink.raw)} sent; outbox: {_statuses()}"
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
    ids = Counter(message["Message-ID"] for message in _parsed(raw))
    assert len(raw) == 1000 and len(ids) == 1000 and max(ids.values()) == 1
    assert sorted(m["To"] for m in _parsed(raw)) == sorted(p.email for p in people)
    assert dict(Counter(OutgoingMessage.objects.values_list("status", flat=True))) == {
        Status.SENT: 1000
    }


def _statuses() -> dict:
    from django.db.models import Count

    rows = OutgoingMessage.objects.values("status", "attempts").annotate(n=Count("id"))
    return {(row["status"], row["attempts"]): row["n"] for row in rows}


def _listening() -> bool:
    try:
        healthz()
    except OSError:
        return False
    return True


def _parsed(raw: list[bytes]):
    from email import message_from_bytes, policy

    return [message_from_bytes(item, policy=policy.default) for item in raw]


# The outbox's claim: the one statement that locks a whole batch (BATCH_SIZE rows) of messages.
CLAIM = b"LIMIT 100 FOR UPDATE SKIP LOCKED"


@pytest.mark.django_db(transaction=True)
def test_a_partition_in_the_middle_of_a_claim_loses_no_message_and_sends_none_twice(org):
    """While two workers send 1,000 messages, the network between them and PostgreSQL fails the
    way real networks do: the next claim reaches the server, then every worker's connection is
    gone, but the server's side stays open (it never hears that its client left) for the rest
    of the test. After 3 s the database is reachable again.

    Before the claim was one statement, the cut-off claim's transaction stayed open on the server
    with the batch's 100 rows locked: the workers, which skip locked rows, never sent those 100.
    SQLite has no connection that a network could cut (see `outbox.claim`)."""
    people = invite_people(org, 1000)
    proxy = CuttableProxy(int(connection.settings_dict["PORT"] or 5432), partition_on=CLAIM)
    armed = threading.Event()

    async def arm_after_150(received: int) -> None:
        # Each worker claimed a batch of 100 at the start; the next claim is cut off.
        if received == 150 and not armed.is_set():
            armed.set()
            proxy.arm_partition()

    worker_args = ("task_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2")
    with proxy, SmtpSink(on_data=arm_after_150) as sink:
        url = url_through(proxy)
        workers = [manage(url, sink.port, *worker_args) for _ in range(2)]
        scheduler = manage(url, sink.port, "send_due_notifications", "--loop", "0.5")
        processes = [*workers, scheduler]
        try:
            # Generous bounds for a busy machine; on an idle one the whole test takes ~40 s.
            assert armed.wait(timeout=120), f"only {len(sink.raw)} sent before the partition"
            assert proxy.partitioned(timeout=60), "no claim after the 150th message"
            sent_before = len(sink.raw)
            time.sleep(3)  # 3 s without a database
            proxy.restore()
            # A message whose send failed while the network was down is retried after the
            # outbox's backoff (2 min after a first attempt, 4 after a second): wait it out.
            assert wait_for(lambda: len(sink.raw) >= 1000, 330), (
                f"only {len(sink.raw)} sent; outbox: {_statuses()}"
            )
            time.sleep(1.5)  # a late duplicate would show up now
            still_running = [p.poll() is None for p in processes]
            raw = sink.raw
        finally:
            stop(processes)

    assert 150 <= sent_before < 1000
    assert still_running == [True, True, True]
    ids = Counter(message["Message-ID"] for message in _parsed(raw))
    assert len(raw) == 1000 and len(ids) == 1000 and max(ids.values()) == 1
    assert sorted(m["To"] for m in _parsed(raw)) == sorted(p.email for p in people)
    assert dict(Counter(OutgoingMessage.objects.values_list("status", flat=True))) == {
        Status.SENT: 1000
    }
