"""How often groups meet: running groups with their last and next session, and which are idle.

One rule for the idle-group nudge (notifications) and the program report (reports), so the two
never disagree.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, Q

from peercoach.coaching.models import SessionStatus
from peercoach.lib.dates import start_of
from peercoach.programs.models import Cadence, Group, Program, ProgramStatus


def running_groups(now: datetime, program_id: int | None = None, programs=None):
    """`programs`: a queryset of programs to limit to (a lead's dashboard), else all of them."""
    groups = Group.objects.published().filter(program__status=ProgramStatus.RUNNING)
    if program_id is not None:
        groups = groups.filter(program_id=program_id)
    if programs is not None:
        groups = groups.filter(program__in=programs.values("pk"))
    return groups.select_related("program").annotate(
        last_met=Max(
            "sessions__starts_at",
            filter=~Q(sessions__status=SessionStatus.CANCELLED) & Q(sessions__starts_at__lte=now),
        ),
        next_planned=Max(
            "sessions__starts_at",
            filter=Q(sessions__status=SessionStatus.PLANNED) & Q(sessions__starts_at__gt=now),
        ),
    )


def idle_groups(now: datetime, program_id: int | None = None, programs=None) -> list[Group]:
    """Groups of running programs with nothing planned that have not met for two cadence
    periods (since the program started, if they never met)."""
    idle = []
    for group in running_groups(now, program_id, programs):
        quiet_for = 2 * Cadence(group.program.cadence).period
        since = group.last_met or start_of(group.program.starts_on)
        if group.next_planned is None and since <= now - quiet_for:
            idle.append(group)
    return idle


def idle_group_ids(now: datetime, program_id: int) -> set[int]:
    """The program's groups that an idle-group nudge is about (for reports, the at-risk list):
    `idle_groups`' rule in one query that returns ids, not a model instance per group (5,000
    of them took a second at 10,000 people)."""
    program = Program.objects.filter(pk=program_id).values("cadence", "starts_on").first()
    if program is None:
        return set()
    cutoff = now - 2 * Cadence(program["cadence"]).period
    never_met_counts = start_of(program["starts_on"]) <= cutoff
    quiet = Q(last_met__lte=cutoff) | (
        Q(last_met__isnull=True) if never_met_counts else Q(pk__in=[])
    )
    return set(
        running_groups(now, program_id)
        .filter(quiet, next_planned__isnull=True)
        .values_list("pk", flat=True)
    )
