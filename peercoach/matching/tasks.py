"""Matching large programs in a task worker, so no web request waits on it."""

from __future__ import annotations

import logging

from django.utils import timezone, translation
from django_tasks import task

from peercoach.matching.planning import do_plan_round, reason_from_json
from peercoach.matching.reasons import render_reason
from peercoach.notifications.actions import queue_match_announcement
from peercoach.programs.models import MatchingState, Program, Round, RoundStatus

logger = logging.getLogger(__name__)


@task()
def plan_round_task(program_id: int) -> int:
    program = Program.objects.get(pk=program_id)
    Round.objects.filter(program=program, status=RoundStatus.DRAFT).update(
        matching_state=MatchingState.RUNNING, matching_started_at=timezone.now()
    )
    try:
        round_ = do_plan_round(program)
    except Exception:
        logger.exception("Matching program %s failed", program_id)
        Round.objects.filter(program=program, status=RoundStatus.DRAFT).update(
            matching_state=MatchingState.FAILED
        )
        raise
    Round.objects.filter(pk=round_.pk).update(matching_state=MatchingState.IDLE)
    return round_.pk


@task()
def announce_round_task(round_id: int) -> int:
    """Tell every member of a published round who they meet and why, in their own language."""
    announced = 0
    groups = Round.objects.get(pk=round_id).groups.prefetch_related(
        "memberships__person__organisation"
    )
    for group in groups:
        for membership in group.memberships.all():
            person = membership.person
            with translation.override(person.interface_language):
                reasons = [render_reason(reason_from_json(r)) for r in group.reasons]
            announced += queue_match_announcement(person, group, reasons)
    return announced
