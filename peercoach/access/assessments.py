"""Self-assessments (peercoach/assessments). A person answers the questionnaire of a program they
follow (`get_program_followed_by`); their answers are theirs alone: not their group's, the
lead's, an admin's or their manager's. Whoever runs the program (`get_program_to_run`) sees only
means per statement, and only once enough people answered that no one can be singled out."""

from __future__ import annotations

from django.db.models import QuerySet

from peercoach.access.core import get_or_404
from peercoach.access.reports import minimum_group_size
from peercoach.assessments.models import Answer as AssessmentAnswer
from peercoach.assessments.models import Questionnaire, Statement
from peercoach.assessments.models import Response as AssessmentResponse
from peercoach.organisations.models import Person


def assessment_responses_of(person: Person) -> QuerySet[AssessmentResponse]:
    """The person's own self-assessment responses; nobody else reads them."""
    return AssessmentResponse.objects.filter(person_id=person.pk)


def assessment_answers_of(person: Person) -> QuerySet[AssessmentAnswer]:
    """The person's own answers (scores per statement); nobody else reads them."""
    return AssessmentAnswer.objects.filter(response__person_id=person.pk)


def may_show_assessment_figures(people: int, *, still_open: bool = False) -> bool:
    """A mean over a moment's answers only when enough people gave them that none is exposed,
    and only once nobody can answer that moment any more: a mean that moves with each new answer
    gives that answer away to whoever compares it before and after."""
    return not still_open and people >= minimum_group_size()


def get_statement_of(questionnaire: Questionnaire, pk: int) -> Statement:
    """A statement of the questionnaire of a program fetched through `get_program_to_run`."""
    statement = get_or_404(questionnaire.statements.all(), pk)
    statement.questionnaire = questionnaire
    return statement
