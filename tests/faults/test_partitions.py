"""The network between two sending workers and PostgreSQL fails the way real networks do: the
statement a case names reaches the server, then every worker's connection is gone, but the
server's side stays open (it never hears that its client left) for the rest of the test. After
3 s the database is reachable again, and all 400 messages must go out, each exactly once.

PostgreSQL only (see `proxy.py`); about 30-40 s per case on an idle machine. SQLite has no
connection that a network could cut (see `outbox.claim`).
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter

import pytest
from django.db import connection

from peercoach.notifications.models import OutgoingMessage, Status
from peercoach.notifications.smtp_sink import SmtpSink
from tests.faults.outage import outbox_state, parsed, url_through, wait_for
from tests.faults.proxy import CuttableProxy
from tests.notifications.workers import invite_people, manage, stop

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the partition is cut between the workers and PostgreSQL (DATABASE_URL)",
)

MESSAGES = 400
# Each worker claimed a batch of 100 at the start; the partition falls on the next matching
# statement after this many messages arrived.
ARM_AT = 150
# The workers' bound on a transaction left idle on the server (60 s by default), short here.
IDLE_IN_TRANSACTION_SECONDS = 3

CASES = [
    pytest.param(
        # The outbox's claim, the one statement that picks a whole batch. Before it was one
        # statement, the cut-off claim's transaction stayed open on the server with the batch's
        # 100 rows locked: the workers, which skip locked rows, never sent those 100.
        b"LIMIT 100 FOR UPDATE SKIP LOCKED",
        id="claim",
    ),
    pytest.param(
        # The mark "handed to SMTP", just before the DATA terminator: the server commits it, the
        # worker hears nothing and never sends the terminator. The mail server discarded the
        # message, but the row said HANDED, and the reconcile made it UNCERTAIN, never sent.
        b"SET \"status\" = 'handed'",
        id="handed",
    ),
    pytest.param(
        # The account a welcome link is made for, inserted inside get_or_create's transaction:
        # the server keeps the transaction open with the new username's index entry locked, and
        # the next worker to build that invitation waited on it for as long as the session
        # lived (hours, in production: until the server's keepalive notices).
        b'INSERT INTO "auth_user"',
        id="account-insert",
    ),
]


@pytest.mark.parametrize("statement", CASES)
@pytest.mark.django_db(transaction=True)
def test_a_partition_after_a_statement_loses_no_message_and_sends_none_twice(org, statement):
    people = invite_people(org, MESSAGES)
    proxy = CuttableProxy(int(connection.settings_dict["PORT"] or 5432), partition_on=statement)
    armed = threading.Event()

    async def arm(received: int) -> None:
        if received == ARM_AT and not armed.is_set():
            armed.set()
            proxy.arm_partition()

    bound = {"DATABASE_IDLE_IN_TRANSACTION_SECONDS": str(IDLE_IN_TRANSACTION_SECONDS)}
    worker_args = ("task_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2")
    with proxy, SmtpSink(on_data=arm) as sink:
        url = url_through(proxy)
        workers = [manage(url, sink.port, *worker_args, **bound) for _ in range(2)]
        scheduler = manage(url, sink.port, "send_due_notifications", "--loop", "0.5", **bound)
        processes = [*workers, scheduler]
        try:
            # Generous bounds for a busy machine.
            assert armed.wait(timeout=120), f"only {len(sink.raw)} sent before the partition"
            assert proxy.partitioned(timeout=60), f"no {statement!r} after message {ARM_AT}"
            sent_before = len(sink.raw)
            time.sleep(3)  # 3 s without a database
            proxy.restore()
            # A message whose send failed while the network was down is retried after the
            # outbox's backoff (2 min after a first attempt, 4 after a second): wait it out.
            assert wait_for(lambda: len(sink.raw) >= MESSAGES, 330), (
                f"only {len(sink.raw)} sent; outbox: {outbox_state()}"
            )
            time.sleep(1.5)  # a late duplicate would show up now
            still_running = [p.poll() is None for p in processes]
            raw = sink.raw
        finally:
            stop(processes)

    assert ARM_AT <= sent_before < MESSAGES
    assert still_running == [True, True, True]
    ids = Counter(message["Message-ID"] for message in parsed(raw))
    assert len(raw) == MESSAGES and len(ids) == MESSAGES and max(ids.values()) == 1
    assert sorted(m["To"] for m in parsed(raw)) == sorted(p.email for p in people)
    assert dict(Counter(OutgoingMessage.objects.values_list("status", flat=True))) == {
        Status.SENT: MESSAGES
    }
