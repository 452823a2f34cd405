"""How long a program keeps what its groups wrote in their sessions, and the sweep that deletes it.

A closed program's session notes (entries, action items with their follow-up decisions,
contributions and insights) are deleted `session_content_months` after the day a lead closed
the program (`Program.closed_on`; its end date for programs closed before that was kept): the
program's own period (`ProgramRetention`) or else the organisation's (`PrivacySettings`).
The sessions themselves, who took part and the groups stay, so counts and reports still add up;
journal entries shared into a session stay in their author's journal, no longer shared.

The sweep runs daily with the other retention work (`notifications.retention.sweep`).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from peercoach.lib.relations import NOT_READ, read_along
from peercoach.programs.models import Program, ProgramStatus


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_for(program: Program) -> int:
    from peercoach.privacy.models import PrivacySettings, ProgramRetention

    own = read_along(program, "retention")
    if own is NOT_READ:
        own = ProgramRetention.objects.filter(program=program).first()
    if own is not None and own.session_content_months:
        return own.session_content_months
    return PrivacySettings.of(program.organisation).session_content_months


def closed_on(program: Program) -> date | None:
    if program.status != ProgramStatus.CLOSED:
        return None
    return program.closed_on or program.ends_on


def content_deleted_on(program: Program) -> date | None:
    """The day the closed program's session notes are deleted; None while it is not closed."""
    closed = closed_on(program)
    return add_months(closed, months_for(program)) if closed is not None else None


def _session_content(program: Program) -> list:
    from peercoach.coaching.models import ActionItem, Entry
    from peercoach.methods.models import Contribution, Insight

    return [
        model.objects.filter(session__group__program=program)
        for model in (Entry, ActionItem, Contribution, Insight)
    ]


def delete_session_content(program: Program) -> int:
    """Delete what the program's groups wrote in their sessions; returns how many rows went."""
    from peercoach.growth.models import JournalEntry
    from peercoach.privacy.models import ProgramRetention

    with transaction.atomic():
        JournalEntry.objects.filter(shared_in__group__program=program).update(shared_in=None)
        removed = sum(queryset.delete()[0] for queryset in _session_content(program))
        ProgramRetention.objects.update_or_create(
            program=program, defaults={"content_deleted_at": timezone.now()}
        )
    return removed


def sweep_at(now: datetime) -> int:
    """The daily sweep's part (`notifications.retention.add_sweep`)."""
    return sweep_session_content(timezone.localdate(now))


def sweep_session_content(today: date | None = None) -> int:
    """Delete the session notes of every closed program whose period is over."""
    today = today or timezone.localdate()
    removed = 0
    closed = Program.objects.filter(status=ProgramStatus.CLOSED).exclude(
        retention__content_deleted_at__isnull=False
    )
    for program in closed.select_related("organisation"):
        deleted_on = content_deleted_on(program)
        if deleted_on is not None and deleted_on <= today:
            removed += delete_session_content(program)
    return removed
