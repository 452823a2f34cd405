"""Writing into a session. Callers have already checked membership through `access`.

Scheduling, moving, cancelling a session or marking it held updates its members' calendars
(`notifications.actions.sync_session_calendar`) in the same transaction: these actions sit
above notifications in the layering (coaching's records below it), so they call it directly.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peercoach.coaching.models import (
    MAX_OBJECTIVES_PER_SESSION,
    ActionItem,
    Attendance,
    CoachingSession,
    Entry,
    Section,
    SessionStatus,
)
from peercoach.notifications.actions import sync_session_calendar
from peercoach.organisations.models import Person
from peercoach.programs import kept_figures
from peercoach.programs.models import Cadence, Group


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


def check_begun(session: CoachingSession) -> None:
    """A session in the future cannot have been held: it begins `BEGINS_EARLY` before its start."""
    if not session.has_begun:
        raise ValidationError(
            _(
                "This session has not begun yet. From %(time)s (half an hour before it starts) "
                "you can run it, mark it as held and record who took part."
            )
            % {"time": date_format(timezone.localtime(session.opens_at), "DATETIME_FORMAT")},
            code="not_begun",
        )


@transaction.atomic
def do_mark_held(session: CoachingSession) -> None:
    check_begun(session)
    if session.status != SessionStatus.CANCELLED:
        session.status = SessionStatus.HELD
        session.save(update_fields=["status"])
        sync_session_calendar(session)


MAX_SERIES = 26


@transaction.atomic
def do_schedule_series(
    group: Group, first: CoachingSession, count: int, time_zone: str
) -> list[CoachingSession]:
    """Schedule `first` and `count - 1` more on the program's cadence, at the same local time.

    The wall-clock time stays the same across a daylight-saving switch (10:00 stays 10:00).
    """
    if not 1 <= count <= MAX_SERIES:
        raise ValidationError(
            _("A series has between 1 and %(max)d sessions.") % {"max": MAX_SERIES},
            code="series",
        )
    zone = ZoneInfo(time_zone)
    local_start = first.starts_at.astimezone(zone).replace(tzinfo=None)
    step = Cadence(group.program.cadence).step
    sessions = []
    for number in range(count):
        local = local_start + step * number
        session = CoachingSession.objects.create(
            group=group,
            starts_at=local.replace(tzinfo=zone),
            duration_minutes=first.duration_minutes,
            location=first.location,
            video_url=first.video_url,
        )
        sync_session_calendar(session)
        sessions.append(session)
    return sessions


@transaction.atomic
def do_cancel(session: CoachingSession) -> None:
    if session.status == SessionStatus.PLANNED:
        session.status = SessionStatus.CANCELLED
        session.save(update_fields=["status"])
        sync_session_calendar(session)


class EditConflict(Exception):
    """Someone saved the session after this form was loaded; `current` is what they saved."""

    def __init__(self, current: CoachingSession) -> None:
        super().__init__("the session changed meanwhile")
        self.current = current


RESCHEDULE_FIELDS = ["starts_at", "duration_minutes", "location", "video_url"]


@transaction.atomic
def do_reschedule(session_pk: int, changes: dict, seen_version: int) -> CoachingSession:
    """Save a new time or place, unless someone else saved one since `seen_version`.

    The row lock makes check-and-save one step: of two members saving at once, the second sees
    the first one's version and gets `EditConflict` instead of silently overwriting it.
    """
    current = CoachingSession.objects.select_for_update().get(pk=session_pk)
    if current.status != SessionStatus.PLANNED:
        raise ValidationError(_("Only a planned session can be rescheduled."), code="status")
    if current.version != seen_version:
        raise EditConflict(current)
    for field in RESCHEDULE_FIELDS:
        setattr(current, field, changes[field])
    current.version += 1
    current.save(update_fields=[*RESCHEDULE_FIELDS, "version"])
    sync_session_calendar(current)
    return current


@transaction.atomic
def do_record_attendance(
    session: CoachingSession, marks: dict[int, bool], seen: dict[int, bool] | None = None
) -> None:
    """Record who took part, person by person.

    `marks` holds the persons the form named, `seen` what the form showed for them when it was
    loaded. A recorded mark changes only when this form changed it, so two members marking
    themselves at the same time both keep their mark (a full replace kept only the last form).
    """
    seen = seen or {}
    members = set(session.roll().values_list("person_id", flat=True))
    marks = {pk: present for pk, present in marks.items() if pk in members}
    check_begun(session)
    Attendance.objects.bulk_create(
        [Attendance(session=session, person_id=pk, present=value) for pk, value in marks.items()],
        ignore_conflicts=True,
    )
    for value in (True, False):
        changed = [pk for pk, v in marks.items() if v == value and seen.get(pk) != value]
        if changed:
            Attendance.objects.filter(session=session, person_id__in=changed).update(present=value)
    kept_figures.changed(groups=[session.group_id])
    if any(marks.values()):
        do_mark_held(session)
