"""Writing into a session. Callers have already checked membership through `access`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peercoach.coaching.models import (
    MAX_OBJECTIVES_PER_SESSION,
    ActionItem,
    CoachingSession,
    Entry,
    Section,
    SessionStatus,
)
from peercoach.organisations.models import Person


@transaction.atomic
def do_add_entry(session: CoachingSession, author: Person, section: str, text: str) -> Entry:
    if section == Section.OBJECTIVE:
        # Lock the session row so two members adding an objective at once can't exceed the limit.
        CoachingSession.objects.select_for_update().get(pk=session.pk)
        if session.entries.filter(section=Section.OBJECTIVE).count() >= MAX_OBJECTIVES_PER_SESSION:
            raise ValidationError(
                _("A session focuses on one or two objectives; this one has two already."),
                code="too_many_objectives",
            )
    return Entry.objects.create(session=session, author=author, section=section, text=text)


def do_add_action_item(
    session: CoachingSession, created_by: Person, owner: Person, text: str, due_on=None
) -> ActionItem:
    if not session.group.memberships.filter(person=owner).exists():
        raise ValidationError(_("An action belongs to a member of the group."), code="owner")
    return ActionItem.objects.create(
        session=session, created_by=created_by, owner=owner, text=text, due_on=due_on
    )


def do_toggle_action_item(item: ActionItem) -> ActionItem:
    item.done_at = None if item.done_at else timezone.now()
    item.save(update_fields=["done_at"])
    return item


def do_mark_held(session: CoachingSession) -> None:
    if session.status != SessionStatus.CANCELLED:
        session.status = SessionStatus.HELD
        session.save(update_fields=["status"])
