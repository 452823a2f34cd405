"""Learning paths (peercoach/paths). Whoever runs a program builds its path through
`get_program_to_run` and sees only how many people completed each step, never who. A person
follows the path of a program they are actively enrolled in; that they did a step, and their
note on it, are theirs alone: not their group's, the lead's, an admin's or their manager's."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import Http404

from peercoach.access.core import get_or_404 as _get_or_404
from peercoach.organisations.models import Person
from peercoach.paths.models import Step, StepCompletion
from peercoach.programs.models import EnrolmentStatus, Program


def programs_followed_by(person: Person) -> QuerySet[Program]:
    """Programs whose learning path the person follows: those they are actively enrolled in."""
    return Program.objects.filter(
        organisation_id=person.organisation_id,
        enrolments__person_id=person.pk,
        enrolments__status=EnrolmentStatus.ACTIVE,
    )


def get_program_followed_by(person: Person, pk: int) -> Program:
    return _get_or_404(programs_followed_by(person), pk)


def step_completions_of(person: Person) -> QuerySet[StepCompletion]:
    """The person's own completed steps with their private notes; nobody else reads them."""
    return StepCompletion.objects.filter(person_id=person.pk)


def get_step_of(program: Program, pk: int) -> Step:
    """A step of `program`'s path; the program was fetched through `get_program_to_run` or
    `get_program_followed_by`."""
    return _get_or_404(Step.objects.filter(path__program=program), pk)


def get_open_step_of(program: Program, pk: int, today: datetime.date) -> Step:
    """A step of a followed program's path that is open today: only those are marked done."""
    step = get_step_of(program, pk)
    if not step.is_open(program, today):
        raise Http404
    return step
