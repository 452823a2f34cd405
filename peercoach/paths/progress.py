"""What the pages show of a path: counts for whoever runs the program, one's own steps for a
participant. Each function runs a fixed number of queries whatever the number of people or steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from peercoach import access
from peercoach.growth.models import LibraryItem
from peercoach.methods.models import Activity
from peercoach.organisations.models import Person
from peercoach.programs.models import Enrolment, Program

from .models import Step, StepCompletion


def _active_enrolments(program: Program):
    return Enrolment.objects.active().filter(program=program)


def enrolled_count(program: Program) -> int:
    return _active_enrolments(program).count()


def steps_with_counts(program: Program) -> list[Step]:
    """The program's steps, each with `completed`: how many enrolled people did it (never who).

    `completed` is None (held back) when it would point at someone: too few people take part
    in the program, or one or two did the step (`access.may_show_count`).
    Call only with a program fetched through `access.get_program_to_run`.
    """
    enrolled = _active_enrolments(program).values("person_id")
    steps = list(
        Step.objects.filter(path__program=program)
        .select_related("activity", "library_item")
        .annotate(completed=Count("completions", filter=Q(completions__person_id__in=enrolled)))
    )
    enough = access.may_show_figures(access.people_taking_part(program))
    for step in steps:
        if not (enough and access.may_show_count(step.completed)):
            step.completed = None
    return steps


@dataclass
class MyStep:
    step: Step
    opens_on: date
    is_open: bool
    completion: StepCompletion | None
    # Set only when the person may open them (methods library, growth visibility).
    activity: Activity | None = None
    library_item: LibraryItem | None = None

    @property
    def is_done(self) -> bool:
        return self.completion is not None


def my_steps(person: Person, program: Program, today: date) -> list[MyStep]:
    """Every step of the program's path as `person` sees it: done, open now, or upcoming.

    Call only with a program fetched through `access.get_program_followed_by`.
    """
    steps = list(Step.objects.filter(path__program=program))
    completions = {
        completion.step_id: completion
        for completion in access.step_completions_of(person).filter(step__path__program=program)
    }
    rows = [
        MyStep(step, step.opens_on(program), step.is_open(program, today), completions.get(step.pk))
        for step in steps
    ]
    shown = [row for row in rows if row.is_open or row.is_done]
    activity_ids = {row.step.activity_id for row in shown if row.step.activity_id}
    item_ids = {row.step.library_item_id for row in shown if row.step.library_item_id}
    activities = {}
    if activity_ids:
        activities = Activity.objects.available_to(program.organisation_id).in_bulk(activity_ids)
    items = {}
    if item_ids:
        items = access.library_items_visible_to(person).in_bulk(item_ids)
    for row in shown:
        row.activity = activities.get(row.step.activity_id)
        row.library_item = items.get(row.step.library_item_id)
    return rows


@dataclass
class NextStep:
    program: Program
    step: Step | None  # None: every step open so far is done
    done: int
    total: int


def next_steps(person: Person | None, today: date) -> list[NextStep]:
    """For each program the person follows whose path has a step open: the first one not done."""
    programs = {
        program.pk: program
        for program in access.programs_followed_by(person)
        .filter(learning_path__steps__isnull=False)
        .distinct()
    }
    if not programs:
        return []
    steps = Step.objects.filter(path__program_id__in=programs).select_related("path")
    done = set(
        access.step_completions_of(person)
        .filter(step__path__program_id__in=programs)
        .values_list("step_id", flat=True)
    )
    by_program: dict[int, list[Step]] = {}
    for step in steps:
        by_program.setdefault(step.path.program_id, []).append(step)
    found = []
    for program_id, program_steps in by_program.items():
        program = programs[program_id]
        open_steps = [step for step in program_steps if step.is_open(program, today)]
        if not open_steps:
            continue
        step = next((step for step in open_steps if step.pk not in done), None)
        found.append(
            NextStep(
                program=program,
                step=step,
                done=sum(step.pk in done for step in program_steps),
                total=len(program_steps),
            )
        )
    return sorted(found, key=lambda row: row.program.name)
