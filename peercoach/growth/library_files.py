"""Files shared in the library: how much may be uploaded, and how they are served.

An upload is never shown by the browser as a page of ours: every download is an attachment with
a plain file name, `nosniff`, and a content type from a short list of harmless ones (anything
else is `application/octet-stream`). So a file named `x.html` full of script is saved, not run.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, Sum
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from peercoach.growth.models import LibraryItem
from peercoach.organisations.models import Organisation

ALLOWED_SUFFIXES = {".pdf", ".docx", ".pptx", ".xlsx", ".odt", ".txt", ".md", ".png", ".jpg"}
# Types a browser handles without running anything of ours; still sent as attachments.
SAFE_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
FALLBACK_CONTENT_TYPE = "application/octet-stream"


def stored_bytes(organisation: Organisation) -> int:
    """What the organisation's library files take up, in bytes (one query)."""
    items = LibraryItem.objects.filter(
        Q(group__program__organisation=organisation) | Q(program__organisation=organisation)
    )
    return items.aggregate(total=Sum("file_size"))["total"] or 0


def check_upload(organisation: Organisation, upload: UploadedFile) -> None:
    """Raise a translated ValidationError when the file is of the wrong kind or too large,
    alone (`LIBRARY_MAX_FILE_BYTES`) or with what the organisation stored already
    (`LIBRARY_MAX_ORGANISATION_BYTES`)."""
    if PurePath(upload.name or "").suffix.lower() not in ALLOWED_SUFFIXES:
        raise ValidationError(_("Upload a PDF, office document, text file or image."), code="type")
    if upload.size > settings.LIBRARY_MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(limit)s.")
            % {"limit": filesizeformat(settings.LIBRARY_MAX_FILE_BYTES)},
            code="size",
        )
    used = stored_bytes(organisation)
    if used + upload.size > settings.LIBRARY_MAX_ORGANISATION_BYTES:
        raise ValidationError(
            _(
                "Your organisation's library is full: it may hold %(limit)s and %(used)s is in "
                "use. Ask an admin to make room, or share a link instead."
            )
            % {
                "limit": filesizeformat(settings.LIBRARY_MAX_ORGANISATION_BYTES),
                "used": filesizeformat(used),
            },
            code="quota",
        )


def download_name(stored_name: str) -> str:
    """A plain ASCII file name for the download: letters, digits, dot, dash and underscore."""
    name = PurePath(stored_name.replace("\\", "/")).name
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "file"
    return name[-100:]


def content_type_for(stored_name: str) -> str:
    return SAFE_CONTENT_TYPES.get(PurePath(stored_name).suffix.lower(), FALLBACK_CONTENT_TYPE)


def file_response(item: LibraryItem) -> FileResponse:
    """The item's file as a download, never rendered (see the module docstring)."""
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=download_name(item.file.name),
        content_type=content_type_for(item.file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser render it after all, it runs nothing and reaches nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
