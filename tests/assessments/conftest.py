"""The shared cast's program, running, with a few participants in pairs and the default
questionnaire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from peercoach.assessments.actions import questionnaire_of
from peercoach.assessments.models import Answer, Moment, Questionnaire, Response
from peercoach.organisations.models import Organisation, Person
from peercoach.programs.models import Program, ProgramStatus
from tests import factories
from tests.cast import Cast, build_cast


@dataclass
class Setting:
    """The shared cast (tests/cast.py) with the program running and its questionnaire; `me` is
    the cast's member, `others` the other pair and whoever else the test asked for, in pairs."""

    cast: Cast
    org: Organisation
    lead: Person
    manager: Person
    me: Person
    fellow: Person
    others: list[Person]
    program: Program
    questionnaire: Questionnaire

    def in_end_window(self) -> None:
        """Move the program's end date so that today is in its last three weeks."""
        self.program.ends_on = date.today() + timedelta(days=10)
        self.program.save()


def make_setting(people: int = 8) -> Setting:
    cast = build_cast()
    program = cast.program
    program.status = ProgramStatus.RUNNING
    program.starts_on = date.today() - timedelta(days=14)
    program.ends_on = date.today() + timedelta(days=90)
    program.save()
    extra = [factories.make_person(cast.organisation, f"Person {i}") for i in range(people - 4)]
    for pair in range(0, len(extra), 2):
        factories.make_group(program, extra[pair : pair + 2])
    return Setting(
        cast,
        cast.organisation,
        cast.lead,
        cast.manager,
        cast.member,
        cast.fellow,
        [cast.other_member, cast.other_partner, *extra],
        program,
        questionnaire_of(program),
    )


@pytest.fixture
def setting(db) -> Setting:
    return make_setting()


def answer(person: Person, questionnaire: Questionnaire, moment: str, scores: list[int]):
    """Store a response directly (the form is tested on its own)."""
    response = Response.objects.create(person=person, questionnaire=questionnaire, moment=moment)
    statements = list(questionnaire.statements.all())
    assert len(scores) == len(statements)
    Answer.objects.bulk_create(
        Answer(response=response, statement=statement, score=score)
        for statement, score in zip(statements, scores, strict=True)
    )
    return response


START, END = Moment.START.value, Moment.END.value
