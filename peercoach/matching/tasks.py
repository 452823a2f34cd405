"""Matching large programs in a task worker, so no web request waits on it."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from peercoach.programs.models import MatchingState, Program, Round, RoundStatus

logger = logging.getLogger(__name__)


@task()
def plan_round_task(program_id: int) -> int:
    from peercoach.matching.planning import do_plan_round

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
