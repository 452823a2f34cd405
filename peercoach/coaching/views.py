from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.coaching import actions
from peercoach.coaching.forms import (
    ActionItemForm,
    EntryForm,
    NewSessionForm,
    SessionEditForm,
    members_of,
)
from peercoach.coaching.models import Attendance, CoachingSession, Section, SessionStatus
from peercoach.lib.ids import ids_or_404
from peercoach.lib.messages import flash_form_errors, flash_refusal
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.organisations.people_search import numbered, pick

AGENDA = [
    (Section.FOLLOW_UP,),
    (Section.WIN, Section.CHALLENGE),
    (Section.OBJECTIVE,),
    (Section.QUESTION, Section.FEEDBACK),
    (Section.NOTE,),
]


@person_required
@require_POST
def session_create(request: PersonRequest, group_pk: int) -> HttpResponse:
    group = access.get_group_for(request.person, group_pk)
    form = NewSessionForm(request.POST)
    if form.is_valid():
        first = form.save(commit=False)
        sessions = actions.do_schedule_series(
            group, first, form.cleaned_data["repeat"], request.person.effective_time_zone
        )
        messages.success(
            request,
            ngettext(
                "The session was scheduled.",
                "%(count)d sessions were scheduled.",
                len(sessions),
            )
            % {"count": len(sessions)},
        )
        return redirect("coaching:session", session_pk=sessions[0].pk)
    flash_form_errors(request, form)
    return redirect("coaching:group_detail", group_pk=group.pk)


@person_required
def session_detail(request: PersonRequest, session_pk: int) -> HttpResponse:
    return _session_page(request, access.get_session_for(request.person, session_pk))


def _session_page(
    request: PersonRequest, session: CoachingSession, entry_form: EntryForm | None = None
) -> HttpResponse:
    """The session page; `entry_form` is a note that could not be added, shown back as typed."""
    context = {"session": session, "group": session.group, "is_member": False}
    members = session.roll().select_related("person")
    context["members"] = members
    attendance = dict(
        Attendance.objects.filter(session=session).values_list("person_id", "present")
    )
    context["attendance"] = attendance
    context["attended"] = sum(attendance.values())
    context["roll"] = [(m, attendance.get(m.person_id, True)) for m in members]
    if access.can_read_content(request.person, session):
        context.update(_agenda_context(request, session, entry_form))
    else:
        context["counts"] = CoachingSession.objects.filter(pk=session.pk).aggregate(
            entries=Count("entries", distinct=True), actions=Count("action_items", distinct=True)
        )
    return render(request, "coaching/session_detail.html", context)


def _agenda_context(
    request: PersonRequest, session: CoachingSession, entry_form: EntryForm | None = None
) -> dict:
    person = request.person
    entries = list(
        access.entries_visible_to(person)
        .filter(session=session)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    by_section: dict[str, list] = {section: [] for section in Section.values}
    for entry in entries:
        by_section[entry.section].append(entry)
    agenda = [
        {
            "key": step[0].value,
            "title": " · ".join(str(section.label) for section in step),
            "count": sum(len(by_section[section]) for section in step),
            "parts": [
                {
                    "section": section,
                    "label": section.label,
                    "entries": by_section[section],
                    "form": entry_form
                    if entry_form is not None and entry_form.prefix == section
                    else EntryForm(initial={"section": section}, prefix=section),
                }
                for section in step
            ],
        }
        for step in AGENDA
    ]
    previous = session.previous_in_group(among=access.sessions_with_content_for(person))
    follow_up_items = (
        access.action_items_visible_to(person)
        .filter(session=previous)
        .select_related("owner", "commitment")
        if previous
        else []
    )
    return {
        "is_member": True,
        "agenda": agenda,
        "requested_step": step_of(entry_form.prefix)
        if entry_form is not None
        else request.GET.get("step", ""),
        "action_items": access.action_items_visible_to(person)
        .filter(session=session)
        .select_related("owner"),
        "action_form": ActionItemForm(members=members_of(session), initial={"owner": person}),
        "previous_session": previous,
        "follow_up_items": follow_up_items,
    }


def step_of(section: str) -> str:
    """The agenda step a section belongs to, named by the step's first section."""
    return next((step[0].value for step in AGENDA if section in step), AGENDA[0][0].value)


def session_url(session_pk: int, step: str = "", anchor: str = "") -> str:
    """The session page with `step` open (after writing in it without JavaScript)."""
    url = reverse("coaching:session", kwargs={"session_pk": session_pk})
    return url + (f"?step={step}" if step else "") + anchor


@person_required
@require_POST
def entry_add(request: PersonRequest, session_pk: int) -> HttpResponse:
    """Add an entry to a section: the section's list for htmx, else back to the open step."""
    session = access.get_session_with_content_for(request.person, session_pk)
    section = request.POST.get("section_name", "")
    form = EntryForm(request.POST, prefix=section if section in Section.values else None)
    htmx = bool(request.headers.get("HX-Request")) and form.prefix is not None
    if form.is_valid():
        try:
            actions.do_add_entry(
                session, request.person, form.cleaned_data["section"], form.cleaned_data["text"]
            )
        except ValidationError as error:
            if not htmx:
                flash_refusal(request, error)
            form.add_error(None, error)
        else:
            form = EntryForm(initial={"section": section}, prefix=section)
    elif not form.prefix:
        flash_form_errors(request, form)
    if htmx:
        return render(request, "coaching/_agenda_part.html", _part_context(request, session, form))
    if form.prefix and form.errors and not form.non_field_errors():
        # Shown back with the error, so nothing typed is lost (a note past its length, say).
        return _session_page(request, session, entry_form=form)
    return redirect(session_url(session.pk, step_of(section), f"#section-{section}"))


def _part_context(request: PersonRequest, session: CoachingSession, form: EntryForm) -> dict:
    """One agenda section after an htmx write, with its step's new count (swapped out of band)."""
    section = form.prefix
    form.fields["text"].widget.attrs["autofocus"] = True  # focus back where the writing goes on
    step = next(step for step in AGENDA if section in step)
    entries = list(
        access.entries_visible_to(request.person)
        .filter(session=session, section__in=step)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    part = {
        "section": section,
        "label": Section(section).label,
        "entries": [entry for entry in entries if entry.section == section],
        "form": form,
    }
    return {"session": session, "part": part, "step_key": step[0].value, "count": len(entries)}


@person_required
@require_POST
def action_item_add(request: PersonRequest, session_pk: int) -> HttpResponse:
    session = access.get_session_with_content_for(request.person, session_pk)
    form = ActionItemForm(request.POST, members=members_of(session))
    if form.is_valid():
        actions.do_add_action_item(
            session,
            created_by=request.person,
            owner=form.cleaned_data["owner"],
            text=form.cleaned_data["text"],
            due_on=form.cleaned_data["due_on"],
        )
    else:
        flash_form_errors(request, form)
    return redirect(session_url(session.pk, "actions", "#actions"))


@person_required
@require_POST
def action_item_toggle(request: PersonRequest, item_pk: int) -> HttpResponse:
    item = access.get_action_item_for(request.person, item_pk)
    actions.do_toggle_action_item(item)
    if request.headers.get("HX-Request"):
        return render(request, "coaching/_action_item.html", {"item": item})
    next_url = request.POST.get("next")
    if next_url == "home":
        return redirect("home")
    return redirect(session_url(item.session_id, "actions", "#actions"))


@person_required
@require_POST
def session_mark_held(request: PersonRequest, session_pk: int) -> HttpResponse:
    session = access.get_session_for(request.person, session_pk)
    try:
        actions.do_mark_held(session)
    except ValidationError as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("The session is marked as held."))
    return redirect("coaching:session", session_pk=session.pk)


@person_required
def session_edit(request: PersonRequest, session_pk: int) -> HttpResponse:
    """Reschedule: members and the program's leads may move a planned session."""
    session = access.get_session_for(request.person, session_pk)
    if session.status != SessionStatus.PLANNED:
        messages.error(request, _("Only a planned session can be rescheduled."))
        return redirect("coaching:session", session_pk=session.pk)
    form = SessionEditForm(request.POST or None, instance=session)
    theirs = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_reschedule(session.pk, form.cleaned_data, form.cleaned_data["version"])
        except actions.EditConflict as conflict:
            # Keep what this member typed and show what the other one saved; saving again
            # (against the version shown now) is a deliberate choice to replace it.
            theirs = conflict.current
            data = request.POST.copy()
            data["version"] = str(theirs.version)
            form = SessionEditForm(data, instance=theirs)
        except ValidationError as error:
            flash_refusal(request, error)
            return redirect("coaching:session", session_pk=session.pk)
        else:
            messages.success(request, _("The session was rescheduled."))
            return redirect("coaching:session", session_pk=session.pk)
    return render(
        request, "coaching/session_form.html", {"form": form, "session": session, "theirs": theirs}
    )


@person_required
@require_POST
def session_cancel(request: PersonRequest, session_pk: int) -> HttpResponse:
    session = access.get_session_for(request.person, session_pk)
    actions.do_cancel(session)
    messages.success(request, _("The session was cancelled."))
    return redirect("coaching:group_detail", group_pk=session.group_id)


@person_required
@require_POST
def attendance_record(request: PersonRequest, session_pk: int) -> HttpResponse:
    session = access.get_session_with_content_for(request.person, session_pk)
    present = ids_or_404(request.POST.getlist("present"))
    # The form names the people it showed (`roll`) and what it showed for them (`seen`); an
    # older form without them names every member.
    named = ids_or_404(request.POST.getlist("roll")) or set(
        members_of(session).values_list("pk", flat=True)
    )
    seen = {
        pk: pk in ids_or_404(request.POST.getlist("seen_present"))
        for pk in ids_or_404(request.POST.getlist("seen"))
    }
    try:
        actions.do_record_attendance(session, {pk: pk in present for pk in named}, seen)
    except ValidationError as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("Attendance was saved."))
    return redirect("coaching:session", session_pk=session.pk)


LISTED = 30  # sessions per part of the list; older ones stay on the group pages
PAST_PER_PAGE = 20  # a group page's past sessions, newest first


@person_required
def session_list(request: PersonRequest) -> HttpResponse:
    """The sessions of the person's own groups: upcoming first, then the latest past ones."""
    sessions = access.sessions_with_content_for(request.person).select_related("group__program")
    now = timezone.now()
    return render(
        request,
        "coaching/session_list.html",
        {
            "upcoming": sessions.filter(starts_at__gte=now).order_by("starts_at", "pk")[:LISTED],
            "past": sessions.filter(starts_at__lt=now).order_by("-starts_at", "-pk")[:LISTED],
            "listed": LISTED,
            "time_zone": request.person.effective_time_zone,
        },
    )


# The group page: its members, its sessions and the form to plan one.


@person_required
def group_detail(request: PersonRequest, group_pk: int) -> HttpResponse:
    group = access.get_group_for(request.person, group_pk, standing=True)
    # A group of a long program meets a hundred times: the next sessions first, then the past
    # ones newest first, a page at a time.
    now = timezone.now()
    listed = group.sessions.values("pk", "starts_at", "status")  # what the list shows of each
    upcoming = listed.filter(starts_at__gte=now).order_by("starts_at", "pk")[:LISTED]
    past = listed.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    past_page = numbered(Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page")))
    return render(
        request,
        "coaching/group_detail.html",
        {
            "group": group,
            "members": group.memberships.taking_part().select_related("person"),
            "is_member": group.is_member,
            "upcoming": upcoming,
            "past": past_page,
            "session_form": NewSessionForm(),
            # Whoever runs the program finds who to add by typing: a program has thousands.
            "add_member": pick(group.candidates(), name="person", text=request.GET.get("find", ""))
            if group.runs_program
            else None,
        },
    )
