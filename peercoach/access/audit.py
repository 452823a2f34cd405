"""The audit log (peercoach/audit): only an organisation's admins read it, and only their own
organisation's entries. Entries hold no content, but who did what to whom is for the admins."""

from __future__ import annotations

from django.db.models import QuerySet

from peercoach.access.core import require_organisation_admin
from peercoach.audit.models import AuditEntry
from peercoach.organisations.models import Person


def audit_entries_for(person: Person) -> QuerySet[AuditEntry]:
    """The entries of the person's organisation, if they administer it; else Http404."""
    admin = require_organisation_admin(person)
    return AuditEntry.objects.filter(organisation_id=admin.organisation_id)
