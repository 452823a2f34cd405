"""A participant file waiting between preview and confirm.

The raw bytes are kept (not the parsed rows) so confirm re-reads exactly what was previewed, in the
confirming user's language, against the organisation as it is at that moment. The bytes are
dropped once the import is done or cancelled; abandoned uploads are removed after a day.

A large import runs in the task worker (`IMPORT_BACKGROUND_FROM` rows on): the upload is then
queued, running (with its progress) and at last done or failed. The new values of the people it
changes are written to `StagedChange` rows first, in short transactions, so the one transaction
that changes people is short too (see `uploads.run_import`).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peercoach.organisations.models import Organisation, Person

KEEP_PENDING_FOR = timedelta(days=1)


class ImportUploadQuerySet(models.QuerySet):
    def pending(self) -> ImportUploadQuerySet:
        return self.filter(status=ImportUpload.Status.PENDING)

    def stale(self) -> ImportUploadQuerySet:
        return self.pending().filter(created_at__lt=timezone.now() - KEEP_PENDING_FOR)

    def in_progress(self) -> ImportUploadQuerySet:
        return self.filter(status__in=[ImportUpload.Status.QUEUED, ImportUpload.Status.RUNNING])


class ImportUpload(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        QUEUED = "queued", _("Waiting for the import to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Import failed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    uploaded_by = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    filename = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("file contents"), editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    added_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    # Progress of an import in the task worker: rows prepared out of the rows in the file.
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # Why a background import failed, in the language of the person who confirmed it.
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImportUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant file upload")
        verbose_name_plural = _("participant file uploads")

    def __str__(self) -> str:
        return self.filename

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class StagedChange(models.Model):
    """The new values of one person an import changes, before they are applied.

    `fields` lists the changed Person fields between commas (",name,job_title,"), so one UPDATE per
    field can select the rows that change it with a plain LIKE on any database.
    """

    # One import's rows (a new key per run, also for imports that have no upload).
    batch = models.UUIDField()
    person_id = models.BigIntegerField()
    fields = models.CharField(max_length=255)
    name = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    languages = models.JSONField(default=list)
    time_zone = models.CharField(max_length=64, blank=True)
    skills_offered = models.JSONField(default=list)
    skills_wanted = models.JSONField(default=list)
    experience_years = models.PositiveSmallIntegerField(null=True)
    role_preference = models.CharField(max_length=16, blank=True)
    manager_id = models.BigIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["batch", "person_id"], name="staged_change_batch_person")]
