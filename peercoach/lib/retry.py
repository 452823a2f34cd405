"""Waiting out a database outage in long-running processes (task worker, scheduler loop)."""

from __future__ import annotations

import contextlib
import logging
import time

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


def close_all_connections() -> None:
    """Drop this thread's connections, broken or not, so the next query opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DATABASE_DOWN):  # the server may have dropped it already
            connection.close()
