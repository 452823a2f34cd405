"""Wins: a group's wall and a program's wall, with reactions."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.growth import services
from peercoach.growth.forms import (
    WinForm,
)
from peercoach.growth.models import (
    REACTION_SYMBOLS,
    ReactionKind,
)
from peercoach.lib.ids import parse_id
from peercoach.organisations.decorators import PersonRequest, person_required


def _reaction_rows(wins, person) -> list:
    rows = []
    for win in wins:
        mine = {r.kind for r in win.reactions.all() if r.person_id == person.pk}
        counts = {kind: 0 for kind in ReactionKind.values}
        for reaction in win.reactions.all():
            counts[reaction.kind] += 1
        win.reaction_buttons = [
            {
                "kind": kind,
                "label": label,
                "symbol": REACTION_SYMBOLS[kind],
                "count": counts[kind],
                "mine": kind in mine,
            }
            for kind, label in ReactionKind.choices
        ]
        rows.append(win)
    return rows


@person_required
def group_wins(request: PersonRequest, group_pk: int) -> HttpResponse:
    person = request.person
    group = access.group_for_member(person, group_pk)
    wins = (
        access.wins_visible_to(person)
        .filter(group=group)
        .select_related("author", "goal")
        .prefetch_related("reactions")
    )
    own_goals = access.goals_visible_to(person).filter(owner=person, group=group)
    goal_pk = parse_id(request.GET.get("goal"))
    initial = {"goal": goal_pk} if goal_pk else {}
    form = WinForm(request.POST or None, initial=initial, goals=own_goals)
    if request.method == "POST" and form.is_valid():
        win = form.save(commit=False)
        win.author, win.group = person, group
        win.save()
        messages.success(request, _("Your win is on the wall."))
        return redirect("growth:group_wins", group_pk=group.pk)
    return render(
        request,
        "growth/wins.html",
        {"group": group, "wins": _reaction_rows(wins, person), "form": form},
    )


@person_required
def program_wins(request: PersonRequest, program_pk: int) -> HttpResponse:
    person = request.person
    program = access.program_for_member(person, program_pk)
    wins = (
        access.wins_visible_to(person)
        .filter(group__program=program, on_program_wall=True)
        .select_related("author", "goal", "group")
        .prefetch_related("reactions")
    )
    return render(
        request,
        "growth/wins.html",
        {"program": program, "wins": _reaction_rows(wins, person)},
    )


@person_required
@require_POST
def win_react(request: PersonRequest, win_pk: int) -> HttpResponse:
    person = request.person
    win = access.get_win_for(person, win_pk)
    kind = request.POST.get("kind")
    if kind not in ReactionKind.values:
        raise Http404
    services.do_toggle_reaction(win, person, kind)
    if request.POST.get("wall") == "program":
        return redirect("growth:program_wins", program_pk=win.group.program_id)
    return redirect(
        reverse("growth:group_wins", kwargs={"group_pk": win.group_id}) + f"#win-{win.pk}"
    )
