"""Goals: a member's own goals, their progress and status; the counts a program's lead sees."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.growth import services
from peercoach.growth.chart import build_chart
from peercoach.growth.forms import (
    GoalForm,
    ProgressForm,
)
from peercoach.growth.goal_helper import check_goal, is_vague
from peercoach.growth.models import (
    GoalStatus,
)
from peercoach.lib.messages import flash_form_errors
from peercoach.methods.models import Activity
from peercoach.organisations.decorators import PersonRequest, person_required


@person_required
def goal_list(request: PersonRequest) -> HttpResponse:
    person = request.person
    goals = access.goals_visible_to(person).select_related("owner", "group")
    return render(
        request,
        "growth/goal_list.html",
        {
            "own_goals": [g for g in goals if g.owner_id == person.pk],
            "shared_goals": [g for g in goals if g.owner_id != person.pk],
            "groups": access.groups_of(person).select_related("program"),
            "programs_run": access.programs_run_by(person),
        },
    )


def _goal_form(request: HttpRequest, person, group, goal=None) -> GoalForm:
    initial = {}
    if goal is not None:
        initial["milestones"] = "\n".join(m.title for m in goal.milestones.all())
    return GoalForm(
        request.POST or None,
        instance=goal,
        initial=initial,
        sessions=access.goals_sessions_for(person, group),
        action_items=access.action_items_to_link(person, group),
        activities=Activity.objects.available_to(person.organisation_id),
    )


def _goal_hints(form: GoalForm) -> list:
    """The goal helper's hints for a valid form; vague goals wait for "save anyway"."""
    data = form.cleaned_data
    return check_goal(
        data["what"],
        metric=data["metric"],
        target=data["target"],
        milestones=data["milestones"],
        due_on=data["due_on"],
        why=data["why"],
    )


@person_required
def goal_create(request: PersonRequest, group_pk: int) -> HttpResponse:
    person = request.person
    group = access.group_for_member(person, group_pk)
    form = _goal_form(request, person, group)
    hints = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        hints = _goal_hints(form)
        if not is_vague(hints) or data["save_anyway"]:
            goal = form.save(commit=False)
            goal.owner, goal.group = person, group
            services.do_create_goal(goal, data["milestones"], data.get("action_items", []))
            messages.success(request, _("Your goal is set."))
            return redirect("growth:goal", goal_pk=goal.pk)
    return render(request, "growth/goal_form.html", {"form": form, "group": group, "hints": hints})


@person_required
def goal_edit(request: PersonRequest, goal_pk: int) -> HttpResponse:
    person = request.person
    goal = access.get_own_goal_for(person, goal_pk)
    form = _goal_form(request, person, goal.group, goal)
    hints = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        hints = _goal_hints(form)
        if not is_vague(hints) or data["save_anyway"]:
            goal = form.save(commit=False)
            services.do_update_goal(goal, data["milestones"], data.get("action_items"))
            messages.success(request, _("Your goal is updated."))
            return redirect("growth:goal", goal_pk=goal.pk)
    return render(
        request,
        "growth/goal_form.html",
        {"form": form, "group": goal.group, "goal": goal, "hints": hints},
    )


@person_required
def goal_delete(request: PersonRequest, goal_pk: int) -> HttpResponse:
    """GET asks for confirmation; only a POST deletes, with its milestones and progress."""
    goal = access.get_own_goal_for(request.person, goal_pk)
    if request.method == "POST":
        goal.delete()
        messages.success(request, _("Your goal and its progress are deleted."))
        return redirect("growth:goals")
    return render(
        request,
        "growth/goal_delete.html",
        {"goal": goal, "update_count": goal.updates.count()},
    )


@person_required
@require_POST
def goal_check(request: PersonRequest) -> HttpResponse:
    """htmx: the goal helper's hints for the draft being typed."""
    milestones = [line for line in request.POST.get("milestones", "").splitlines() if line.strip()]
    hints = check_goal(
        request.POST.get("what", ""),
        metric=request.POST.get("metric", ""),
        target=request.POST.get("target") or None,
        milestones=milestones,
        due_on=_parse_date(request.POST.get("due_on", "")),
        why=request.POST.get("why", ""),
    )
    return render(request, "growth/_goal_hints.html", {"hints": hints, "checked": True})


def _parse_date(value: str):
    from django.utils.dateparse import parse_date

    try:
        return parse_date(value)
    except ValueError:
        return None


@person_required
def goal_detail(request: PersonRequest, goal_pk: int) -> HttpResponse:
    person = request.person
    goal = access.get_goal_for(person, goal_pk)
    updates = list(goal.updates.select_related("milestone").order_by("recorded_on", "pk"))
    series = [(u.recorded_on, u.value) for u in updates if u.value is not None]
    is_owner = goal.owner_id == person.pk
    return render(
        request,
        "growth/goal_detail.html",
        {
            "goal": goal,
            "updates": updates,
            "milestones": goal.milestones.all(),
            "action_items": goal.action_items.select_related("session"),
            "chart": build_chart(series, baseline=goal.baseline, target=goal.target),
            "is_owner": is_owner,
            "progress_form": ProgressForm(goal=goal) if is_owner else None,
            "statuses": GoalStatus,
            "next_update_on": services.next_update_on(goal, updates) if is_owner else None,
            "today": timezone.localdate(),
        },
    )


@person_required
@require_POST
def progress_add(request: PersonRequest, goal_pk: int) -> HttpResponse:
    goal = access.get_own_goal_for(request.person, goal_pk)
    form = ProgressForm(request.POST, goal=goal)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("growth:goal", goal_pk=goal.pk)
    update = form.save(commit=False)
    update.goal = goal
    if services.do_record_progress(update):
        messages.success(request, _("You reached your goal! Why not record it as a win?"))
        return _suggest_win(goal)
    if update.milestone_id:
        messages.success(request, _("A milestone reached! Worth celebrating as a win?"))
        return _suggest_win(goal)
    messages.success(request, _("Progress recorded."))
    return redirect(reverse("growth:goal", kwargs={"goal_pk": goal.pk}) + "#history")


@person_required
@require_POST
def goal_status(request: PersonRequest, goal_pk: int) -> HttpResponse:
    goal = access.get_own_goal_for(request.person, goal_pk)
    status = request.POST.get("status")
    if status not in GoalStatus.values:
        raise Http404
    services.do_set_status(goal, status)
    if status == GoalStatus.ACHIEVED:
        messages.success(request, _("You reached your goal! Why not record it as a win?"))
        return _suggest_win(goal)
    return redirect("growth:goal", goal_pk=goal.pk)


def _suggest_win(goal) -> HttpResponse:
    wins_url = reverse("growth:group_wins", kwargs={"group_pk": goal.group_id})
    return redirect(f"{wins_url}?goal={goal.pk}#win-form")


@person_required
def program_goals(request: PersonRequest, program_pk: int) -> HttpResponse:
    """For the program's lead: counts of goals by status, where owners allowed it."""
    program = access.get_program_to_run(request.person, program_pk)
    counts = access.goal_status_counts(request.person, program)
    rows = [(label, counts[value]) for value, label in GoalStatus.choices]
    held_back = None in counts.values()
    return render(
        request,
        "growth/program_goals.html",
        {
            "program": program,
            "rows": rows,
            "total": None if held_back else sum(counts.values()),
            "held_back": held_back,
            "minimum": access.minimum_group_size(),
        },
    )
