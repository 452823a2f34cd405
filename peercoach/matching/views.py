from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.lib import confirm
from peercoach.lib.ids import parse_id
from peercoach.lib.messages import flash_refusal
from peercoach.matching import (
    edits,
    plan_page,
    planning,
    program_plan,
    quality,
    rematch,
    round_page,
    rounds,
)
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.organisations.models import Person
from peercoach.programs.models import Round, RoundStatus


@person_required
def program_rounds(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    rounds = list(program.rounds.order_by("-number"))
    shown = next(
        (r for r in rounds if r.status == RoundStatus.DRAFT), rounds[0] if rounds else None
    )
    context = round_page.context(shown, request.GET) if shown is not None else {}
    return render(
        request,
        "matching/program_rounds.html",
        {
            "program": program,
            "rounds": rounds,
            "shown": shown,
            **context,
            "matching": planning.is_matching(shown),
            "quality": quality.describe(shown) if shown is not None else {},
            **plan_page.context(program),
        },
    )


@person_required
@require_POST
def plan_program(request: PersonRequest, program_pk: int) -> HttpResponse:
    """Plan every round the program has left as one schedule (members see none of it)."""
    program = access.get_program_to_run(request.person, program_pk)
    try:
        plan = program_plan.do_plan_program(program, request.person)
    except ValidationError as error:
        flash_refusal(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d round is planned. Take it from the plan to check and publish it.",
                "%(count)d rounds are planned. Take them from the plan one at a time to check "
                "and publish them.",
                len(plan.planned),
            )
            % {"count": len(plan.planned)},
        )
    return redirect("matching:program", program_pk=program.pk)


@person_required
@require_POST
def take_planned_round(request: PersonRequest, program_pk: int) -> HttpResponse:
    """The plan's next round becomes the draft round, as if it had just been matched."""
    program = access.get_program_to_run(request.person, program_pk)
    try:
        round_ = program_plan.do_take_next_round(program, request.person)
    except ValidationError as error:
        flash_refusal(request, error)
    else:
        messages.success(
            request,
            _("Round %(number)s was taken from the plan: check it, then publish.")
            % {"number": round_.number},
        )
    return redirect("matching:program", program_pk=program.pk)


@person_required
def matching_status(request: PersonRequest, program_pk: int) -> HttpResponse:
    """Polled by the page while a worker matches; asks htmx to reload once it is done."""
    program = access.get_program_to_run(request.person, program_pk)
    round_ = planning.draft_round(program)
    response = render(
        request,
        "matching/_status.html",
        {"program": program, "round": round_, "matching": planning.is_matching(round_)},
    )
    if not planning.is_matching(round_):
        response["HX-Refresh"] = "true"
    return response


@person_required
@require_POST
def plan_round(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    try:
        round_, in_background = rounds.do_request_matching(program, request.person)
    except ValidationError as error:
        flash_refusal(request, error)
        return redirect("matching:program", program_pk=program.pk)
    if in_background:
        messages.success(
            request,
            _("Matching round %(number)s has started. This page shows when it is ready.")
            % {"number": round_.number},
        )
        return redirect("matching:program", program_pk=program.pk)
    messages.success(
        request,
        _("Round %(number)s was matched: %(groups)d groups. Check it, then publish.")
        % {"number": round_.number, "groups": round_.groups.count()},
    )
    if round_.repeats:
        messages.error(
            request,
            _(
                "No arrangement without repeats exists: %(count)d pairs meet again. "
                "They are marked below."
            )
            % {"count": round_.repeats},
        )
    return redirect("matching:program", program_pk=program.pk)


@person_required
@require_POST
def toggle_lock(request: PersonRequest, group_pk: int) -> HttpResponse:
    group = access.get_matched_group_to_run(request.person, group_pk)
    _apply(request, edits.do_toggle_lock, group)
    return redirect("matching:program", program_pk=group.program_id)


@person_required
@require_POST
def move_person(request: PersonRequest, round_pk: int) -> HttpResponse:
    round_ = access.get_round_to_run(request.person, round_pk)
    person = _member_of_round(round_, request.POST.get("person"))
    waiting = None if person is not None else _unplaced_in_round(round_, request.POST.get("person"))
    target = round_.groups.filter(pk=parse_id(request.POST.get("group"))).first()
    if (person is None and waiting is None) or target is None:
        messages.error(request, _("Choose a person and a group."))
    elif waiting is not None:
        _apply(request, edits.do_place, round_, waiting, target, request.person)
    else:
        _apply(request, edits.do_move, round_, person, target, request.person)
    return redirect("matching:program", program_pk=round_.program_id)


@person_required
@require_POST
def swap_people(request: PersonRequest, round_pk: int) -> HttpResponse:
    round_ = access.get_round_to_run(request.person, round_pk)
    first = _member_of_round(round_, request.POST.get("first"))
    second = _member_of_round(round_, request.POST.get("second"))
    if first is None or second is None:
        messages.error(request, _("Choose two people to swap."))
    else:
        _apply(request, edits.do_swap, round_, first, second, request.person)
    return redirect("matching:program", program_pk=round_.program_id)


@person_required
@require_POST
def publish_round(request: PersonRequest, round_pk: int) -> HttpResponse:
    round_ = access.get_round_to_run(request.person, round_pk)
    if not confirm.confirmed(request):
        if not _apply(request, rounds.check_publishable, round_):
            return redirect("matching:program", program_pk=round_.program_id)
        return confirm.ask(
            request,
            title=_("Publish round %(number)s") % {"number": round_.number},
            question=_(
                "Everyone in this round's groups is told who they meet and why. After "
                "publishing, the round can no longer change."
            ),
            recipients=rounds.publish_recipients(round_),
            confirm_label=_("Publish and send the emails"),
            back_url=reverse("matching:program", kwargs={"program_pk": round_.program_id}),
        )
    if _apply(request, rounds.do_publish, round_):
        messages.success(request, _("Round %(number)s is published.") % {"number": round_.number})
    return redirect("matching:program", program_pk=round_.program_id)


def _apply(request: HttpRequest, action, *args) -> bool:
    try:
        action(*args)
    except ValidationError as error:
        flash_refusal(request, error)
        return False
    return True


def _member_of_round(round_: Round, value) -> Person | None:
    return Person.objects.filter(pk=parse_id(value), group_memberships__group__round=round_).first()


def _unplaced_in_round(round_: Round, value) -> Person | None:
    pk = parse_id(value)
    if pk is None or all(u.get("person") != pk for u in round_.unplaced):
        return None
    return Person.objects.filter(pk=pk, organisation_id=round_.program.organisation_id).first()


@person_required
def rematch_group(request: PersonRequest, group_pk: int) -> HttpResponse:
    group = access.get_group_to_run(request.person, group_pk)
    if request.method != "POST" or request.POST.get("confirm") != "rematch":
        return render(request, "matching/rematch.html", {"group": group})
    try:
        other = rematch.do_rematch(group, by=request.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(group)s and %(other)s exchanged members. Everyone concerned gets an email.")
            % {"group": group.name, "other": other.name},
        )
    return redirect("health:program", program_pk=group.program_id)
