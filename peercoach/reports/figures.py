"""The figures of the reports: counts only, never anything a member wrote.

Every function here runs a fixed number of queries however large the program or team: the
figures are grouped and counted by the database (conditional `Count`), not gathered per group.
Who may see which report is decided in `peercoach/access.py`; these functions trust their caller.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from peercoach import access
from peercoach.coaching.models import ActionItem, Attendance, CoachingSession, SessionStatus
from peercoach.growth import visibility
from peercoach.growth.models import GoalStatus
from peercoach.notifications import scheduling
from peercoach.organisations.models import Person
from peercoach.programs.models import (
    Enrolment,
    EnrolmentStatus,
    Group,
    GroupMember,
    Program,
    ProgramStatus,
)

TEAM_WINDOW = timedelta(days=90)

HELD = Q(status=SessionStatus.HELD)
PLANNED = Q(status=SessionStatus.PLANNED)
CANCELLED = Q(status=SessionStatus.CANCELLED)


@dataclass
class Figures:
    """Sessions, attendance and action items of one group, or of a whole program."""

    held: int = 0
    planned: int = 0
    cancelled: int = 0
    attendance_present: int = 0
    attendance_recorded: int = 0
    actions_created: int = 0
    actions_done: int = 0
    actions_overdue: int = 0

    @property
    def attendance_rate(self) -> int | None:
        """Percentage of members present at held sessions whose attendance was recorded."""
        if not self.attendance_recorded:
            return None
        return round(100 * self.attendance_present / self.attendance_recorded)

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class GroupRow:
    pk: int
    name: str
    members: int
    idle: bool
    figures: Figures


@dataclass
class Month:
    month: date
    held: int = 0
    planned: int = 0
    cancelled: int = 0


@dataclass
class ProgramReport:
    program: Program
    enrolled: int
    placed: int
    groups: list[GroupRow]
    months: list[Month]
    totals: Figures
    # (status label, count) for goals whose owner lets the lead see their status.
    goals_by_status: list[tuple[str, int]] = field(default_factory=list)

    @property
    def idle_groups(self) -> int:
        return sum(1 for row in self.groups if row.idle)


def program_report(program: Program, viewer: Person, now: datetime | None = None) -> ProgramReport:
    """The figures of a program, for `viewer`, who runs it."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    groups = Group.objects.filter(access.PUBLISHED, program=program)
    sessions = CoachingSession.objects.filter(group__in=groups.values("pk"))

    per_group: dict[int, Figures] = defaultdict(Figures)
    for row in sessions.values("group_id").annotate(
        held=Count("pk", filter=HELD),
        planned=Count("pk", filter=PLANNED),
        cancelled=Count("pk", filter=CANCELLED),
    ):
        figures = per_group[row["group_id"]]
        figures.held, figures.planned, figures.cancelled = (
            row["held"],
            row["planned"],
            row["cancelled"],
        )
    for row in (
        Attendance.objects.filter(session__in=sessions.filter(HELD).values("pk"))
        .values("session__group_id")
        .annotate(recorded=Count("pk"), present=Count("pk", filter=Q(present=True)))
    ):
        figures = per_group[row["session__group_id"]]
        figures.attendance_recorded, figures.attendance_present = row["recorded"], row["present"]
    for row in (
        ActionItem.objects.filter(session__in=sessions.values("pk"))
        .values("session__group_id")
        .annotate(
            created=Count("pk"),
            done=Count("pk", filter=Q(done_at__isnull=False)),
            overdue=Count("pk", filter=Q(done_at__isnull=True, due_on__lt=today)),
        )
    ):
        figures = per_group[row["session__group_id"]]
        figures.actions_created, figures.actions_done, figures.actions_overdue = (
            row["created"],
            row["done"],
            row["overdue"],
        )

    idle = _idle_group_ids(program, now)
    rows = [
        GroupRow(
            pk=group["pk"],
            name=group["name"],
            members=group["member_count"],
            idle=group["pk"] in idle,
            figures=per_group[group["pk"]],
        )
        for group in groups.annotate(member_count=Count("memberships"))
        .order_by("name", "pk")
        .values("pk", "name", "member_count")
    ]
    totals = Figures()
    for row in rows:
        totals.add(row.figures)
    return ProgramReport(
        program=program,
        enrolled=program.enrolments.filter(status=EnrolmentStatus.ACTIVE).count(),
        placed=GroupMember.objects.filter(group__in=groups.values("pk"))
        .values("person_id")
        .distinct()
        .count(),
        groups=rows,
        months=_months(program, sessions),
        totals=totals,
        goals_by_status=[
            (GoalStatus(status).label, count)
            for status, count in visibility.goal_status_counts(viewer, program).items()
        ],
    )


def _idle_group_ids(program: Program, now: datetime) -> set[int]:
    """Ids of the groups that have not met for two cadence periods (the caller picks its own).

    The rule is the one the notifications app nudges groups with (`scheduling.idle_group_ids`),
    called rather than copied so the report and the nudge never disagree. It applies to running
    programs only: one query over this program's groups.
    """
    if program.status != ProgramStatus.RUNNING:
        return set()
    return scheduling.idle_group_ids(now, program.pk)


def _months(program: Program, sessions) -> list[Month]:
    """Sessions held, planned and cancelled per month of the program's run, in the viewer's time
    zone: one query of conditional counts (three per month), no per-row date arithmetic."""
    starts = []
    month = program.starts_on.replace(day=1)
    while month <= program.ends_on:
        starts.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    if not starts:
        return []
    bounds = [_start_of(day) for day in [*starts, (starts[-1] + timedelta(days=32)).replace(day=1)]]
    counts = {}
    for index in range(len(starts)):
        in_month = Q(starts_at__gte=bounds[index], starts_at__lt=bounds[index + 1])
        for name, status in (("held", HELD), ("planned", PLANNED), ("cancelled", CANCELLED)):
            counts[f"{name}_{index}"] = Count("pk", filter=in_month & status)
    row = sessions.aggregate(**counts)
    return [
        Month(first, row[f"held_{i}"], row[f"planned_{i}"], row[f"cancelled_{i}"])
        for i, first in enumerate(starts)
    ]


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


@dataclass
class TeamReport:
    """Figures about a manager's people. `shown` is False when too few take part: then every
    other figure is None, so a template cannot show them by mistake."""

    shown: bool
    people: int | None = None
    taking_part: int | None = None
    sessions_held: int | None = None
    sessions_scheduled: int | None = None

    @property
    def held_share(self) -> int | None:
        """Percentage of the sessions scheduled in the window (now past) that took place."""
        if not self.sessions_scheduled:
            return None
        return round(100 * self.sessions_held / self.sessions_scheduled)


def team_report(manager: Person, now: datetime | None = None) -> TeamReport:
    """Aggregate figures about the people reporting to `manager`, directly or indirectly."""
    now = now or timezone.now()
    team = access.people_reporting_to(manager)
    in_running_program = Exists(
        Enrolment.objects.filter(
            person_id=OuterRef("pk"),
            status=EnrolmentStatus.ACTIVE,
            program__status=ProgramStatus.RUNNING,
        )
    )
    counts = team.aggregate(people=Count("pk"), taking_part=Count("pk", filter=in_running_program))
    if not access.may_show_team_figures(counts["taking_part"]):
        return TeamReport(shown=False)
    their_groups = Group.objects.filter(
        access.PUBLISHED,
        program__status=ProgramStatus.RUNNING,
        memberships__person__in=team.filter(in_running_program).values("pk"),
    )
    sessions = CoachingSession.objects.filter(
        group__in=their_groups.values("pk"), starts_at__gte=now - TEAM_WINDOW, starts_at__lte=now
    ).aggregate(held=Count("pk", filter=HELD), scheduled=Count("pk"))
    return TeamReport(
        shown=True,
        people=counts["people"],
        taking_part=counts["taking_part"],
        sessions_held=sessions["held"],
        sessions_scheduled=sessions["scheduled"],
    )
