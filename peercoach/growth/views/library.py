"""The library: items shared with a group or a program, their files and discussion."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.growth import library_files, services
from peercoach.growth.forms import (
    CommentForm,
    LibraryItemForm,
)
from peercoach.organisations.decorators import PersonRequest, person_required


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
