"""Participant file uploads are kept only as long as the import needs them: imported ones go
after RETENTION_IMPORT_UPLOADS_DAYS, abandoned ones after a day (as the import itself does).
Run with the daily sweep (`notifications.retention`), registered in `ParticipantsConfig.ready`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from peercoach.participants.models import ImportUpload


def sweep_uploads(now: datetime) -> int:
    days = timedelta(days=settings.RETENTION_IMPORT_UPLOADS_DAYS)
    done = Q(status=ImportUpload.Status.DONE, created_at__lt=now - days)
    removed, _ = ImportUpload.objects.filter(done).delete()
    stale, _ = ImportUpload.objects.stale().delete()
    return removed + stale
