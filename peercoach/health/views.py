"""Program health. Access: `peercoach.access` and `peercoach.access.health`; reads:
`peercoach.health.figures`; writes: `peercoach.health.actions`. Every form works without
JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from peercoach import access
from peercoach.health import actions, figures
from peercoach.health.forms import (
    CommitmentForm,
    FitForm,
    PauseForm,
    PulseForm,
    RatherNotSearchForm,
    SurveyForm,
)
from peercoach.health.models import STATEMENTS, AbsenceKind, CommitmentAnswer
from peercoach.lib.ordering import natural_key
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.organisations.people_search import numbered

AT_RISK_PER_PAGE = 50


@person_required
def pulse(request: PersonRequest, session_pk: int) -> HttpResponse:
    session = access.get_session_to_pulse(request.person, session_pk)
    mine = access.pulses_of(request.person).filter(session=session).first()
    initial = {name: getattr(mine, name) for name, _label in STATEMENTS} if mine else {}
    if mine:
        initial["note"] = mine.note
    form = PulseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.do_save_pulse(session, request.person, **form.cleaned_data)
        messages.success(request, _("Thank you. Only you see your answers."))
        return redirect("coaching:session", session_pk=session.pk)
    return render(
        request,
        "health/pulse.html",
        {
            "session": session,
            "form": form,
            "averages": access.group_averages(request.person, session),
        },
    )


@person_required
def fit(request: PersonRequest, group_pk: int) -> HttpResponse:
    group = access.get_group_to_assess_fit(request.person, group_pk)
    form = FitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_answer_fit(group, request.person, form.cleaned_data["works"])
        if form.cleaned_data["works"]:
            messages.success(request, _("Thank you. Good to hear it works."))
        else:
            messages.success(
                request,
                _(
                    "Thank you. Your program lead hears that this group asks for a re-match, "
                    "not who asked."
                ),
            )
        return redirect("health:mine")
    return render(request, "health/fit.html", {"group": group, "form": form})


@person_required
def mine(request: PersonRequest) -> HttpResponse:
    person = request.person
    pulses = (
        access.pulses_of(person).select_related("session__group").order_by("-session__starts_at")
    )
    answered = access.pulses_of(person).values("session_id")
    to_pulse = (
        access.sessions_to_pulse(person)
        .exclude(pk__in=answered)
        .select_related("group")
        .order_by("-starts_at")
    )
    today = timezone.localdate()
    absences = access.absences_of(person).filter(kind=AbsenceKind.PAUSE, ends_on__gte=today)
    return render(
        request,
        "health/mine.html",
        {
            "pulses": pulses[:20],
            "statements": [label for _name, label in STATEMENTS],
            "to_pulse": to_pulse,
            "to_fit": access.groups_to_assess_fit(person).select_related("program"),
            "programs": access.programs_followed_to_pause(person),
            "pauses": absences.select_related("program"),
            "to_survey": access.programs_to_survey(person).exclude(
                survey_answers__person_id=person.pk
            ),
        },
    )


RATHER_NOT_RESULTS = 20  # a search shows this many colleagues at most


@person_required
def rather_not(request: PersonRequest) -> HttpResponse:
    """The private list of people one would rather not be matched with: search a colleague
    (GET), add or remove them (POST). Works without JavaScript."""
    person = request.person
    if request.method == "POST":
        try:
            if request.POST.get("remove"):
                entry = access.get_rather_not_of(person, _pk(request.POST["remove"]))
                actions.do_remove_rather_not(entry)
                messages.success(request, _("Removed from your list."))
            else:
                other = access.get_rather_not_candidate(person, _pk(request.POST.get("add")))
                actions.do_add_rather_not(person, other)
                messages.success(request, _("Saved. Nobody is told, and nobody sees your list."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("health:rather_not")
    entries = access.rather_not_of(person).select_related("other")
    search = RatherNotSearchForm(request.GET if "q" in request.GET else None)
    found = []
    if search.is_valid():
        found = access.find_rather_not_candidates(
            person, search.cleaned_data["q"], RATHER_NOT_RESULTS
        )
    return render(
        request,
        "health/rather_not.html",
        {"entries": entries, "search": search, "found": found},
    )


def _pk(value: str | None) -> int:
    """A posted id, else 404 (a tampered form finds nothing)."""
    try:
        return int(value or "")
    except ValueError:
        raise Http404 from None


@person_required
def survey(request: PersonRequest, program_pk: int) -> HttpResponse:
    """At the end of a program: would you recommend it, what did it bring you. Only the person
    reads their answer; the lead sees counts and averages (`figures.survey_figures`)."""
    program = access.get_program_to_survey(request.person, program_pk)
    mine = access.survey_answer_of(request.person, program)
    initial = {"recommend": mine.recommend, "brought": mine.brought} if mine else {}
    # An empty POST is a bound form too: it says what is missing.
    form = SurveyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.do_answer_survey(program, request.person, **form.cleaned_data)
        messages.success(request, _("Thank you. Only you read what you wrote."))
        return redirect("health:mine")
    return render(request, "health/survey.html", {"program": program, "form": form})


@person_required
def pause(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_followed_by(request.person, program_pk)
    form = PauseForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_pause(program, request.person, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your break is saved. Your group is told that you take a break, nothing more."),
            )
            return redirect("health:mine")
    return render(request, "health/pause.html", {"program": program, "form": form})


@person_required
def withdraw(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_followed_by(request.person, program_pk)
    if request.method == "POST" and request.POST.get("confirm") == "withdraw":
        try:
            actions.do_withdraw(program, request.person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You have left the program. Your group is told."))
        return redirect("home")
    return render(request, "health/withdraw.html", {"program": program})


@person_required
def program(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    at_risk = figures.at_risk(program)
    # A page of groups, in the program page's order: a program of thousands can have hundreds
    # needing attention, and rendering all of them made this page ten times the program page.
    ordered = sorted(at_risk.groups, key=lambda entry: natural_key(entry.group.name))
    page = numbered(Paginator(ordered, AT_RISK_PER_PAGE).get_page(request.GET.get("page")))
    return render(
        request,
        "health/program.html",
        {"program": program, "at_risk": at_risk, "page": page},
    )


def commitment(request: HttpRequest, commitment_token: str) -> HttpResponse:
    """Answer "done / partly / not yet" from the email, without signing in: the signed link is
    the key and works once. Opening it shows one button (a link checker opening it changes
    nothing); someone signed in as another person gets 404."""
    found = access.read_commitment_token(commitment_token)
    if found is None:
        return render(request, "health/commitment_used.html", status=404)
    check, answer = found
    owner = check.item.owner
    if not owner.is_active or check.answered_at is not None:
        return render(request, "health/commitment_used.html", status=404)
    if request.user.is_authenticated and owner.user_id != request.user.pk:
        raise Http404
    with translation.override(owner.interface_language):
        return _commitment_page(request, check, answer)


def _commitment_page(request: HttpRequest, check, answer: str) -> HttpResponse:
    form = CommitmentForm(request.POST or None, initial={"answer": answer})
    if request.method == "POST" and form.is_valid():
        recorded = actions.do_answer_commitment(check, form.cleaned_data["answer"])
        if not recorded:
            return render(request, "health/commitment_used.html", status=404)
        return render(
            request,
            "health/commitment_done.html",
            {"answer": CommitmentAnswer(form.cleaned_data["answer"]), "item": check.item},
        )
    return render(
        request,
        "health/commitment.html",
        {"item": check.item, "answer": CommitmentAnswer(answer), "form": form},
    )
