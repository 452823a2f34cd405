"""Exactly once with real workers: two at a time on PostgreSQL, and one killed mid-batch."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from peercoach.notifications import actions, outbox
from peercoach.notifications.models import OutgoingMessage, Status
from peercoach.notifications.smtp_sink import SmtpSink
from tests import factories

BASE_DIR = Path(settings.BASE_DIR)


def invite_people(org, count: int) -> list:
    program = factories.make_program(org)
    people = [factories.make_person(org, with_user=False) for _ in range(count)]
    for person in people:
        actions.queue_program_invitation(person, program)
    return people


def database_url_for_subprocesses(tmp_path: Path) -> str:
    """A URL other processes can open to reach this test's database (committed data)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        host = db["HOST"] or "127.0.0.1"
        return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    path = tmp_path / "workers.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    return f"sqlite:///{path}"


def statuses(url: str) -> dict[str, int]:
    query = "SELECT status, COUNT(*) FROM notifications_outgoingmessage GROUP BY status"
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return dict(db.execute(query).fetchall())
    with connection.cursor() as cursor:
        cursor.execute(query)
        return dict(cursor.fetchall())


def manage(url: str, port: int, *args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "peercoach.settings",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "NOTIFICATIONS_CLAIM_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL
    )


@pytest.mark.django_db(transaction=True)
def test_it_loses_and_duplicates_nothing_when_a_worker_is_killed_mid_batch(org, tmp_path):
    people = invite_people(org, 30)
    url = database_url_for_subprocesses(tmp_path)
    reached, release = threading.Event(), threading.Event()

    async def hold_the_eleventh(received: int) -> None:
        # The worker is waiting for the answer to MAIL FROM of message 11: the first ten were
        # accepted, and each was recorded as sent before the next one started.
        if received == 10 and not release.is_set():
            reached.set()
            while not release.is_set():
                await asyncio.sleep(0.02)

    with SmtpSink(on_mail=hold_the_eleventh) as sink:
        worker = manage(url, sink.port, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
        try:
            assert reached.wait(timeout=60), "the worker never got to message 11"
            worker.send_signal(signal.SIGKILL)
            assert worker.wait(timeout=10) == -signal.SIGKILL
        finally:
            release.set()
            worker.kill()
        assert len(sink.raw) == 10
        # The killed worker had claimed the whole batch: nothing else may send it until the
        # claim expires, and nothing of it is lost.
        assert statuses(url) == {Status.SENT: 10, Status.SENDING: 20}

        time.sleep(1.1)  # the claim expires (NOTIFICATIONS_CLAIM_SECONDS=1)
        # The next cron run finds the expired claims, enqueues delivery for the task workers and
        # (with --deliver, to spare this test another process start) sends them itself.
        rerun = manage(url, sink.port, "send_due_notifications", "--deliver")
        assert rerun.wait(timeout=60) == 0

        messages = sink.messages
    assert statuses(url) == {Status.SENT: 30}
    assert sorted(m["To"] for m in messages) == sorted(p.email for p in people)
    assert len({m["Message-ID"] for m in messages}) == 30


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="concurrent claims with SKIP LOCKED are proven on PostgreSQL (DATABASE_URL)",
)
@pytest.mark.django_db(transaction=True)
def test_it_sends_each_message_once_with_two_workers_at_once(org, smtp):
    people = invite_people(org, 120)
    start = threading.Barrier(2)
    handled: dict[str, int] = {}

    def work(name: str) -> None:
        start.wait()
        try:
            # Small batches, so that both workers get some of the 120 messages.
            handled[name] = outbox.deliver_all(name, batch_size=20)
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(name,)) for name in ("a", "b")]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=120)

    assert handled["a"] > 0 and handled["b"] > 0
    assert handled["a"] + handled["b"] == 120
    received = smtp.messages
    assert sorted(m["To"] for m in received) == sorted(p.email for p in people)
    assert len({m["Message-ID"] for m in received}) == 120
    assert OutgoingMessage.objects.filter(status=Status.SENT, attempts=1).count() == 120
