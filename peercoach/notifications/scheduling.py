"""Which messages are due at a given moment.

`queue_due_messages(now)` looks at sessions, action items and groups and puts every message that
is due into the outbox under an idempotency key, so running it every minute (or twice at once, or
after a day of downtime) queues each message once. What is no longer useful is not queued: after
downtime only the nearest reminder before a session is sent, and nothing for a session that has
already begun.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from peercoach.coaching import rhythm
from peercoach.coaching.models import ActionItem, CoachingSession, SessionStatus
from peercoach.lib.dates import start_of
from peercoach.notifications.models import (
    Kind,
    NotificationPreference,
    OutgoingMessage,
    ProgramNotificationSettings,
    Status,
    reminder_minutes,
)
from peercoach.notifications.outbox import QueuedMessage, queue
from peercoach.programs.models import Cadence, Group, GroupMember

FOLLOW_UP_DELAY = timedelta(hours=1)
FOLLOW_UP_WINDOW = timedelta(days=2)
OVERDUE_LOOKBACK = timedelta(days=14)
DIGEST_EVERY = timedelta(days=7)


def reminder_offsets(
    program_settings: ProgramNotificationSettings | None = None,
) -> list[timedelta]:
    return sorted(timedelta(minutes=m) for m in reminder_minutes(program_settings))


def _members_by_group(group_ids) -> dict[int, list[int]]:
    members = defaultdict(list)
    for group_id, person_id in GroupMember.objects.filter(
        group_id__in=set(group_ids), person__is_active=True
    ).values_list("group_id", "person_id"):
        members[group_id].append(person_id)
    return members


def _published_sessions():
    return CoachingSession.objects.filter(group__in=Group.objects.published())


def due_reminder(
    starts_at: datetime, now: datetime, offsets: list[timedelta] | None = None
) -> timedelta | None:
    """The reminder due for a session starting at `starts_at`: the nearest one already reached.

    After downtime this is still only one: a day-before reminder is not sent an hour before.
    """
    if starts_at <= now:
        return None
    for offset in reminder_offsets() if offsets is None else offsets:
        if starts_at - offset <= now:
            return offset
    return None


def session_reminders(now: datetime) -> list[QueuedMessage]:
    default = reminder_offsets()
    chosen = {
        state.program_id: reminder_offsets(state)
        for state in ProgramNotificationSettings.objects.filter(reminder_minutes__isnull=False)
    }
    horizon = max((offsets[-1] for offsets in [default, *chosen.values()] if offsets), default=None)
    if horizon is None:
        return []
    sessions = list(
        _published_sessions()
        .filter(status=SessionStatus.PLANNED, starts_at__gt=now, starts_at__lte=now + horizon)
        .values_list("pk", "group_id", "group__program_id", "starts_at")
    )
    members = _members_by_group(group_id for _pk, group_id, _program, _starts in sessions)
    messages = []
    for session_pk, group_id, program_id, starts_at in sessions:
        offset = due_reminder(starts_at, now, chosen.get(program_id, default))
        if offset is None:
            continue
        minutes = int(offset.total_seconds() // 60)
        for person_id in members[group_id]:
            messages.append(
                QueuedMessage(
                    key=(
                        f"reminder:{session_pk}:{person_id}:{int(starts_at.timestamp())}:{minutes}"
                    ),
                    kind=Kind.SESSION_REMINDER,
                    person_id=person_id,
                    session_id=session_pk,
                    send_after=starts_at - offset,
                    expires_at=starts_at,
                    context={"starts_at": starts_at.isoformat(), "offset": minutes},
                )
            )
    return messages


def session_follow_ups(now: datetime) -> list[QueuedMessage]:
    sessions = _published_sessions().filter(
        status__in=[SessionStatus.PLANNED, SessionStatus.HELD],
        starts_at__gte=now - FOLLOW_UP_WINDOW,
        starts_at__lte=now,
    )
    sessions = [s for s in sessions if s.ends_at + FOLLOW_UP_DELAY <= now]
    members = _members_by_group(s.group_id for s in sessions)
    return [
        QueuedMessage(
            key=f"followup:{session.pk}:{person_id}",
            kind=Kind.SESSION_FOLLOW_UP,
            person_id=person_id,
            session_id=session.pk,
            send_after=session.ends_at + FOLLOW_UP_DELAY,
            expires_at=session.ends_at + FOLLOW_UP_WINDOW,
        )
        for session in sessions
        for person_id in members[session.group_id]
    ]


def overdue_action_items(now: datetime) -> list[QueuedMessage]:
    today = timezone.localdate(now)
    items = ActionItem.objects.filter(
        done_at__isnull=True,
        due_on__lt=today,
        due_on__gte=today - OVERDUE_LOOKBACK,
        session__group__in=Group.objects.published(),
        owner__is_active=True,
    ).values_list("pk", "owner_id", "due_on")
    return [
        QueuedMessage(
            key=f"overdue:{pk}:{due_on.isoformat()}",
            kind=Kind.ACTION_OVERDUE,
            person_id=owner_id,
            send_after=now,
            expires_at=now + timedelta(days=7),
            context={"item": pk, "due_on": due_on.isoformat()},
        )
        for pk, owner_id, due_on in items
    ]


def check_ins(now: datetime) -> list[QueuedMessage]:
    """Half-way through each cadence period, ask members what progress they made."""
    today = timezone.localdate(now)
    groups = [g for g in rhythm.running_groups(now) if g.last_met is not None]
    members = _members_by_group(g.pk for g in groups)
    messages = []
    for group in groups:
        period = Cadence(group.program.cadence).period.days
        index, day = divmod((today - group.program.starts_on).days, period)
        if index < 0 or day < period // 2:
            continue
        period_end = group.program.starts_on + timedelta(days=(index + 1) * period)
        for person_id in members[group.pk]:
            messages.append(
                QueuedMessage(
                    key=f"checkin:{group.pk}:{person_id}:{index}",
                    kind=Kind.CHECK_IN,
                    person_id=person_id,
                    send_after=now,
                    expires_at=start_of(period_end),
                    context={"group": group.pk},
                )
            )
    return messages


def idle_groups(now: datetime) -> list[QueuedMessage]:
    """A gentle nudge, once per quiet spell, when a group has not met for two cadence periods."""
    messages = []
    groups = rhythm.idle_groups(now)
    members = _members_by_group(g.pk for g in groups)
    for group in groups:
        spell = int(group.last_met.timestamp()) if group.last_met else 0
        for person_id in members[group.pk]:
            messages.append(
                QueuedMessage(
                    key=f"idle:{group.pk}:{person_id}:{spell}",
                    kind=Kind.GROUP_IDLE,
                    person_id=person_id,
                    send_after=now,
                    expires_at=now + timedelta(days=7),
                    context={"group": group.pk},
                )
            )
    return messages


def digests(now: datetime) -> int:
    """Bundle held messages of people who chose the digest, once a week."""
    queued = 0
    people = NotificationPreference.objects.filter(digest=True).values_list("person_id", flat=True)
    for person_id in people:
        held = OutgoingMessage.objects.filter(person_id=person_id, status=Status.HELD)
        oldest = held.order_by("created_at").values_list("created_at", flat=True).first()
        if oldest is None or oldest > now - DIGEST_EVERY:
            continue
        year, week, _day = now.isocalendar()
        with transaction.atomic():
            pks = list(held.values_list("pk", flat=True))
            added = queue(
                [
                    QueuedMessage(
                        key=f"digest:{person_id}:{year}-{week}",
                        kind=Kind.DIGEST,
                        person_id=person_id,
                        send_after=now,
                        context={"messages": pks},
                    )
                ]
            )
            if added:
                OutgoingMessage.objects.filter(pk__in=pks, status=Status.HELD).update(
                    status=Status.SKIPPED, skip_reason="in_digest"
                )
            queued += added
    return queued


PLANNERS = [session_reminders, session_follow_ups, overdue_action_items, check_ins, idle_groups]


def queue_due_messages(now: datetime | None = None) -> int:
    """Queue every message due at `now`. Safe to run any number of times."""
    now = now or timezone.now()
    queued = 0
    for planner in PLANNERS:
        queued += queue(planner(now))
    queued += digests(now)
    return queued
