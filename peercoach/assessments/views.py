"""Self-assessments: whoever runs a program adapts its questionnaire and sees aggregate figures;
participants answer it at the start and the end and compare their own answers.

Who reaches what is decided in `peercoach/access/`; the figures and rows come from
`results.py`, the changes from `actions.py`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.lib.messages import flash_refusal
from peercoach.lib.spreadsheets import csv_download
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.programs.models import Program

from . import actions, export, results
from .forms import AssessmentForm, StatementForm
from .models import Moment, end_opens_on


def _to_program(program: Program) -> HttpResponse:
    return redirect("assessments:program", program_pk=program.pk)


def _to_mine(program: Program) -> HttpResponse:
    return redirect("assessments:mine", program_pk=program.pk)


@person_required
def index(request: PersonRequest) -> HttpResponse:
    """The programs whose self-assessment this person may open as the one running them."""
    person = access.require_program_runner(request.person)
    programs = access.programs_run_by(person).order_by("-starts_on", "name")
    return render(request, "assessments/index.html", {"programs": programs})


@person_required
def program_results(request: PersonRequest, program_pk: int) -> HttpResponse:
    """The lead's page: means per statement at start and end, and the questionnaire itself."""
    program = access.get_program_to_run(request.person, program_pk)
    questionnaire = actions.questionnaire_of(program)
    form = StatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_statement(questionnaire, form.save(commit=False))
        except ValidationError as error:
            flash_refusal(request, error)
        else:
            messages.success(request, _("Statement added."))
        return _to_program(program)
    figures = results.program_figures(questionnaire)
    context = {
        "program": program,
        "figures": figures,
        "locked": figures.answered_start + figures.answered_end > 0,
        "end_opens_on": end_opens_on(program),
        "form": form,
    }
    return render(request, "assessments/program.html", context)


@person_required
def program_export(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    figures = results.program_figures(actions.questionnaire_of(program))
    filename = f"{slugify(program.name) or 'program'}-self-assessment.csv"
    return csv_download(export.figures_csv(figures), filename)


@person_required
def statement_edit(request: PersonRequest, program_pk: int, statement_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    questionnaire = actions.questionnaire_of(program)
    statement = access.get_statement_of(questionnaire, statement_pk)
    if actions.is_locked(questionnaire):
        messages.error(
            request, _("People have already answered, so the statements stay as they are.")
        )
        return _to_program(program)
    form = StatementForm(request.POST or None, instance=statement)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_statement(form.instance)
        except ValidationError as error:
            flash_refusal(request, error)
        else:
            messages.success(request, _("Statement saved."))
        return _to_program(program)
    return render(request, "assessments/statement_edit.html", {"program": program, "form": form})


@person_required
@require_POST
def statement_remove(request: PersonRequest, program_pk: int, statement_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    statement = access.get_statement_of(actions.questionnaire_of(program), statement_pk)
    try:
        actions.do_remove_statement(statement)
    except ValidationError as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("Statement removed."))
    return _to_program(program)


@person_required
@require_POST
def statement_move(request: PersonRequest, program_pk: int, statement_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    statement = access.get_statement_of(actions.questionnaire_of(program), statement_pk)
    try:
        actions.do_move_statement(statement, request.POST.get("direction", ""))
    except ValidationError as error:
        flash_refusal(request, error)
    return _to_program(program)


@person_required
def mine(request: PersonRequest, program_pk: int) -> HttpResponse:
    """A participant's own answers, start and end side by side. Nobody else sees this page."""
    program = access.get_program_followed_by(request.person, program_pk)
    assessment = results.my_assessment(request.person, program, timezone.localdate())
    return render(request, "assessments/mine.html", {"program": program, "mine": assessment})


@person_required
def take(request: PersonRequest, program_pk: int, moment: str) -> HttpResponse:
    """The form: one 1–5 choice per statement. Saved all at once, or not at all."""
    program = access.get_program_followed_by(request.person, program_pk)
    if moment not in Moment.values:
        raise Http404
    today = timezone.localdate()
    try:
        actions.check_can_submit(request.person, program, moment, today)
    except ValidationError as error:
        flash_refusal(request, error, messages.INFO)
        return _to_mine(program)
    statements = list(actions.questionnaire_of(program).statements.all())
    if not statements:
        messages.info(request, _("This questionnaire has no statements yet."))
        return _to_mine(program)
    form = AssessmentForm(request.POST or None, statements=statements)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_submit(request.person, program, moment, form.scores(), today)
        except ValidationError as error:
            flash_refusal(request, error)
        else:
            messages.success(
                request, _("Thank you. Your answers are saved; only you can see them.")
            )
        return _to_mine(program)
    context = {"program": program, "moment": Moment(moment), "form": form}
    return render(request, "assessments/take.html", context, status=400 if form.errors else 200)
