"""The lead's dashboard: per program its stage, the next setup step and a few counts.

Counts only, never what anyone wrote, under the reports' rule (`access.may_show_figures`): how
many people are enrolled and placed is structure and always shown; figures about what groups
do (idle groups, overdue action items, sessions this week) only once enough people take part
in the program (`access.memberships_taking_part`), as in the program report.

A fixed number of queries however many programs and people: every count is grouped by program
in the database, and kept until a write changes it (`programs.kept_figures`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Func, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from peercoach import access
from peercoach.coaching import rhythm
from peercoach.coaching.models import ActionItem, CoachingSession, SessionStatus
from peercoach.lib.dates import start_of
from peercoach.organisations.models import Person
from peercoach.programs import kept_figures
from peercoach.programs.models import (
    PUBLISHED,
    Enrolment,
    Group,
    GroupMember,
    Program,
    ProgramStatus,
    published_through,
)


@dataclass(frozen=True)
class Step:
    """One step of setting up a program: what it is, whether it is done, where it is done."""

    key: str
    label: Promise
    done: bool
    url: str


@dataclass
class ProgramCard:
    """One program on the dashboard. `idle_groups`, `overdue_actions` and `sessions_this_week`
    are None while too few people take part (the same rule as the program report)."""

    program: Program
    enrolled: int
    placed: int
    steps: list[Step]
    idle_groups: int | None
    overdue_actions: int | None
    sessions_this_week: int | None

    @property
    def unplaced(self) -> int:
        return self.enrolled - self.placed

    @property
    def shown(self) -> bool:
        return self.idle_groups is not None

    @property
    def next_step(self) -> Step | None:
        if self.program.status == ProgramStatus.CLOSED:
            return None
        return next((step for step in self.steps if not step.done), None)


@dataclass
class Dashboard:
    programs: list[ProgramCard]
    closed: int
    minimum: int

    @property
    def held_back(self) -> bool:
        return any(not card.shown for card in self.programs)


def _per_program(queryset: QuerySet, field: str, **counts) -> dict[int, dict]:
    return {row[field]: row for row in queryset.values(field).annotate(**counts).order_by()}


@dataclass(frozen=True)
class _Counts:
    """What the dashboard counts of one program: kept between requests (`kept_figures`)."""

    enrolled: int
    placed: int
    groups: int
    published: int
    sessions: int
    sessions_this_week: int
    overdue_actions: int
    taking_part: int
    idle_groups: int


def lead_dashboard(person: Person, now: datetime | None = None) -> Dashboard:
    """The programs `person` runs that are not closed yet, newest first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    runs = access.programs_run_by(person)
    closed_count = (
        runs.filter(status=ProgramStatus.CLOSED).order_by().values(n=Func("pk", function="COUNT"))
    )
    # The closed ones are counted in the same query (an uncorrelated subquery, evaluated once).
    programs = list(
        runs.exclude(status=ProgramStatus.CLOSED)
        .annotate(closed_total=Subquery(closed_count))
        .order_by("-starts_on", "name")
    )
    closed = (
        programs[0].closed_total if programs else runs.filter(status=ProgramStatus.CLOSED).count()
    )
    if not programs:
        return Dashboard([], closed, access.minimum_group_size())
    counts = kept_figures.kept(
        "dashboard", [program.pk for program in programs], (today,), lambda ids: _count(ids, now)
    )
    cards = []
    for program in programs:
        found = counts[program.pk]
        shown = access.may_show_figures(found.taking_part)
        cards.append(
            ProgramCard(
                program=program,
                enrolled=found.enrolled,
                placed=found.placed,
                steps=_steps(
                    program,
                    enrolled=found.enrolled,
                    groups=found.groups,
                    published=found.published,
                    sessions=found.sessions,
                ),
                idle_groups=found.idle_groups if shown else None,
                overdue_actions=found.overdue_actions if shown else None,
                sessions_this_week=found.sessions_this_week if shown else None,
            )
        )
    return Dashboard(cards, closed, access.minimum_group_size())


def _count(ids: list[int], now: datetime) -> dict[int, _Counts]:
    """Every count of these programs, each grouped by program in one query."""
    today = timezone.localdate(now)
    monday = today - timedelta(days=today.weekday())
    week = (start_of(monday), start_of(monday + timedelta(days=7)))
    enrolled = _per_program(
        Enrolment.objects.active().filter(program_id__in=ids), "program_id", n=Count("pk")
    )
    placed = _per_program(
        GroupMember.objects.placed().filter(group__program_id__in=ids),
        "group__program_id",
        n=Count("person_id", distinct=True),
    )
    groups = _per_program(
        Group.objects.filter(program_id__in=ids),
        "program_id",
        all=Count("pk"),
        published=Count("pk", filter=PUBLISHED),
    )
    sessions = _per_program(
        CoachingSession.objects.filter(
            published_through("group__"), group__program_id__in=ids
        ).exclude(status=SessionStatus.CANCELLED),
        "group__program_id",
        all=Count("pk"),
        week=Count("pk", filter=Q(starts_at__gte=week[0], starts_at__lt=week[1])),
    )
    overdue = _per_program(
        ActionItem.objects.filter(
            published_through("session__group__"),
            session__group__program_id__in=ids,
            done_at__isnull=True,
            due_on__lt=today,
        ),
        "session__group__program_id",
        n=Count("pk"),
    )
    taking_part = _per_program(
        access.memberships_taking_part().filter(group__program_id__in=ids),
        "group__program_id",
        n=Count("person_id", distinct=True),
    )
    idle: dict[int, int] = {}
    for _group, program_id in rhythm.idle_group_rows(
        now, programs=Program.objects.filter(pk__in=ids)
    ):
        idle[program_id] = idle.get(program_id, 0) + 1
    return {
        pk: _Counts(
            enrolled=enrolled.get(pk, {}).get("n", 0),
            placed=placed.get(pk, {}).get("n", 0),
            groups=groups.get(pk, {}).get("all", 0),
            published=groups.get(pk, {}).get("published", 0),
            sessions=sessions.get(pk, {}).get("all", 0),
            sessions_this_week=sessions.get(pk, {}).get("week", 0),
            overdue_actions=overdue.get(pk, {}).get("n", 0),
            taking_part=taking_part.get(pk, {}).get("n", 0),
            idle_groups=idle.get(pk, 0),
        )
        for pk in ids
    }


def _steps(program: Program, *, enrolled: int, groups: int, published: int, sessions: int):
    """Invite → enrol → match → publish → schedule, each with where it is done."""
    detail = reverse("programs:detail", args=[program.pk])
    matching = reverse("matching:program", args=[program.pk])
    return [
        Step("invite", _("Open enrolment"), program.status != ProgramStatus.DRAFT, detail),
        Step("enrol", _("Enrol people"), enrolled > 0, detail),
        Step("match", _("Match people into groups"), groups > 0, matching),
        Step("publish", _("Publish the groups"), published > 0, matching),
        Step("schedule", _("Plan the first sessions"), sessions > 0, detail),
    ]
