"""Waiting out a database outage in long-running processes (task worker, scheduler loop)."""

from __future__ import annotations

import contextlib
import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)


class Backoff:
    """Delays of 0.5 s, 1 s, 2 s, … up to `ceiling`, back to the start after a success."""

    def __init__(self, first: float = 0.5, ceiling: float = 30.0) -> None:
        self.first, self.ceiling = first, ceiling
        self.delay = first

    def reset(self) -> None:
        self.delay = self.first

    def wait_after(self, error: BaseException) -> None:
        logger.warning("Database unreachable (%s); trying again in %.1f s", error, self.delay)
        close_all_connections()
        time.sleep(self.delay)
        self.delay = min(self.delay * 2, self.ceiling)


# libpq's own bounds on network waits, for long-running workers on PostgreSQL. Without them a
# connection whose server vanished without a word (a network partition, a failed-over or frozen
# host: no FIN, no RST) leaves the worker in a socket read for hours (Linux keepalive starts
# after 2 h) and a connect to an unreachable host waits for the kernel's SYN retries (~2 min).
# With them the read fails after about 25 s of silence, the Backoff above takes over.
NETWORK_BOUNDS = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 25_000,  # ms: unacknowledged data (a query sent into the void)
}


# The server's side of a cut: a connection cut between two statements of a transaction leaves
# the server holding that transaction's locks until its own keepalive notices (two hours by
# default), and a worker that takes the same work over waits on them as long. Seen in the fault
# tests: a user row inserted, not yet committed, while a welcome link was built blocked every later
# run at that invitation. PostgreSQL ends a session idle in its transaction after this; the round
# planner, which computes inside its transaction on purpose, lifts it for that transaction.
IDLE_IN_TRANSACTION = "idle_in_transaction_session_timeout"


def bound_network_waits() -> None:
    """Give this process's PostgreSQL connections `NETWORK_BOUNDS` (those not set otherwise) and
    the server the bound on transactions left idle (`DATABASE_IDLE_IN_TRANSACTION_SECONDS`)."""
    idle_ms = settings.DATABASE_IDLE_IN_TRANSACTION_SECONDS * 1000
    for alias in connections:
        settings_dict = connections.settings[alias]
        if settings_dict["ENGINE"] == "django.db.backends.postgresql":
            options = settings_dict.setdefault("OPTIONS", {})
            for name, value in NETWORK_BOUNDS.items():
                options.setdefault(name, value)
            server = options.get("options", "")
            if idle_ms and IDLE_IN_TRANSACTION not in server:
                options["options"] = f"{server} -c {IDLE_IN_TRANSACTION}={idle_ms}".strip()
            connections[alias].settings_dict["OPTIONS"] = options


def close_all_connections() -> None:
    """Drop this thread's connections, broken or not, so the next query opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DATABASE_DOWN):  # the server may have dropped it already
            connection.close()
