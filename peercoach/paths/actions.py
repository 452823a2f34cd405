"""Changes to learning paths: `check_*` validates, `do_*` writes, each in one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from peercoach.lib.ordering import swap_with_neighbour
from peercoach.methods.models import Activity
from peercoach.organisations.models import Person
from peercoach.programs.models import Program

from . import starter
from .models import LearningPath, Step, StepCompletion, program_weeks


def path_of(program: Program) -> LearningPath:
    path, _created = LearningPath.objects.get_or_create(program=program)
    return path


def check_can_fill_from_template(path: LearningPath) -> None:
    # The template never replaces steps: people may have completed them and written notes.
    if path.steps.exists():
        raise ValidationError(
            _("This path already has steps. Remove them first to start from the template."),
            code="not_empty",
        )


@transaction.atomic
def do_fill_from_template(program: Program, language: str) -> list[Step]:
    path = path_of(program)
    check_can_fill_from_template(path)
    index = 0 if language.startswith("nl") else 1
    weeks = program_weeks(program)
    keys = {data["activity"] for data in starter.STEPS if data["activity"]}
    activities = {
        activity.key: activity
        for activity in Activity.objects.available_to(program.organisation_id).filter(
            key__in=keys, organisation__isnull=True
        )
    }
    return Step.objects.bulk_create(
        Step(
            path=path,
            order=order,
            title=data["title"][index],
            description=data["description"][index],
            kind=data["kind"],
            week=starter.scaled_week(data["week"], weeks),
            activity=activities.get(data["activity"]),
        )
        for order, data in enumerate(starter.STEPS)
    )


@transaction.atomic
def do_add_step(program: Program, step: Step) -> Step:
    path = path_of(program)
    step.path = path
    step.order = (path.steps.aggregate(last=Max("order"))["last"] or 0) + 1
    step.save()
    return step


def check_can_remove_step(step: Step) -> None:
    # Removing it would delete what participants wrote about it.
    if step.completions.exists():
        raise ValidationError(
            _("People have already completed this step, so it stays. You can still edit it."),
            code="completed",
        )


@transaction.atomic
def do_remove_step(step: Step) -> None:
    check_can_remove_step(step)
    step.delete()


@transaction.atomic
def do_move_step(step: Step, direction: str) -> None:
    """Swap a step with its neighbour above ("up") or below ("down")."""
    steps = list(Step.objects.select_for_update().filter(path_id=step.path_id))
    if swap_with_neighbour(steps, step.pk, direction):
        Step.objects.bulk_update(steps, ["order"])


def do_complete_step(person: Person, step: Step, note: str) -> bool:
    """Mark the step done, or save a new note on a step already done; True if newly done."""
    _completion, created = StepCompletion.objects.update_or_create(
        person=person,
        step=step,
        defaults={"note": note},
        create_defaults={"note": note, "completed_at": timezone.now()},
    )
    return created


def do_undo_step(person: Person, step: Step) -> None:
    StepCompletion.objects.filter(person=person, step=step).delete()
