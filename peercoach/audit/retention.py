"""The one way audit entries leave the log: the daily sweep, for entries older than the retention.

Entries (with the address a change came from) are kept RETENTION_AUDIT_DAYS, at least
AUDIT_MINIMUM_DAYS; `models.AuditEntry` refuses every other change or removal. On PostgreSQL the
trigger (migration 0003) lets a DELETE through only inside this sweep's transaction, which names
its cut-off (`SET LOCAL peercoach.audit_sweep_before`), and only for rows older than the cut-off
and than AUDIT_MINIMUM_DAYS whatever the cut-off says.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from peercoach.audit.models import AuditEntry

AUDIT_MINIMUM_DAYS = 30


def retention_days() -> int:
    return max(settings.RETENTION_AUDIT_DAYS, AUDIT_MINIMUM_DAYS)


def sweep(now: datetime | None = None) -> int:
    """Delete the entries older than the retention; returns how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('peercoach.audit_sweep_before', %s, true)",
                    [cutoff.isoformat()],
                )
        expired = AuditEntry.objects.filter(at__lt=cutoff)
        removed, _ = models.QuerySet.delete(expired)
    return removed
