"""The health app's messages, sent through the notifications outbox.

- `member_away`: the group is told, in neutral words, that someone takes a break or left.
- `commitment_check`: on an action item's due date, its owner is asked "done / partly / not yet";
  each answer is a signed single-use link (no sign-in). The item's text goes to its owner only.
- `end_survey`: when a program closes (or its end date passes), everyone still enrolled is asked
  once whether they would recommend it and what it brought them.
- `at_risk_weekly`: on Mondays, each lead of a running program with groups needing attention gets
  the list (group names and reasons: structure, never who said what).

`register()` (from `HealthConfig.ready`) adds the builders and planners to the notifications app,
and a check that holds back reminders and nudges for someone on a break.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from peercoach import access
from peercoach.coaching.models import ActionItem
from peercoach.health import figures
from peercoach.health.models import (
    Absence,
    AbsenceKind,
    CommitmentAnswer,
    CommitmentCheck,
    SurveyAnswer,
)
from peercoach.lib import links
from peercoach.notifications import builders, scheduling
from peercoach.notifications.builders import Built, Skip
from peercoach.notifications.models import Kind, OutgoingMessage
from peercoach.notifications.outbox import QueuedMessage
from peercoach.programs.models import (
    Enrolment,
    Format,
    Group,
    GroupMember,
    Program,
    ProgramStatus,
)

# Kinds that are news about the program's sessions: not sent to someone on a break from it.
PAUSABLE_KINDS = {
    Kind.SESSION_REMINDER,
    Kind.CHECK_IN,
    Kind.GROUP_IDLE,
    Kind.SESSION_FOLLOW_UP,
    Kind.ACTION_OVERDUE,
    Kind.COMMITMENT_CHECK,
}
_PAUSE_CACHE_SECONDS = 60
_pauses: dict = {"at": 0.0, "day": None, "pairs": frozenset()}


def _paused_pairs() -> frozenset[tuple[int, int]]:
    """(person, program) of today's breaks; read at most once a minute per worker."""
    today = timezone.localdate()
    if _pauses["day"] != today or time.monotonic() - _pauses["at"] > _PAUSE_CACHE_SECONDS:
        _pauses["pairs"] = frozenset(
            Absence.objects.filter(
                kind=AbsenceKind.PAUSE, starts_on__lte=today, ends_on__gte=today
            ).values_list("person_id", "program_id")
        )
        _pauses["at"], _pauses["day"] = time.monotonic(), today
    return _pauses["pairs"]


def forget_pauses() -> None:
    _pauses["day"] = None


def suppress_while_paused(message: OutgoingMessage, program_id: int | None) -> str | None:
    if message.kind not in PAUSABLE_KINDS or program_id is None:
        return None
    if (message.person_id, program_id) in _paused_pairs():
        return "paused"
    return None


def build_member_away(message: OutgoingMessage) -> Built | Skip:
    group = Group.objects.select_related("program").filter(pk=message.context["group"]).first()
    absence = Absence.objects.select_related("person").filter(pk=message.context["absence"]).first()
    if group is None or absence is None:
        return Skip("gone")
    if not GroupMember.objects.filter(group=group, person_id=message.person_id).exists():
        return Skip("not_a_member")
    return Built(
        {
            "group": group,
            "name": absence.person.name,
            "withdrawn": absence.kind == AbsenceKind.WITHDRAWAL,
            "until": absence.ends_on,
            "group_url": links.site_url(reverse("coaching:group_detail", args=[group.pk])),
        },
        program_id=group.program_id,
    )


def build_commitment_check(message: OutgoingMessage) -> Built | Skip:
    check = (
        CommitmentCheck.objects.select_related("item__session__group")
        .filter(pk=message.context["check"])
        .first()
    )
    # The item's text is content: it goes to its owner and nobody else.
    if check is None or check.item.owner_id != message.person_id:
        return Skip("not_the_owner")
    if check.answered_at is not None or check.item.is_done:
        return Skip("answered")
    if check.item.due_on is None or check.item.due_on.isoformat() != message.context["due_on"]:
        return Skip("due_date_changed")
    answers = [
        (
            label,
            links.site_url(
                reverse(
                    "health:commitment",
                    kwargs={"commitment_token": access.commitment_token(check, value)},
                )
            ),
        )
        for value, label in CommitmentAnswer.choices
    ]
    return Built(
        {"item": check.item, "answers": answers},
        program_id=check.item.session.group.program_id,
    )


def build_at_risk_weekly(message: OutgoingMessage) -> Built | Skip:
    program = access.programs_run_by(message.person).filter(pk=message.context["program"]).first()
    if program is None:
        return Skip("not_a_lead")
    found = figures.at_risk(program)
    if not found:
        return Skip("nothing_at_risk")
    return Built(
        {
            "program": program,
            "is_pair": program.format == Format.PAIRS,
            "at_risk": found,
            "page_url": links.site_url(reverse("health:program", args=[program.pk])),
        },
        program_id=program.pk,
    )


def build_end_survey(message: OutgoingMessage) -> Built | Skip:
    program = access.programs_to_survey(message.person).filter(pk=message.context["program"])
    program = program.first()
    if program is None:
        return Skip("not_surveyed")
    if access.survey_answer_of(message.person, program) is not None:
        return Skip("answered")
    return Built(
        {
            "program": program,
            "survey_url": links.site_url(reverse("health:survey", args=[program.pk])),
        },
        program_id=program.pk,
    )


# Programs that ended longer ago than this are not asked about any more.
SURVEY_WITHIN = timedelta(days=60)


def end_surveys(now: datetime) -> list[QueuedMessage]:
    """Once per person and program (the outbox key): when a program closed or its end date
    passed, from the commitment hour on, everyone still enrolled who has not answered."""
    today = timezone.localdate(now)
    if timezone.localtime(now).hour < settings.HEALTH_COMMITMENT_HOUR:
        return []
    ended = Q(status=ProgramStatus.CLOSED) | Q(ends_on__lt=today)
    programs = Program.objects.filter(ended, ends_on__gte=today - SURVEY_WITHIN)
    rows = (
        Enrolment.objects.active()
        .filter(program__in=programs, person__is_active=True)
        .exclude(
            Exists(
                SurveyAnswer.objects.filter(
                    program_id=OuterRef("program_id"), person_id=OuterRef("person_id")
                )
            )
        )
        .values_list("program_id", "person_id")
    )
    return [
        QueuedMessage(
            key=f"survey:{program_id}:{person_id}",
            kind=Kind.END_SURVEY,
            person_id=person_id,
            send_after=now,
            expires_at=now + timedelta(days=14),
            context={"program": program_id},
        )
        for program_id, person_id in rows
    ]


def commitment_checks(now: datetime) -> list[QueuedMessage]:
    """On an action item's due date (from 9:00 in the site's time zone), ask its owner once."""
    today = timezone.localdate(now)
    if timezone.localtime(now).hour < settings.HEALTH_COMMITMENT_HOUR:
        return []
    items = list(
        ActionItem.objects.filter(
            done_at__isnull=True,
            due_on=today,
            session__group__in=Group.objects.published(),
            owner__is_active=True,
        ).values_list("pk", "owner_id")
    )
    if not items:
        return []
    existing = {
        check.item_id: check
        for check in CommitmentCheck.objects.filter(item_id__in=[pk for pk, _owner in items])
    }
    CommitmentCheck.objects.bulk_create(
        [CommitmentCheck(item_id=pk, due_on=today) for pk, _owner in items if pk not in existing],
        ignore_conflicts=True,
    )
    stale = [c.pk for c in existing.values() if c.due_on != today and c.answered_at is None]
    if stale:
        CommitmentCheck.objects.filter(pk__in=stale).update(due_on=today)
    checks = dict(
        CommitmentCheck.objects.filter(item_id__in=[pk for pk, _o in items]).values_list(
            "item_id", "pk"
        )
    )
    return [
        QueuedMessage(
            key=f"commitment:{pk}:{today.isoformat()}",
            kind=Kind.COMMITMENT_CHECK,
            person_id=owner_id,
            send_after=now,
            expires_at=now + timedelta(days=3),
            context={"check": checks[pk], "due_on": today.isoformat()},
        )
        for pk, owner_id in items
        if pk in checks
    ]


def at_risk_weekly(now: datetime) -> list[QueuedMessage]:
    """On Mondays, a message to every lead of a running program; the builder skips it when
    nothing needs attention by the time it is sent."""
    local = timezone.localtime(now)
    if local.weekday() != 0 or local.hour < 7:
        return []
    year, week, _day = local.isocalendar()
    leads = Program.leads.through.objects.filter(program__status=ProgramStatus.RUNNING)
    return [
        QueuedMessage(
            key=f"atrisk:{program_id}:{person_id}:{year}-{week}",
            kind=Kind.AT_RISK_WEEKLY,
            person_id=person_id,
            send_after=now,
            expires_at=now + timedelta(days=2),
            context={"program": program_id},
        )
        for program_id, person_id in leads.values_list("program_id", "person_id")
    ]


def register() -> None:
    builders.BUILDERS[Kind.MEMBER_AWAY] = build_member_away
    builders.BUILDERS[Kind.COMMITMENT_CHECK] = build_commitment_check
    builders.BUILDERS[Kind.AT_RISK_WEEKLY] = build_at_risk_weekly
    builders.BUILDERS[Kind.END_SURVEY] = build_end_survey
    for planner in (commitment_checks, at_risk_weekly, end_surveys):
        if planner not in scheduling.PLANNERS:
            scheduling.PLANNERS.append(planner)
    if suppress_while_paused not in builders.SUPPRESSORS:
        builders.SUPPRESSORS.append(suppress_while_paused)
