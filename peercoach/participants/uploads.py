"""Uploads waiting between preview and confirm (web UI), and running a confirmed one."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peercoach.organisations.models import Person
from peercoach.participants.importing import (
    ImportOutcome,
    ImportPlan,
    apply_import,
    plan_import,
    read_for_organisation,
    stage_changes,
)
from peercoach.participants.models import ImportUpload, StagedChange

logger = logging.getLogger(__name__)


def start_upload(person: Person, filename: str, data: bytes, rows: int = 0) -> ImportUpload:
    """Keep a file for preview; replaces the person's earlier unconfirmed one."""
    with transaction.atomic():
        ImportUpload.objects.stale().delete()
        ImportUpload.objects.pending().filter(uploaded_by=person).delete()
        return ImportUpload.objects.create(
            organisation_id=person.organisation_id,
            uploaded_by=person,
            filename=filename[:255],
            data=data,
            progress_total=rows,
        )


def pending_upload_for(person: Person) -> ImportUpload | None:
    return (
        ImportUpload.objects.pending()
        .filter(uploaded_by=person, organisation_id=person.organisation_id)
        .select_related("organisation")
        .order_by("-pk")
        .first()
    )


def plan_upload(upload: ImportUpload) -> ImportPlan:
    result = read_for_organisation(upload.organisation, bytes(upload.data), upload.filename)
    return plan_import(upload.organisation, result)


def confirm_upload(upload: ImportUpload) -> tuple[ImportPlan, ImportOutcome | None]:
    """Re-read the stored file against the organisation as it is now, and import it if clean."""
    with transaction.atomic():
        plan = plan_upload(upload)
        if not plan.ok:
            return plan, None
        outcome = apply_import(upload.organisation, plan)
        _mark_done(upload, outcome)
    return plan, outcome


def _mark_done(upload: ImportUpload, outcome: ImportOutcome) -> None:
    upload.status = ImportUpload.Status.DONE
    upload.data = b""  # personal data is not kept once imported
    upload.added_count = outcome.added
    upload.changed_count = outcome.changed
    upload.save(update_fields=["status", "data", "added_count", "changed_count"])


def latest_import_for(person: Person) -> ImportUpload | None:
    """The person's import that runs, or the last one that ran in the worker (done or failed)."""
    return (
        ImportUpload.objects.filter(uploaded_by=person, organisation_id=person.organisation_id)
        .exclude(status=ImportUpload.Status.PENDING)
        .order_by("-pk")
        .first()
    )


def run_import(upload_id: int) -> ImportOutcome | None:
    """The worker's part: read, plan and stage in short transactions, then apply in one."""
    if not ImportUpload.objects.filter(pk=upload_id, status=ImportUpload.Status.QUEUED).update(
        status=ImportUpload.Status.RUNNING
    ):
        return None  # taken by another worker, or no longer queued
    upload = ImportUpload.objects.select_related("organisation").get(pk=upload_id)
    staged = None
    try:
        plan = plan_upload(upload)
        if not plan.ok:
            _fail(
                upload,
                ngettext(
                    "The file has %(count)d problem now (the organisation changed since the "
                    "preview); nothing was imported. Upload it again to see it.",
                    "The file has %(count)d problems now (the organisation changed since the "
                    "preview); nothing was imported. Upload it again to see them.",
                    len(plan.problems),
                )
                % {"count": len(plan.problems)},
            )
            return None
        total = len(plan.changed) + len(plan.added)

        def progress(done: int) -> None:
            ImportUpload.objects.filter(pk=upload_id).update(
                progress_done=done, progress_total=total
            )

        progress(0)
        staged = stage_changes(upload.organisation, plan, on_progress=progress)
        with transaction.atomic():
            outcome = apply_import(upload.organisation, plan, staged=staged)
            upload.progress_done = upload.progress_total = total
            upload.save(update_fields=["progress_done", "progress_total"])
            _mark_done(upload, outcome)
        return outcome
    except IntegrityError:
        _fail(
            upload,
            _(
                "Someone added people with the same email addresses while the import ran; "
                "nothing was imported. Upload the file again."
            ),
        )
        return None
    except Exception:
        logger.exception("Import of upload %s failed", upload_id)
        _fail(upload, _("The import failed; nothing was imported. Try again later."))
        raise
    finally:
        if staged is not None:
            StagedChange.objects.filter(batch=staged).delete()


def _fail(upload: ImportUpload, message: str) -> None:
    ImportUpload.objects.filter(pk=upload.pk).update(
        status=ImportUpload.Status.FAILED, error=message, data=b""
    )
