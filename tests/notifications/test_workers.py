"""Exactly once with real workers: two at a time on PostgreSQL, and one killed mid-batch."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection

from peercoach.notifications import outbox
from peercoach.notifications.models import OutgoingMessage, Status
from tests.notifications.workers import (
    database_url_for_subprocesses,
    deliver_after_the_lease,
    invite_people,
    statuses,
    worker_killed_at,
)


@pytest.mark.django_db(transaction=True)
def test_it_loses_and_duplicates_nothing_when_a_worker_is_killed_mid_batch(org, tmp_path):
    people = invite_people(org, 30)
    url = database_url_for_subprocesses(tmp_path)

    # The worker is killed waiting for the answer to MAIL FROM of message 11: the first ten were
    # accepted, and each was recorded as sent before the next one started.
    with worker_killed_at(url, on="mail", count=10) as sink:
        assert len(sink.raw) == 10
        # The killed worker had claimed the whole batch: nothing else may send it until the
        # claim expires, and nothing of it is lost.
        assert statuses(url) == {Status.SENT: 10, Status.SENDING: 20}
        # The next cron run finds the expired claims and sends them.
        deliver_after_the_lease(url, sink)
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
