"""The figures the privacy page states, read from the settings that enforce them, so the page
is true whatever an operator configured."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from peercoach import access
from peercoach.audit import retention as audit_retention


@dataclass(frozen=True)
class Facts:
    minimum_group: int
    session_idle_hours: float
    session_absolute_days: float
    password_link_days: float
    library_file_bytes: int
    library_organisation_bytes: int
    outbox_days: int
    import_upload_days: int
    audit_days: int
    session_content_months: int
    # True when the figure is the reader's organisation's own choice, else the installation's.
    for_organisation: bool


def _plain(number: float) -> float | int:
    return int(number) if float(number).is_integer() else round(number, 1)


def organisation_months(organisation) -> int:
    from peercoach.privacy.models import PrivacySettings

    return PrivacySettings.of(organisation).session_content_months


def facts(organisation=None) -> Facts:
    """The figures, with the session-notes period of the reader's organisation if they have one."""
    months = (
        organisation_months(organisation)
        if organisation is not None
        else settings.RETENTION_SESSION_CONTENT_MONTHS
    )
    return Facts(
        minimum_group=access.minimum_group_size(),
        session_idle_hours=_plain(settings.SESSION_IDLE_SECONDS / 3600),
        session_absolute_days=_plain(settings.SESSION_ABSOLUTE_SECONDS / 86400),
        password_link_days=_plain(settings.PASSWORD_RESET_TIMEOUT / 86400),
        library_file_bytes=settings.LIBRARY_MAX_FILE_BYTES,
        library_organisation_bytes=settings.LIBRARY_MAX_ORGANISATION_BYTES,
        outbox_days=settings.RETENTION_OUTBOX_DAYS,
        import_upload_days=settings.RETENTION_IMPORT_UPLOADS_DAYS,
        audit_days=audit_retention.retention_days(),
        session_content_months=months,
        for_organisation=organisation is not None,
    )
