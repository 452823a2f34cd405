"""What the pages show of self-assessments: aggregate figures for whoever runs a program, one's own
answers for a participant, the home page's invitations. Each function runs a fixed number of
queries whatever the number of people or statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from peercoach import access
from peercoach.organisations.models import Person
from peercoach.programs.models import Program, ProgramStatus

from .models import Answer, Moment, Questionnaire, Response, Statement, end_opens_on, open_moment


def _mean(total: int | None, count: int) -> float | None:
    return round(total / count, 1) if count and total is not None else None


@dataclass
class Figure:
    """A mean over `n` people; `mean` is None when too few answered to show it safely."""

    n: int
    mean: float | None


@dataclass
class StatementFigures:
    statement: Statement
    start: Figure
    end: Figure
    change: Figure  # end minus start, over the people who answered both moments


@dataclass
class ProgramFigures:
    statements: list[StatementFigures]
    answered_start: int
    answered_end: int
    answered_both: int
    minimum: int
    still_open: Moment | None = None  # the moment people can answer today; its means wait


def _figure(total: int | None, count: int, still_open: bool) -> Figure:
    if not access.may_show_assessment_figures(count, still_open=still_open):
        return Figure(n=count, mean=None)
    return Figure(n=count, mean=_mean(total, count))


def program_figures(questionnaire: Questionnaire, today: date | None = None) -> ProgramFigures:
    """Means per statement at start and end and their change, never an individual's answer.

    Call only with the questionnaire of a program fetched through `access.get_program_to_run`.
    The sums are added up by the database; a mean is shown only from the minimum group size on,
    and only once its moment can no longer be answered.
    """
    today = today or timezone.localdate()
    now_open = open_moment(questionnaire.program, today)
    responses = Response.objects.filter(questionnaire=questionnaire)
    answered_both = Exists(
        responses.filter(person_id=OuterRef("response__person_id")).exclude(
            moment=OuterRef("response__moment")
        )
    )
    start = Q(response__moment=Moment.START)
    end = Q(response__moment=Moment.END)
    both = Q(both=True)
    sums = {
        row["statement_id"]: row
        for row in Answer.objects.filter(response__questionnaire=questionnaire)
        .annotate(both=answered_both)
        .values("statement_id")
        .annotate(
            start_n=Count("pk", filter=start),
            start_sum=Sum("score", filter=start),
            end_n=Count("pk", filter=end),
            end_sum=Sum("score", filter=end),
            both_n=Count("pk", filter=end & both),
            both_start_sum=Sum("score", filter=start & both),
            both_end_sum=Sum("score", filter=end & both),
        )
    }
    people = responses.aggregate(
        start=Count("pk", filter=Q(moment=Moment.START)),
        end=Count("pk", filter=Q(moment=Moment.END)),
    )
    rows = []
    empty = {"start_n": 0, "end_n": 0, "both_n": 0}
    for statement in questionnaire.statements.all():
        row = sums.get(statement.pk, empty)
        change = Figure(n=row["both_n"], mean=None)
        if access.may_show_assessment_figures(row["both_n"], still_open=now_open is not None):
            change.mean = round((row["both_end_sum"] - row["both_start_sum"]) / row["both_n"], 1)
        rows.append(
            StatementFigures(
                statement=statement,
                start=_figure(row.get("start_sum"), row["start_n"], now_open == Moment.START),
                end=_figure(row.get("end_sum"), row["end_n"], now_open == Moment.END),
                change=change,
            )
        )
    both_people = (
        responses.filter(moment=Moment.END)
        .filter(Exists(responses.filter(moment=Moment.START, person_id=OuterRef("person_id"))))
        .count()
    )
    return ProgramFigures(
        statements=rows,
        answered_start=people["start"],
        answered_end=people["end"],
        answered_both=both_people,
        minimum=access.minimum_group_size(),
        still_open=now_open,
    )


@dataclass
class MyRow:
    statement: Statement
    start: int | None
    end: int | None

    @property
    def change(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return self.end - self.start


@dataclass
class MyAssessment:
    rows: list[MyRow]
    done: set[str]  # the moments the person answered
    open_moment: Moment | None  # the moment open today, if the person has not answered it yet
    end_opens_on: date


def my_assessment(person: Person, program: Program, today: date) -> MyAssessment:
    """The person's own answers per statement, start and end side by side.

    Call only with a program fetched through `access.get_program_followed_by`.
    """
    statements = list(Statement.objects.filter(questionnaire__program=program))
    done = set(
        access.assessment_responses_of(person)
        .filter(questionnaire__program=program)
        .values_list("moment", flat=True)
    )
    scores = {
        (statement_id, moment): score
        for statement_id, moment, score in access.assessment_answers_of(person)
        .filter(response__questionnaire__program=program)
        .values_list("statement_id", "response__moment", "score")
    }
    moment = open_moment(program, today)
    return MyAssessment(
        rows=[
            MyRow(statement, scores.get((statement.pk, "start")), scores.get((statement.pk, "end")))
            for statement in statements
        ],
        done=done,
        open_moment=moment if moment not in done else None,
        end_opens_on=end_opens_on(program),
    )


@dataclass
class Invitation:
    program: Program
    moment: Moment | None  # None: nothing to answer now, but the person's own results to see


def invitations(person: Person | None, today: date) -> list[Invitation]:
    """For each running program the person follows: the assessment open to them now, if any, or
    a link to their own start-and-end comparison once they answered both."""
    programs = list(
        access.programs_followed_by(person).filter(status=ProgramStatus.RUNNING).order_by("name")
    )
    if not programs:
        return []
    done = set(
        access.assessment_responses_of(person)
        .filter(questionnaire__program__in=programs)
        .values_list("questionnaire__program_id", "moment")
    )
    found = []
    for program in programs:
        moment = open_moment(program, today)
        if moment is not None and (program.pk, moment) not in done:
            found.append(Invitation(program, moment))
        elif (program.pk, Moment.END) in done:
            found.append(Invitation(program, None))
    return found
