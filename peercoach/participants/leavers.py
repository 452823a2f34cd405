"""Leavers: who is in the organisation but no longer in a full participant file.

The preview of a participant file lists the organisation's active participants whose address is
not in it (only when every row of the file could be read: a row with a problem would otherwise
make its person look like a leaver). An admin deactivates them in one step: they lose access at
once (their sessions end) and the other members of their groups are told by email that they no
longer take part, in neutral words. Admins and program leads are never on the list: a
participant file is not the list of who runs programs.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from peercoach.access import PUBLISHED
from peercoach.organisations.models import Person, Role
from peercoach.organisations.sessions import end_sessions_of
from peercoach.participants.importing import ImportPlan
from peercoach.participants.models import ImportUpload
from peercoach.programs.models import Group, ProgramStatus


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


def _their_groups(person: Person) -> QuerySet[Group]:
    return (
        Group.objects.filter(PUBLISHED, memberships__person=person)
        .exclude(program__status=ProgramStatus.CLOSED)
        .distinct()
    )


@transaction.atomic
def do_deactivate_leavers(upload: ImportUpload, plan: ImportPlan, expected: list[int]) -> int:
    """Deactivate the file's leavers; `expected` is the list the admin saw (it must still be the
    list, or nothing changes). Returns how many were deactivated."""
    from peercoach.notifications.actions import queue_member_left, sync_group_calendars

    people = list(leavers(upload.organisation, plan).select_for_update())
    if sorted(person.pk for person in people) != sorted(expected):
        raise ValidationError(_("The list of people not in the file changed; check it again."))
    for person in people:
        groups = list(_their_groups(person))
        Person.objects.filter(pk=person.pk).update(is_active=False)
        if person.user_id is not None:
            end_sessions_of(person.user)  # they lose access now, not when their cookie expires
        queue_member_left(person, groups)
        for group in groups:
            sync_group_calendars(group.pk)  # their invitations are cancelled
    return len(people)
