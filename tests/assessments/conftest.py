"""A running program with a lead, a few participants in pairs and the default questionnaire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from peercoach.assessments.actions import questionnaire_of
from peercoach.assessments.models import Answer, Moment, Questionnaire, Response
from peercoach.organisations.models import Person, Role
from peercoach.programs.models import Program, ProgramStatus
from tests import factories


@dataclass
class Setting:
    org: object
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
    org = factories.make_organisation("Acme", default_language="en")
    lead = factories.make_person(org, "Lee Lead", role=Role.LEAD)
    manager = factories.make_person(org, "Max Manager")
    me = factories.make_person(org, "Mia Member", manager=manager)
    fellow = factories.make_person(org, "Finn Fellow")
    others = [factories.make_person(org, f"Person {i}") for i in range(people - 2)]
    program = factories.make_program(
        org,
        leads=[lead],
        status=ProgramStatus.RUNNING,
        starts_on=date.today() - timedelta(days=14),
        ends_on=date.today() + timedelta(days=90),
    )
    factories.make_group(program, [me, fellow])
    for pair in range(0, len(others), 2):
        factories.make_group(program, others[pair : pair + 2])
    return Setting(org, lead, manager, me, fellow, others, program, questionnaire_of(program))


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
