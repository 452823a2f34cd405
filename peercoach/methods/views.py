from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.lib.ids import parse_id
from peercoach.lib.messages import flash_form_errors, flash_refusal
from peercoach.methods import flow, services
from peercoach.methods.forms import (
    ContributionForm,
    FollowUpForm,
    InsightForm,
    ProgramMethodForm,
    SetUpForm,
)
from peercoach.methods.models import Activity, Method
from peercoach.organisations.decorators import PersonRequest, person_required


@person_required
def library(request: PersonRequest) -> HttpResponse:
    organisation_id = request.person.organisation_id
    return render(
        request,
        "methods/library.html",
        {
            "methods": Method.objects.available_to(organisation_id).prefetch_related("phases"),
            "activities": Activity.objects.available_to(organisation_id),
            "programs": access.programs_run_by(request.person),
        },
    )


@person_required
def method_detail(request: PersonRequest, method_pk: int) -> HttpResponse:
    method = access.get_method_for(request.person, method_pk)
    return render(request, "methods/method_detail.html", {"method": method})


@person_required
def activity_detail(request: PersonRequest, activity_pk: int) -> HttpResponse:
    activity = access.get_activity_for(request.person, activity_pk)
    context = {"activity": activity, "session": None}
    session_pk = parse_id(request.GET.get("session"))
    if session_pk:
        # Used inside a session: only its members get the session's notes and the note form.
        session = access.sessions_with_content_for(request.person).filter(pk=session_pk).first()
        if session is not None:
            context.update(
                session=session,
                notes=access.contributions_visible_to(request.person)
                .filter(session=session, kind="observation")
                .select_related("author")
                .order_by("created_at"),
                note_form=ContributionForm(prefix="contribution"),
            )
    return render(request, "methods/activity_detail.html", context)


def _run_url(session_pk: int, anchor: str = "", step: str = "") -> str:
    """The session page, which is also the live view; `step` opens the step just written in."""
    url = reverse("coaching:session", kwargs={"session_pk": session_pk})
    return url + (f"?step={step}" if step else "") + anchor


@person_required
def run(request: PersonRequest, session_pk: int) -> HttpResponse:
    """The old live view's address: the session page follows the phase itself now."""
    session = access.get_session_with_content_for(request.person, session_pk)
    return redirect(_run_url(session.pk, "#phase"))


@person_required
def run_phase(request: PersonRequest, session_pk: int) -> HttpResponse:
    """The current phase as a fragment, polled by everyone in the group; 204 if unchanged."""
    session = access.get_session_with_content_for(request.person, session_pk)
    session_run = services.run_of(session)
    context = flow.phase_context(session, session_run)
    seen = request.GET.get("seen")
    if request.headers.get("HX-Request") and seen == context["version"]:
        return HttpResponse(status=204)
    if request.headers.get("HX-Request") and seen == "0":
        # Someone started the session: reload the whole page, the set-up form is gone now.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "methods/_phase.html", context)


def _fail(request: HttpRequest, error: ValidationError) -> None:
    flash_refusal(request, error)


@person_required
@require_POST
def run_setup(request: PersonRequest, session_pk: int) -> HttpResponse:
    session = access.get_session_with_content_for(request.person, session_pk)
    members = [m.person for m in session.group.memberships.taking_part().select_related("person")]
    form = SetUpForm(
        request.POST,
        methods=services.methods_for(session),
        members=members,
        role_choices=services.role_choices(session),
        roles={},
    )
    if form.is_valid():
        try:
            services.do_set_up(session, form.cleaned_data["method"], form.roles())
            messages.success(request, _("Method and roles are saved."))
        except ValidationError as error:
            _fail(request, error)
    else:
        flash_form_errors(request, form)
    return redirect(_run_url(session.pk, "#setup"))


@person_required
@require_POST
def run_start(request: PersonRequest, session_pk: int) -> HttpResponse:
    session = access.get_session_with_content_for(request.person, session_pk)
    try:
        services.do_start(session)
    except ValidationError as error:
        _fail(request, error)
    return redirect(_run_url(session.pk, "#phase"))


@person_required
@require_POST
def run_move(request: PersonRequest, session_pk: int) -> HttpResponse:
    session = access.get_session_with_content_for(request.person, session_pk)
    step = -1 if request.POST.get("direction") == "previous" else 1
    try:
        session_run = services.do_move(session, step)
    except ValidationError as error:
        _fail(request, error)
        return redirect(_run_url(session.pk, "#phase"))
    if request.headers.get("HX-Request"):
        return render(request, "methods/_phase.html", flow.phase_context(session, session_run))
    return redirect(_run_url(session.pk, "#phase"))


@person_required
@require_POST
def contribution_add(request: PersonRequest, session_pk: int) -> HttpResponse:
    """Write down a question, advice or observation: the section for htmx, else the page."""
    session = access.get_session_with_content_for(request.person, session_pk)
    form = ContributionForm(request.POST, prefix="contribution")
    htmx = bool(request.headers.get("HX-Request"))
    if form.is_valid():
        try:
            services.do_add_contribution(
                session, request.person, form.cleaned_data["text"], form.cleaned_data["kind"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = ContributionForm(prefix="contribution")
    if htmx:
        return _swap(request, "methods/_contributions.html", session, contribution_form=form)
    if form.errors:
        flash_form_errors(request, form)
    activity_pk = parse_id(request.POST.get("activity"))
    if activity_pk:
        activity_url = reverse("methods:activity", kwargs={"activity_pk": activity_pk})
        return redirect(f"{activity_url}?session={session.pk}#notes")
    return redirect(_run_url(session.pk, "#contributions", flow.CONTRIBUTIONS))


@person_required
@require_POST
def insight_add(request: PersonRequest, session_pk: int) -> HttpResponse:
    session = access.get_session_with_content_for(request.person, session_pk)
    form = InsightForm(request.POST, prefix="insight")
    if form.is_valid():
        try:
            services.do_add_insight(session, request.person, form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = InsightForm(prefix="insight")
    if request.headers.get("HX-Request"):
        return _swap(request, "methods/_insights.html", session, insight_form=form)
    if form.errors:
        flash_form_errors(request, form)
    return redirect(_run_url(session.pk, "#insights", flow.CONTRIBUTIONS))


def _swap(request: PersonRequest, template: str, session, **forms) -> HttpResponse:
    """A section of the running facilitation after an htmx write, its textarea focused again."""
    for form in forms.values():
        form.fields["text"].widget.attrs["autofocus"] = True
    context = {"session": session, **services.writing_of(session, request.person), **forms}
    return render(request, template, context)


@person_required
@require_POST
def follow_up(request: PersonRequest, session_pk: int, item_pk: int) -> HttpResponse:
    session = access.get_session_with_content_for(request.person, session_pk)
    item = access.get_action_item_for(request.person, item_pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.do_decide_follow_up(
                session,
                item,
                request.person,
                form.cleaned_data["choice"],
                form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _fail(request, error)
    else:
        flash_form_errors(request, form)
    return redirect(_run_url(session.pk, "#follow-up", flow.FOLLOW_UP))


@person_required
def program_method(request: PersonRequest, program_pk: int) -> HttpResponse:
    """The method a program's sessions follow unless a group picks another (leads, admins)."""
    program = access.get_program_to_run(request.person, program_pk)
    form = ProgramMethodForm(
        request.POST or None,
        methods=services.methods_for_program(program),
        method=services.default_method_of(program),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_set_program_method(program, form.cleaned_data["method"])
            messages.success(request, _("The default method is saved."))
            return redirect("methods:program_method", program_pk=program.pk)
        except ValidationError as error:
            _fail(request, error)
    return render(request, "methods/program_method.html", {"program": program, "form": form})
