"""Large imports in the task worker, so no web request waits on them."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from peercoach.participants.models import ImportUpload
from peercoach.participants.tasks import import_upload_task


def runs_in_background(upload: ImportUpload) -> bool:
    return upload.progress_total >= settings.IMPORT_BACKGROUND_FROM


def queue_import(upload: ImportUpload, language: str) -> bool:
    """Hand a large upload to the task worker; False when it was no longer waiting."""
    with transaction.atomic():
        taken = (
            ImportUpload.objects.pending()
            .filter(pk=upload.pk)
            .update(status=ImportUpload.Status.QUEUED, progress_done=0)
        )
        if taken:
            transaction.on_commit(lambda: import_upload_task.enqueue(upload.pk, language))
    return bool(taken)
