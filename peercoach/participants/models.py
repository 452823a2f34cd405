"""A participant file waiting between preview and confirm.

The raw bytes are kept (not the parsed rows) so confirm re-reads exactly what was previewed, in the
confirming user's language, against the organisation as it is at that moment. The bytes are
dropped once the import is done or cancelled; abandoned uploads are removed after a day.
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


class ImportUpload(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        DONE = "done", _("Imported")

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
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImportUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant file upload")
        verbose_name_plural = _("participant file uploads")

    def __str__(self) -> str:
        return self.filename
