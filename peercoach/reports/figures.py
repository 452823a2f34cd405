"""The figures of the reports: counts only, never anything a member wrote.

Every function here runs a fixed number of queries however large the program or team: the
figures are grouped and counted by the database (conditional `Count`), not gathered per group.
Who may see which report is decided in `peercoach/access/`; these functions trust their caller.

A figure that describes one or two people is no figure but a statement about them, so every
figure here is held back (None, so no template can show it by mistake) unless it is about at
least `access.minimum_group_size()` people who take part (`access.memberships_taking_part`):
a group's row in a pairs program never shows, and a program's summary only once enough of its
people meet. When rows are held back, as many more are held back as it takes that the summary
minus the rows shown cannot be read as the figures of fewer people.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.db.models import Count, DateField, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from peercoach import access
from peercoach.coaching import rhythm
from peercoach.coaching.models import ActionItem, Attendance, CoachingSession, SessionStatus
from peercoach.growth.models import GoalStatus
from peercoach.lib.dates import start_of
from peercoach.lib.ordering import natural_key
from peercoach.organisations.models import Person
from peercoach.programs import kept_figures
from peercoach.programs.models import (
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
    """One group. `figures` and `idle` are None when the row is held back."""

    pk: int
    name: str
    members: int
    idle: bool | None
    figures: Figures | None

    @property
    def shown(self) -> bool:
        return self.figures is not None


@dataclass
class Month:
    month: date
    held: int = 0
    planned: int = 0
    cancelled: int = 0


@dataclass
class ProgramReport:
    """The figures of a program. `totals`, `idle_groups` and `months` are None when too few
    people take part; a goal count is None when too few owners have that status."""

    program: Program
    enrolled: int
    placed: int
    taking_part: int
    minimum: int
    groups: list[GroupRow]
    months: list[Month] | None
    totals: Figures | None
    idle_groups: int | None
    # (status label, count) for goals whose owner lets the lead see their status.
    goals_by_status: list[tuple[str, int | None]] = field(default_factory=list)
    rows_held_back: int = 0  # counted once with the rows, not on each view of thousands

    @property
    def shown(self) -> bool:
        return self.totals is not None

    @property
    def goals_held_back(self) -> bool:
        return any(count is None for _label, count in self.goals_by_status)


def program_report(program: Program, viewer: Person, now: datetime | None = None) -> ProgramReport:
    """The figures of a program, for `viewer`, who runs it. The counts are kept until a write
    changes them (`programs.kept_figures`); the goals' counts depend on who looks, so they are
    counted for each viewer."""
    now = now or timezone.now()
    counted = kept_figures.kept(
        "report",
        [program.pk],
        (timezone.localdate(now), access.minimum_group_size()),
        lambda _ids: {program.pk: _counted_report(program, now)},
    )[program.pk]
    return replace(
        counted,
        program=program,
        goals_by_status=[
            (GoalStatus(status).label, count)
            for status, count in access.goal_status_counts(
                viewer, program, counted.taking_part
            ).items()
        ],
    )


def _counted_report(program: Program, now: datetime) -> ProgramReport:
    today = timezone.localdate(now)
    groups = Group.objects.published().filter(program=program)
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
    # Joined to their sessions once (not an IN over the sessions' ids and a join besides).
    in_program = {"session__group__in": groups.values("pk")}
    for row in (
        Attendance.objects.filter(session__status=SessionStatus.HELD, **in_program)
        .values("session__group_id")
        .annotate(recorded=Count("pk"), present=Count("pk", filter=Q(present=True)))
    ):
        figures = per_group[row["session__group_id"]]
        figures.attendance_recorded, figures.attendance_present = row["recorded"], row["present"]
    for row in (
        ActionItem.objects.filter(**in_program)
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
    # Who takes part where, read once: per group for the rows, all of them for the summary.
    taking_part_pairs = set(
        access.memberships_taking_part()
        .filter(group__in=groups.values("pk"))
        .values_list("group_id", "person_id")
    )
    taking_part_per_group: dict[int, int] = defaultdict(int)
    for group_id, _person_id in taking_part_pairs:
        taking_part_per_group[group_id] += 1
    all_groups = list(
        # Members taking part: a leaver stays in the group's history, not in its size.
        groups.annotate(
            member_count=Count("memberships", filter=Q(memberships__person__is_active=True))
        )
        .order_by("pk")
        .values("pk", "name", "member_count")
    )
    # As the program page lists them: "Pair 2" before "Pair 10".
    all_groups.sort(key=lambda group: natural_key(group["name"]))
    shown = _groups_to_show(all_groups, taking_part_per_group)
    rows = [
        GroupRow(
            pk=group["pk"],
            name=group["name"],
            members=group["member_count"],
            idle=group["pk"] in idle if group["pk"] in shown else None,
            figures=per_group[group["pk"]] if group["pk"] in shown else None,
        )
        for group in all_groups
    ]
    taking_part = len({person_id for _group_id, person_id in taking_part_pairs})
    totals = None
    if access.may_show_figures(taking_part):
        totals = Figures()
        for group in all_groups:
            totals.add(per_group[group["pk"]])
    return ProgramReport(
        program=program,
        enrolled=program.enrolments.active().count(),
        placed=GroupMember.objects.placed()
        .filter(group__program=program)
        .values("person_id")
        .distinct()
        .count(),
        taking_part=taking_part,
        minimum=access.minimum_group_size(),
        groups=rows,
        months=_months(program, sessions) if totals is not None else None,
        totals=totals,
        idle_groups=len(idle) if totals is not None else None,
        rows_held_back=sum(1 for row in rows if not row.shown),
    )


def _groups_to_show(groups: list[dict], taking_part: dict[int, int]) -> set[int]:
    """Ids of the groups whose row may show figures: enough of their members take part, and
    the members of the rows held back are together enough that the program's totals minus
    the rows shown do not give away a small group's figures (smallest shown rows go first)."""
    shown = [g for g in groups if access.may_show_figures(taking_part.get(g["pk"], 0))]
    held_members = sum(g["member_count"] for g in groups if g not in shown)
    shown.sort(key=lambda g: (g["member_count"], g["pk"]))
    while shown and 0 < held_members < access.minimum_group_size():
        held_members += shown.pop(0)["member_count"]
    return {g["pk"] for g in shown}


def _idle_group_ids(program: Program, now: datetime) -> set[int]:
    """Ids of the groups that have not met for two cadence periods (the caller picks its own).

    The rule is the one the notifications app nudges groups with (`coaching.rhythm.idle_group_ids`),
    called rather than copied so the report and the nudge never disagree. It applies to running
    programs only: one query over this program's groups.
    """
    if program.status != ProgramStatus.RUNNING:
        return set()
    return rhythm.idle_group_ids(now, program.pk)


def _months(program: Program, sessions) -> list[Month]:
    """Sessions held, planned and cancelled per month of the program's run, in the viewer's time
    zone: one query grouped by month and status (one pass over the sessions, not three
    conditional counts per month over all of them)."""
    starts = []
    month = program.starts_on.replace(day=1)
    while month <= program.ends_on:
        starts.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    if not starts:
        return []
    end = (starts[-1] + timedelta(days=32)).replace(day=1)
    months = {first: Month(first) for first in starts}
    for row in (
        sessions.filter(starts_at__gte=start_of(starts[0]), starts_at__lt=start_of(end))
        .annotate(month=TruncMonth("starts_at", output_field=DateField()))
        .values("month", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        found = months.get(row["month"])
        if found is not None and row["status"] in SessionStatus.values:
            setattr(found, row["status"], row["n"])
    return list(months.values())


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
    # Taking part, not merely enrolled: the threshold cannot be padded with people who never
    # meet (`access.memberships_taking_part`).
    in_running_program = Exists(
        access.memberships_taking_part().filter(
            person_id=OuterRef("pk"), group__program__status=ProgramStatus.RUNNING
        )
    )
    counts = team.aggregate(people=Count("pk"), taking_part=Count("pk", filter=in_running_program))
    if not access.may_show_team_figures(counts["taking_part"]):
        return TeamReport(shown=False)
    their_groups = Group.objects.published().filter(
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
