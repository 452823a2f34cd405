"""Changes to questionnaires and responses: `check_*` validates, `do_*` writes, in one transaction.

A questionnaire can be edited only while nobody has answered it: a changed statement would make
start and end answers to different questions look comparable, and a removed one would take
people's answers with it.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from peercoach.lib.ordering import swap_with_neighbour
from peercoach.organisations.models import Person
from peercoach.programs.models import Program

from . import starter
from .models import Answer, Moment, Questionnaire, Response, Statement, open_moment


def questionnaire_of(program: Program) -> Questionnaire:
    """The program's questionnaire; created with the default statements the first time."""
    questionnaire, created = Questionnaire.objects.get_or_create(program=program)
    if created:
        Statement.objects.bulk_create(
            Statement(questionnaire=questionnaire, order=order, text_nl=nl, text_en=en)
            for order, (nl, en) in enumerate(starter.STATEMENTS)
        )
    return questionnaire


def is_locked(questionnaire: Questionnaire) -> bool:
    return questionnaire.responses.exists()


def check_can_edit(questionnaire: Questionnaire) -> None:
    if is_locked(questionnaire):
        raise ValidationError(
            _(
                "People have already answered this questionnaire, so its statements can no "
                "longer change: start and end answers must be about the same statements."
            ),
            code="locked",
        )


def _lock(questionnaire: Questionnaire) -> Questionnaire:
    # Edits and submissions of one questionnaire take turns, so no edit slips in after an answer.
    return Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)


@transaction.atomic
def do_add_statement(questionnaire: Questionnaire, statement: Statement) -> Statement:
    check_can_edit(_lock(questionnaire))
    statement.questionnaire = questionnaire
    last = questionnaire.statements.aggregate(last=Max("order"))["last"]
    statement.order = 0 if last is None else last + 1
    statement.save()
    return statement


@transaction.atomic
def do_save_statement(statement: Statement) -> Statement:
    check_can_edit(_lock(statement.questionnaire))
    statement.save()
    return statement


@transaction.atomic
def do_remove_statement(statement: Statement) -> None:
    check_can_edit(_lock(statement.questionnaire))
    statement.delete()


@transaction.atomic
def do_move_statement(statement: Statement, direction: str) -> None:
    """Swap a statement with its neighbour above ("up") or below ("down")."""
    check_can_edit(_lock(statement.questionnaire))
    statements = list(Statement.objects.filter(questionnaire_id=statement.questionnaire_id))
    if swap_with_neighbour(statements, statement.pk, direction):
        Statement.objects.bulk_update(statements, ["order"])


def check_can_submit(person: Person, program: Program, moment: str, today: date) -> None:
    if open_moment(program, today) != moment:
        raise ValidationError(_("This assessment is not open now."), code="not_open")
    if Response.objects.filter(
        person=person, questionnaire__program=program, moment=moment
    ).exists():
        raise ValidationError(_("You have already answered this assessment."), code="done")


@transaction.atomic
def do_submit(
    person: Person, program: Program, moment: Moment, scores: dict[int, int], today: date
) -> Response:
    """Save one answer per statement, all or nothing. `scores` maps statement pk to 1–5."""
    questionnaire = _lock(questionnaire_of(program))
    check_can_submit(person, program, moment, today)
    statement_ids = set(questionnaire.statements.values_list("pk", flat=True))
    if not statement_ids:
        raise ValidationError(_("This questionnaire has no statements yet."), code="empty")
    if set(scores) != statement_ids:
        raise ValidationError(_("Answer every statement."), code="incomplete")
    if any(score not in range(1, 6) for score in scores.values()):
        raise ValidationError(_("Choose a score from 1 to 5."), code="out_of_range")
    try:
        with transaction.atomic():
            response = Response.objects.create(
                person=person, questionnaire=questionnaire, moment=moment
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already answered this assessment."), code="done"
        ) from None
    Answer.objects.bulk_create(
        Answer(response=response, statement_id=pk, score=score) for pk, score in scores.items()
    )
    return response
