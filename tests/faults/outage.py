"""What the fault tests share: the workers' database URL through the proxy, waiting, and what the
outbox looked like when a test gave up."""

from __future__ import annotations

import time
from email import message_from_bytes, policy

from django.db import connection
from django.db.models import Count

from peercoach.notifications.models import OutgoingMessage
from tests.faults.proxy import CuttableProxy


def url_through(proxy: CuttableProxy) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@127.0.0.1:{proxy.port}/{db['NAME']}"


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def outbox_state() -> dict:
    """The outbox by (status, attempts), and what every session of the database is doing: when a
    test gives up, this says whether a worker waits on a lock and whose."""
    rows = OutgoingMessage.objects.values("status", "attempts").annotate(n=Count("id"))
    found: dict = {(row["status"], row["attempts"]): row["n"] for row in rows}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, state, wait_event_type, wait_event, xact_start, left(query, 200)"
            " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        found["sessions"] = cursor.fetchall()
    return found


def parsed(raw: list[bytes]) -> list:
    return [message_from_bytes(item, policy=policy.default) for item in raw]
