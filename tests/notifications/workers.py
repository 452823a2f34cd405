"""Real worker processes for the exactly-once and fault tests: start them, and kill one at a chosen
moment of the SMTP conversation.

Shared by tests/notifications/test_workers.py, test_exactly_once.py and tests/faults/.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection

from peercoach.notifications import actions
from peercoach.notifications.smtp_sink import SmtpSink
from tests import factories

BASE_DIR = Path(settings.BASE_DIR)
# The workers run with NOTIFICATIONS_CLAIM_SECONDS=1 (see `manage`): a claim expires this soon.
LEASE_SECONDS = 1


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


def manage(url: str, port: int, *args: str, **env: str) -> subprocess.Popen:
    """`manage.py *args` in its own process, on `url`, sending to the SMTP server on `port`."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "peercoach.settings",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "NOTIFICATIONS_CLAIM_SECONDS": str(LEASE_SECONDS),
        "LOG_LEVEL": "WARNING",
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL
    )


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def worker_killed_at(url: str, *, on: str, count: int) -> Iterator[SmtpSink]:
    """A `db_worker --batch` sends to a sink that stops answering when `count` messages have
    arrived, at the `on` hook ("mail": the answer to MAIL FROM of the next message; "data": the
    "250" of the last one). The worker is killed with SIGKILL there; the sink runs on."""
    reached, release = threading.Event(), threading.Event()

    async def hold(received: int) -> None:
        if received == count and not release.is_set():
            reached.set()
            while not release.is_set():
                await asyncio.sleep(0.02)

    hooks = {"on_mail": hold} if on == "mail" else {"on_data": hold}
    with SmtpSink(**hooks) as sink:
        worker = manage(url, sink.port, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
        try:
            assert reached.wait(timeout=60), f"the worker never got to message {count + 1}"
            worker.send_signal(signal.SIGKILL)
            assert worker.wait(timeout=10) == -signal.SIGKILL
        finally:
            release.set()
            worker.kill()
        yield sink


def deliver_after_the_lease(url: str, sink: SmtpSink) -> None:
    """Once a dead worker's lease ran out, the next cron run (with --deliver, to spare another
    process start) reconciles and sends what is left."""
    time.sleep(LEASE_SECONDS + 0.1)
    rerun = manage(url, sink.port, "send_due_notifications", "--deliver")
    assert rerun.wait(timeout=60) == 0
