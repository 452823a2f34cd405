"""Leavers: who is in the organisation but no longer in a full participant file.

The preview of a participant file lists the organisation's active participants whose address is
not in it (only when every row of the file could be read: a row with a problem would otherwise
make its person look like a leaver). Admins and program leads are never on the list: a
participant file is not the list of who runs programs. Deactivating them, which tells their
groups, is `peercoach.privacy.leavers` (above notifications in the layering).
"""

from __future__ import annotations

from django.db.models import QuerySet

from peercoach.organisations.models import Person, Role
from peercoach.participants.importing import ImportPlan


def leavers(organisation, plan: ImportPlan) -> QuerySet[Person]:
    """Active participants of the organisation whose address the file does not hold."""
    if not plan.ok or plan.problems:
        return Person.objects.none()
    in_file = {record.email.lower() for record in plan.read.records if record.email}
    return (
        Person.objects.in_organisation(organisation)
        .active()
        .filter(role=Role.PARTICIPANT)
        .exclude(email__in=in_file)
        .order_by("name", "pk")
    )
