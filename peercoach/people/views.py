"""The people pages of admins and leads: the list, adding someone and changing their record.

Access: `peercoach.access` (`people_managed_by`, `get_person_to_manage`); writes:
`peercoach.people.actions.do_save_person`.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peercoach import access
from peercoach.organisations import reauth
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.organisations.forms import PersonForm
from peercoach.organisations.people_search import PeopleSearchForm, page_of, pick
from peercoach.people import actions
from peercoach.programs.models import GroupMember


@person_required
def people_list(request: PersonRequest) -> HttpResponse:
    access.require_program_runner(request.person)
    everyone = access.people_managed_by(request.person)
    search = PeopleSearchForm(
        request.GET,
        people=everyone,
        programs=access.programs_run_by(request.person).values_list("pk", "name"),
    )
    found = search.filter(everyone)
    count = None if search.is_filtered else search.total
    rows = found.values("pk", "name", "email", "department", "job_title", "role", "manager__name")
    page = page_of(rows, request.GET.get("page"), count=count)
    # Counted for this page's people only: a subquery per row over the whole list is what made
    # the page slow at thousands of people.
    counts = dict(
        GroupMember.objects.filter(person_id__in=[row["pk"] for row in page])
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    for row in page:
        row["group_count"] = counts.get(row["pk"], 0)
    return render(
        request,
        "organisations/people_list.html",
        {"page": page, "search": search, "total": search.total},
    )


@person_required
@reauth.reauth_required(when=reauth.adds_a_role)
def person_add(request: PersonRequest) -> HttpResponse:
    editor = access.require_program_runner(request.person)
    searching = _finding_a_manager(request)
    form = PersonForm(
        None if searching else request.POST or None,
        initial=request.POST.dict() if searching else None,
        organisation=editor.organisation,
        editor=editor,
    )
    if request.method == "POST" and not searching and form.is_valid():
        added = form.save(commit=False)
        actions.do_save_person(added, editor=editor, old=None)
        messages.success(request, _("%(name)s was added.") % {"name": added.name})
        return redirect("people:list")
    return _person_form_page(request, form, None)


@person_required
@reauth.reauth_required(when=reauth.changes_role_or_email)
def person_edit(request: PersonRequest, person_pk: int) -> HttpResponse:
    editor = request.person
    editing = access.get_person_to_manage(editor, person_pk)
    old = copy.copy(editing)
    searching = _finding_a_manager(request)
    form = PersonForm(
        None if searching else request.POST or None,
        initial=request.POST.dict() if searching else None,
        instance=editing,
        organisation=editor.organisation,
        editor=editor,
    )
    if request.method == "POST" and not searching and form.is_valid():
        try:
            waiting = actions.do_save_person(form.save(commit=False), editor=editor, old=old)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form.save_m2m()
            messages.success(request, _("The changes were saved."))
            if waiting:
                messages.info(
                    request,
                    _(
                        "%(name)s has an account, so the email address changes once they confirm "
                        "%(email)s. We sent a link there and told their current address."
                    )
                    % {"name": editing.name, "email": waiting},
                )
            return redirect("people:list")
    return _person_form_page(request, form, editing)


def _finding_a_manager(request: HttpRequest) -> bool:
    # "Search" for a manager sends the form back as typed, unchecked and unsaved.
    return request.method == "POST" and "_find" in request.POST


def _person_form_page(request: HttpRequest, form: PersonForm, editing) -> HttpResponse:
    """The person form, whose manager is found by typing among the organisation's people."""
    text = request.POST.get("find", "") if _finding_a_manager(request) else ""
    manager = pick(
        form.fields["manager"].queryset,
        name="manager",
        text=text,
        chosen=form["manager"].value(),
    )
    return render(
        request,
        "organisations/person_form.html",
        {"form": form, "editing": editing, "manager": manager},
    )
