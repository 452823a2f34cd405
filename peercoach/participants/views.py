from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach.access import require_program_runner
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.organisations.models import Person
from peercoach.participants import background, importing, uploads
from peercoach.participants.forms import ConfirmForm, UploadForm
from peercoach.participants.reader import format_problem

SHOWN_ROWS = 200  # longer lists are cut in the preview, with a count of the rest


def _importer(request: PersonRequest) -> Person:
    return require_program_runner(request.person)


@person_required
def upload(request: PersonRequest) -> HttpResponse:
    person = _importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        data = file.read()
        result = importing.read_for_organisation(person.organisation, data, file.name)
        if result.problems and not result.records:  # the file as a whole cannot be read
            form.add_error("file", format_problem(result.problems[0]))
        else:
            uploads.start_upload(person, file.name, data, rows=len(result.records))
            return redirect("participants:preview")
    return render(request, "participants/upload.html", {"form": form})


@person_required
def preview(request: PersonRequest) -> HttpResponse:
    person = _importer(request)
    pending = uploads.pending_upload_for(person)
    if pending is None:
        return redirect("participants:upload")
    return _render_preview(request, pending, uploads.plan_upload(pending))


@person_required
@require_POST
def confirm(request: PersonRequest) -> HttpResponse:
    person = _importer(request)
    pending = uploads.pending_upload_for(person)
    form = ConfirmForm(request.POST)
    if pending is None or not form.is_valid() or form.cleaned_data["upload"] != pending.pk:
        messages.error(request, _("That preview is no longer current; check this one."))
        return redirect("participants:preview" if pending else "participants:upload")
    if background.runs_in_background(pending):
        background.queue_import(pending, translation.get_language())
        return redirect("participants:progress")
    plan, outcome = uploads.confirm_upload(pending)
    if outcome is None:
        return _render_preview(request, pending, plan, status=409)
    messages.success(
        request,
        _("Import done: %(added)d people added, %(changed)d changed.")
        % {"added": outcome.added, "changed": outcome.changed},
    )
    return redirect("participants:upload")


@person_required
def progress(request: PersonRequest) -> HttpResponse:
    """A large import in the task worker: its progress (polled by htmx), then how it ended."""
    person = _importer(request)
    upload = uploads.latest_import_for(person)
    if upload is None:
        return redirect("participants:upload")
    if request.headers.get("HX-Request"):
        response = render(request, "participants/_progress.html", {"upload": upload})
        if not upload.in_progress:
            response["HX-Refresh"] = "true"  # done or failed: show the whole page with its links
        return response
    return render(request, "participants/progress.html", {"upload": upload})


@person_required
@require_POST
def cancel(request: PersonRequest) -> HttpResponse:
    person = _importer(request)
    pending = uploads.pending_upload_for(person)
    if pending is not None:
        pending.delete()
        messages.success(request, _("The import was cancelled; nothing was stored."))
    return redirect("participants:upload")


def _render_preview(request, pending, plan, status: int = 200) -> HttpResponse:
    context = {
        "upload": pending,
        "plan": plan,
        "added": plan.added[:SHOWN_ROWS],
        "added_more": max(0, len(plan.added) - SHOWN_ROWS),
        "changed": plan.changed[:SHOWN_ROWS],
        "changed_more": max(0, len(plan.changed) - SHOWN_ROWS),
        "problems": plan.problems[: SHOWN_ROWS * 2],
        "problems_more": max(0, len(plan.problems) - SHOWN_ROWS * 2),
        "form": ConfirmForm(initial={"upload": pending.pk}),
    }
    return render(request, "participants/preview.html", context, status=status)
