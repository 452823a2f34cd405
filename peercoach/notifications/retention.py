"""Operational data is kept only as long as it is useful (a daily sweep).

- Outbox rows that are done (sent, skipped, failed, perhaps sent) lose what they said after
  `RETENTION_OUTBOX_DAYS`: subject, address, context and errors are cleared, the idempotency key
  stays so the same message is never queued and sent again. The keys themselves go after
  `RETENTION_OUTBOX_KEYS_DAYS`.
- Finished task rows (django-tasks-db: successful or failed, and ones a killed worker left
  running) after `RETENTION_TASKS_DAYS`.
- What apps above this one register with `add_sweep`: `peercoach.participants` (participant
  file uploads: imported ones after `RETENTION_IMPORT_UPLOADS_DAYS`, abandoned ones after a
  day), `peercoach.privacy` (what the groups of a closed program wrote in their sessions, once
  the program's retention period is over).
- Audit log entries after `RETENTION_AUDIT_DAYS` (`peercoach.audit.retention`, the only way
  they are ever deleted).

`send_due_notifications --loop` runs `sweep_if_due()` once a day; `manage.py
sweep_operational_data` runs it by hand or from cron.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from peercoach.audit import retention as audit_retention
from peercoach.notifications.models import OutgoingMessage, Status

FINISHED = [Status.SENT, Status.SKIPPED, Status.FAILED, Status.UNCERTAIN]
SWEEP_EVERY_SECONDS = 24 * 3600
_last_sweep: float | None = None


def _days(name: str) -> timedelta:
    return timedelta(days=getattr(settings, name))


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Remove what has been kept long enough; returns how many rows went, per kind."""
    now = now or timezone.now()
    finished = OutgoingMessage.objects.filter(status__in=FINISHED).annotate(
        done_at=Coalesce("sent_at", "claimed_at", "created_at")
    )
    keys_removed, _ = finished.filter(
        done_at__lt=now - _days("RETENTION_OUTBOX_KEYS_DAYS")
    ).delete()
    scrubbed = (
        finished.filter(done_at__lt=now - _days("RETENTION_OUTBOX_DAYS"))
        .exclude(subject="", to_email="", context={}, last_error="", message_id="")
        .update(subject="", to_email="", context={}, last_error="", message_id="")
    )
    return {
        "outbox_scrubbed": scrubbed,
        "outbox_removed": keys_removed,
        "tasks_removed": _sweep_tasks(now),
        "audit_entries_removed": audit_retention.sweep(now),
        **{name: sweep_more(now) for name, sweep_more in _more_sweeps.items()},
    }


# Sweeps of apps above this one (they may not be imported from here), by the name of their count.
_more_sweeps: dict[str, Callable[[datetime], int]] = {}


def add_sweep(name: str, sweep_more: Callable[[datetime], int]) -> None:
    """Run `sweep_more(now)` with the daily sweep; its count is reported as `name`."""
    _more_sweeps[name] = sweep_more


def _sweep_tasks(now: datetime) -> int:
    try:
        from django_tasks_db.models import DBTaskResult
    except LookupError:  # pragma: no cover - another task backend
        return 0
    cutoff = now - _days("RETENTION_TASKS_DAYS")
    finished = Q(finished_at__lt=cutoff)
    left_running = Q(finished_at__isnull=True, started_at__lt=cutoff)
    removed, _ = DBTaskResult.objects.filter(finished | left_running).delete()
    return removed


def sweep_if_due() -> dict[str, int] | None:
    """Sweep at the first call of a process and then once a day."""
    global _last_sweep
    if _last_sweep is not None and time.monotonic() - _last_sweep < SWEEP_EVERY_SECONDS:
        return None
    result = sweep()
    _last_sweep = time.monotonic()
    return result
