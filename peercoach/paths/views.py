"""Learning paths: whoever runs a program builds its path; participants follow it.

Who reaches what is decided in `peercoach/access/`; the figures and rows come from
`progress.py`, the changes from `actions.py`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.lib.messages import flash_refusal
from peercoach.methods.models import Activity
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.programs.models import Program

from . import actions, progress
from .forms import CompletionForm, StepForm
from .models import program_weeks


def _step_form(request: PersonRequest, program: Program, **kwargs) -> StepForm:
    return StepForm(
        request.POST or None,
        program=program,
        activities=Activity.objects.available_to(program.organisation_id),
        library_items=access.library_items_visible_to(request.person).filter(program=program),
        **kwargs,
    )


def _to_path(program: Program) -> HttpResponse:
    return redirect("paths:program", program_pk=program.pk)


@person_required
def program_path(request: PersonRequest, program_pk: int) -> HttpResponse:
    """The lead's page: the steps with how many completed each, and a form to add one."""
    program = access.get_program_to_run(request.person, program_pk)
    form = _step_form(request, program)
    if request.method == "POST" and form.is_valid():
        actions.do_add_step(program, form.save(commit=False))
        messages.success(request, _("Step added."))
        return _to_path(program)
    steps = progress.steps_with_counts(program)
    context = {
        "program": program,
        "steps": steps,
        "held_back": any(step.completed is None for step in steps),
        "minimum": access.minimum_group_size(),
        "enrolled": progress.enrolled_count(program),
        "weeks": program_weeks(program),
        "form": form,
    }
    return render(request, "paths/program_path.html", context)


@person_required
@require_POST
def fill_from_template(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    try:
        actions.do_fill_from_template(program, get_language() or "en")
    except ValidationError as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("The path is filled from the template. Adapt it freely."))
    return _to_path(program)


@person_required
def step_edit(request: PersonRequest, program_pk: int, step_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    step = access.get_step_of(program, step_pk)
    form = _step_form(request, program, instance=step)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Step saved."))
        return _to_path(program)
    return render(request, "paths/step_edit.html", {"program": program, "form": form})


@person_required
@require_POST
def step_remove(request: PersonRequest, program_pk: int, step_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    try:
        actions.do_remove_step(access.get_step_of(program, step_pk))
    except ValidationError as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("Step removed."))
    return _to_path(program)


@person_required
@require_POST
def step_move(request: PersonRequest, program_pk: int, step_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    actions.do_move_step(access.get_step_of(program, step_pk), request.POST.get("direction", ""))
    return _to_path(program)


@person_required
def mine(request: PersonRequest, program_pk: int) -> HttpResponse:
    """A participant's own path: what is done, what is open now, what comes later."""
    program = access.get_program_followed_by(request.person, program_pk)
    rows = progress.my_steps(request.person, program, timezone.localdate())
    context = {
        "program": program,
        "rows": rows,
        "done": sum(row.is_done for row in rows),
        "form": CompletionForm(),
    }
    return render(request, "paths/mine.html", context)


@person_required
@require_POST
def mark(request: PersonRequest, program_pk: int, step_pk: int) -> HttpResponse:
    """Mark an open step done (with an optional private note, saved again when changed) or undo."""
    program = access.get_program_followed_by(request.person, program_pk)
    step = access.get_open_step_of(program, step_pk, timezone.localdate())
    choice = request.POST.get("mark")
    if choice == "done":
        form = CompletionForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("The note is too long."))
        if actions.do_complete_step(request.person, step, form.cleaned_data["note"]):
            messages.success(request, _("Step marked as done."))
        else:
            messages.success(request, _("Your note is saved."))
    elif choice == "undo":
        actions.do_undo_step(request.person, step)
        messages.success(request, _("Step marked as not done."))
    else:
        return HttpResponseBadRequest(_("Choose whether the step is done."))
    return redirect("paths:mine", program_pk=program.pk)
