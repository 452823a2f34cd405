"""Deactivating, in one step, the leavers a participant file's preview listed
(`peercoach.participants.leavers`): they lose access at once (their sessions end) and the other
members of their groups are told by email that they no longer take part, in neutral words."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from peercoach.access import PUBLISHED
from peercoach.audit.log import Action, record
from peercoach.notifications.actions import queue_member_left, sync_group_calendars
from peercoach.organisations.models import Person
from peercoach.organisations.sessions import end_sessions_of
from peercoach.participants import leavers
from peercoach.participants.importing import ImportPlan
from peercoach.participants.models import ImportUpload
from peercoach.programs import kept_figures
from peercoach.programs.models import Group, ProgramStatus


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
    people = list(leavers.leavers(upload.organisation, plan).select_for_update())
    if sorted(person.pk for person in people) != sorted(expected):
        raise ValidationError(_("The list of people not in the file changed; check it again."))
    for person in people:
        groups = list(_their_groups(person))
        Person.objects.filter(pk=person.pk).update(is_active=False)
        kept_figures.changed(people=[person.pk])
        if person.user_id is not None:
            end_sessions_of(person.user)  # they lose access now, not when their cookie expires
        queue_member_left(person, groups)
        record(Action.PERSON_DEACTIVATED, target=person, detail="not in the participant file")
        for group in groups:
            sync_group_calendars(group.pk)  # their invitations are cancelled
    return len(people)
