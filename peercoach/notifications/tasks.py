"""Background tasks, run by `manage.py task_worker` (django-tasks with the database backend).

The task queue only says "there is work"; the outbox is the source of truth. A task killed
mid-run leaves its django-tasks row in RUNNING for good, but the outbox rows it had claimed
expire and the next `send_due_notifications` run enqueues a fresh delivery task.
"""

from __future__ import annotations

import os
import socket

from django.conf import settings
from django.db import transaction
from django_tasks import task

from peercoach.notifications import outbox

# A delivery task hands over to a fresh one after this long, so one task never runs for hours.
TASK_SECONDS = 120


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@task()
def deliver_outbox() -> int:
    handled = outbox.deliver_all(worker_id(), max_seconds=TASK_SECONDS)
    if handled and outbox.due_count():
        deliver_outbox.enqueue()
    return handled


def kick_delivery(parallel: int | None = None) -> int:
    """Make sure up to `parallel` delivery tasks are waiting; returns how many were enqueued."""
    parallel = parallel or settings.NOTIFICATIONS_PARALLEL_DELIVERIES
    waiting = 0
    try:
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.ready().filter(task_path=deliver_outbox.module_path).count()
    except LookupError:  # pragma: no cover - another task backend
        pass
    missing = max(0, parallel - waiting)
    for _ in range(missing):
        deliver_outbox.enqueue()
    return missing


def kick_delivery_on_commit() -> None:
    transaction.on_commit(lambda: kick_delivery(1))
