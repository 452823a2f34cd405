"""Starting matching and publishing a round: the actions that hand work to the task worker.

Matching a large program and announcing a published round run in `tasks.py`; these actions
queue them once their transaction commits.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peercoach.audit.log import Action, record
from peercoach.matching.planning import (
    background_from,
    check_group_change,
    do_plan_round,
    draft_round,
    is_matching,
    next_round,
    program_runner_ids,
    require_draft,
)
from peercoach.matching.tasks import announce_round_task, plan_round_task
from peercoach.organisations.models import Person
from peercoach.programs.models import (
    Enrolment,
    EnrolmentStatus,
    GroupMember,
    MatchingState,
    Program,
    ProgramStatus,
    Round,
    RoundStatus,
)


def check_may_match(program: Program, by: Person | None) -> None:
    """Matching places everyone enrolled, so whoever runs the program and is enrolled in it is
    placed only when another admin asks for it (`check_group_change`); None is the system."""
    runners = program_runner_ids(program) if by is not None else set()
    enrolled_runners = Person.objects.filter(
        pk__in=runners, enrolments__program=program, enrolments__status=EnrolmentStatus.ACTIVE
    )
    check_group_change(program, [], placing=list(enrolled_runners), by=by, people={})


@transaction.atomic
def do_request_matching(program: Program, by: Person | None = None) -> tuple[Round, bool]:
    """Match now, or hand a large program to a task worker. Returns (round, in_background).

    Matching places everyone enrolled, so whoever runs the program and is enrolled in it is
    placed only when another admin asks for the matching (`check_group_change`).
    """
    check_may_match(program, by)
    enrolled = Enrolment.objects.active().filter(program=program).count()
    if enrolled < background_from():
        return do_plan_round(program), False
    Program.objects.select_for_update().get(pk=program.pk)
    round_ = draft_round(program) or next_round(program)
    if not is_matching(round_):
        round_.matching_state = MatchingState.QUEUED
        round_.matching_started_at = timezone.now()
        round_.save(update_fields=["matching_state", "matching_started_at"])
        transaction.on_commit(lambda: plan_round_task.enqueue(program.pk))
    return round_, True


def publish_recipients(round_: Round) -> int:
    """Publishing tells every member of the round's groups who they meet: one email each."""
    return GroupMember.objects.filter(group__round=round_).count()


def check_publishable(round_: Round) -> None:
    require_draft(round_)
    if round_.program.status == ProgramStatus.DRAFT:
        raise ValidationError(
            _(
                "The program is still a draft: move it to its next stage (enrolling) before "
                "publishing a round, so nobody is told about groups of a program that has not "
                "opened."
            ),
            code="program_draft",
        )
    if is_matching(round_):
        raise ValidationError(_("Wait until matching has finished."), code="matching")
    if not round_.groups.exists():
        raise ValidationError(_("There are no groups to publish."), code="empty")


@transaction.atomic
def do_publish(round_: Round) -> Round:
    check_publishable(round_)
    round_.status = RoundStatus.PUBLISHED
    round_.save(update_fields=["status"])
    record(
        Action.ROUND_PUBLISHED,
        organisation=round_.program.organisation_id,
        target=round_.program,
        detail=f"round {round_.pk}",
    )
    transaction.on_commit(lambda: announce_round_task.enqueue(round_.pk))
    return round_
