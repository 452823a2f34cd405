"""Large participant imports in a task worker, so no web request waits on them."""

from __future__ import annotations

from django.utils import translation
from django_tasks import task

from peercoach.participants.uploads import run_import


@task()
def import_upload_task(upload_id: int, language: str) -> int:
    """Import a confirmed upload; messages about it are in the language of who confirmed it."""
    with translation.override(language):
        outcome = run_import(upload_id)
    return 0 if outcome is None else outcome.added + outcome.changed
