"""Exactly once when a worker dies at the worst moment, and leases that a live worker renews."""

from __future__ import annotations

import asyncio
import time

import pytest

from peercoach.notifications.models import Status
from peercoach.notifications.smtp_sink import SmtpSink
from tests.notifications.workers import (
    database_url_for_subprocesses,
    deliver_after_the_lease,
    invite_people,
    manage,
    statuses,
    worker_killed_at,
)


@pytest.mark.django_db(transaction=True)
def test_it_does_not_send_again_what_a_worker_killed_before_the_250_had_handed_over(org, tmp_path):
    people = invite_people(org, 30)
    url = database_url_for_subprocesses(tmp_path)

    # The server has the whole of message 11; the worker waits for its "250" and is killed.
    with worker_killed_at(url, on="data", count=11) as sink:
        assert statuses(url) == {Status.SENT: 10, Status.HANDED: 1, Status.SENDING: 19}
        deliver_after_the_lease(url, sink)
        messages = sink.messages

    # Message 11 arrived once and is not sent again; it is recorded as "perhaps sent".
    assert len(messages) == 30
    assert sorted(m["To"] for m in messages) == sorted(p.email for p in people)
    assert len({m["Message-ID"] for m in messages}) == 30
    assert statuses(url) == {Status.SENT: 29, Status.UNCERTAIN: 1}


@pytest.mark.django_db(transaction=True)
def test_it_keeps_a_slow_workers_claims_alive_so_nobody_else_sends_them(org, tmp_path):
    invite_people(org, 12)
    url = database_url_for_subprocesses(tmp_path)

    async def slow_server(received: int) -> None:
        await asyncio.sleep(0.4)  # 12 messages take ~5 s, far longer than the 1 s lease

    with SmtpSink(on_mail=slow_server) as sink:
        first = manage(url, sink.port, "send_due_notifications", "--deliver")
        time.sleep(2.5)  # the first worker's claims are older than the lease by now
        second = manage(url, sink.port, "send_due_notifications", "--deliver")
        assert first.wait(timeout=60) == 0 and second.wait(timeout=60) == 0
        messages = sink.messages

    assert len(messages) == 12
    assert len({m["Message-ID"] for m in messages}) == 12
    assert statuses(url) == {Status.SENT: 12}
