from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.lib.ids import id_or_404, parse_id
from peercoach.lib.messages import flash_form_errors
from peercoach.methods.models import Activity
from peercoach.organisations.decorators import PersonRequest, person_required

from . import library_files, services
from .chart import build_chart
from .forms import (
    CommentForm,
    FeedbackForm,
    FeedbackRequestForm,
    GoalForm,
    JournalForm,
    LibraryItemForm,
    ProgressForm,
    ReplyForm,
    ShareForm,
    WinForm,
)
from .goal_helper import check_goal, is_vague
from .models import (
    REACTION_SYMBOLS,
    FeedbackRequestStatus,
    GoalStatus,
    ReactionKind,
)
from .phrasing import check_phrasing

# Goals


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


# Feedback


@person_required
def feedback_list(request: PersonRequest) -> HttpResponse:
    person = request.person
    feedback = access.feedback_visible_to(person).select_related("giver", "receiver")
    requests = access.feedback_requests_visible_to(person).select_related("requester", "recipient")
    colleagues = access.colleagues_of(person)
    return render(
        request,
        "growth/feedback_list.html",
        {
            "received": [f for f in feedback if f.receiver_id == person.pk],
            "given": [f for f in feedback if f.giver_id == person.pk],
            "asked_of_me": [
                r
                for r in requests
                if r.recipient_id == person.pk and r.status == FeedbackRequestStatus.OPEN
            ],
            "my_requests": [r for r in requests if r.requester_id == person.pk],
            "request_form": FeedbackRequestForm(colleagues=colleagues),
        },
    )


@person_required
def feedback_create(request: PersonRequest) -> HttpResponse:
    person = request.person
    feedback_request = None
    if "request" in request.GET:
        feedback_request = access.get_request_to_answer(person, id_or_404(request.GET["request"]))
    initial = {}
    if feedback_request:
        initial["receiver"] = feedback_request.requester_id
    elif receiver_pk := parse_id(request.GET.get("to")):
        initial["receiver"] = receiver_pk
    if session_pk := parse_id(request.GET.get("session")):
        initial["session"] = session_pk
    form = FeedbackForm(
        request.POST or None,
        initial=initial,
        colleagues=access.colleagues_of(person),
        sessions=access.sessions_to_share_in(person),
    )
    hints = []
    if request.method == "POST":
        text = "\n".join(
            [request.POST.get("strengths_text", ""), request.POST.get("growth_text", "")]
        )
        hints = check_phrasing(text)
        # Without JavaScript the hints appear after the first submit; the second one sends.
        reviewed = request.POST.get("phrasing_reviewed") == "1"
        if form.is_valid() and (not hints or reviewed):
            feedback = form.save(commit=False)
            feedback.giver = person
            feedback.request = feedback_request
            feedback.save()
            if feedback_request:
                feedback_request.status = FeedbackRequestStatus.ANSWERED
                feedback_request.save(update_fields=["status"])
            messages.success(request, _("Your feedback was sent."))
            return redirect("growth:feedback", feedback_pk=feedback.pk)
    return render(
        request,
        "growth/feedback_form.html",
        {"form": form, "hints": hints, "feedback_request": feedback_request},
    )


@person_required
@require_POST
def phrasing_hints(request: PersonRequest) -> HttpResponse:
    """htmx: phrasing hints for the feedback being typed."""
    text = "\n".join([request.POST.get("strengths_text", ""), request.POST.get("growth_text", "")])
    return render(
        request, "growth/_phrasing_hints.html", {"hints": check_phrasing(text), "checked": True}
    )


@person_required
def feedback_detail(request: PersonRequest, feedback_pk: int) -> HttpResponse:
    person = request.person
    feedback = access.get_feedback_for(person, feedback_pk)
    return render(
        request,
        "growth/feedback_detail.html",
        {
            "feedback": feedback,
            "is_receiver": feedback.receiver_id == person.pk,
            "reply_form": ReplyForm(initial={"reply": feedback.reply}),
        },
    )


@person_required
@require_POST
def feedback_helpful(request: PersonRequest, feedback_pk: int) -> HttpResponse:
    feedback = access.get_received_feedback_for(request.person, feedback_pk)
    feedback.helpful = request.POST.get("helpful") == "yes"
    feedback.save(update_fields=["helpful"])
    messages.success(request, _("Thank you, the giver will see your answer."))
    return redirect("growth:feedback", feedback_pk=feedback.pk)


@person_required
@require_POST
def feedback_reply(request: PersonRequest, feedback_pk: int) -> HttpResponse:
    feedback = access.get_received_feedback_for(request.person, feedback_pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        feedback.reply = form.cleaned_data["reply"]
        feedback.replied_at = timezone.now()
        feedback.save(update_fields=["reply", "replied_at"])
        messages.success(request, _("Your reply was sent."))
    return redirect("growth:feedback", feedback_pk=feedback.pk)


@person_required
@require_POST
def feedback_request_create(request: PersonRequest) -> HttpResponse:
    person = request.person
    form = FeedbackRequestForm(request.POST, colleagues=access.colleagues_of(person))
    if form.is_valid():
        feedback_request = form.save(commit=False)
        feedback_request.requester = person
        feedback_request.save()
        messages.success(request, _("Your request was sent."))
    else:
        flash_form_errors(request, form)
    return redirect("growth:feedback_list")


@person_required
@require_POST
def feedback_request_decline(request: PersonRequest, request_pk: int) -> HttpResponse:
    feedback_request = access.get_request_to_answer(request.person, request_pk)
    feedback_request.status = FeedbackRequestStatus.DECLINED
    feedback_request.save(update_fields=["status"])
    return redirect("growth:feedback_list")


# Wins


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


# Library


@person_required
def library(request: PersonRequest) -> HttpResponse:
    person = request.person
    items = access.library_items_visible_to(person).select_related("shared_by", "group", "program")
    groups = access.groups_of(person).select_related("program")
    return render(
        request,
        "growth/library.html",
        {
            "items": items,
            "groups": groups,
            "programs": access.programs_to_share_with(person).order_by("name", "pk"),
        },
    )


def _library_form(request: HttpRequest, person, *, group=None, program=None):
    goals = access.goals_visible_to(person).filter(owner=person)
    sessions = access.sessions_to_share_in(person)
    if group is not None:
        goals, sessions = goals.filter(group=group), sessions.filter(group=group)
    else:
        goals = goals.filter(group__program=program)
        sessions = sessions.filter(group__program=program)
    return LibraryItemForm(
        request.POST or None,
        request.FILES or None,
        goals=goals,
        sessions=sessions,
        organisation=person.organisation,
    )


def _library_add(request: HttpRequest, *, group=None, program=None) -> HttpResponse:
    person = request.person
    form = _library_form(request, person, group=group, program=program)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.shared_by, item.group, item.program = person, group, program
        item.save()
        messages.success(request, _("Thank you for sharing."))
        return redirect("growth:library_item", libitem_pk=item.pk)
    return render(
        request, "growth/library_form.html", {"form": form, "group": group, "program": program}
    )


@person_required
def library_add_for_group(request: PersonRequest, group_pk: int) -> HttpResponse:
    return _library_add(request, group=access.group_for_member(request.person, group_pk))


@person_required
def library_add_for_program(request: PersonRequest, program_pk: int) -> HttpResponse:
    """Members of the program's groups, and whoever runs the program, share with all of it."""
    program = access.program_to_share_with(request.person, program_pk)
    return _library_add(request, program=program)


@person_required
def library_item(request: PersonRequest, libitem_pk: int) -> HttpResponse:
    item = access.get_library_item_for(request.person, libitem_pk)
    can_discuss = access.can_discuss(request.person, item)
    return render(
        request,
        "growth/library_item.html",
        {
            "item": item,
            "can_discuss": can_discuss,
            "comments": item.comments.select_related("author") if can_discuss else [],
            "form": CommentForm(),
        },
    )


@person_required
def library_file(request: PersonRequest, libitem_pk: int) -> HttpResponse:
    """Uploads are served only through here, after the access check (never from MEDIA_URL)."""
    item = access.get_library_item_for(request.person, libitem_pk)
    if not item.file:
        raise Http404
    return library_files.file_response(item)


@person_required
@require_POST
def library_comment(request: PersonRequest, libitem_pk: int) -> HttpResponse:
    person = request.person
    item = access.get_library_item_to_discuss(person, libitem_pk)
    form = CommentForm(request.POST)
    if form.is_valid() and form.cleaned_data["text"].strip():
        services.do_comment(item, person, form.cleaned_data["text"])
    return redirect(reverse("growth:library_item", kwargs={"libitem_pk": item.pk}) + "#discussion")


# Journal


@person_required
def journal(request: PersonRequest) -> HttpResponse:
    person = request.person
    form = JournalForm(request.POST or None, prefix="journal")
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.author = person
        entry.save()
        messages.success(request, _("Saved in your journal. Only you can read it."))
        return redirect("growth:journal")
    entries = access.journal_entries_visible_to(person).filter(author=person)
    return render(
        request,
        "growth/journal.html",
        {
            "form": form,
            "entries": entries.select_related("shared_in__group"),
            "share_form": ShareForm(sessions=access.sessions_to_share_in(person)),
        },
    )


@person_required
@require_POST
def journal_share(request: PersonRequest, journal_pk: int) -> HttpResponse:
    person = request.person
    entry = access.get_own_journal_entry(person, journal_pk)
    form = ShareForm(request.POST, sessions=access.sessions_to_share_in(person))
    if form.is_valid():
        entry.shared_in = form.cleaned_data["session"]
        entry.save(update_fields=["shared_in"])
        messages.success(request, _("Shared with the group of that session."))
    return redirect("growth:journal")
