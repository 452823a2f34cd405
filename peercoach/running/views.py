from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.lib import confirm
from peercoach.lib.messages import flash_form_errors, flash_refusal
from peercoach.lib.paging import CountedPaginator
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.organisations.people_search import (
    PeopleSearchForm,
    numbered,
    page_of,
    pick_several,
)
from peercoach.programs.forms import AddMemberForm, EnrolForm, GroupForm, ProgramForm
from peercoach.programs.models import EnrolmentStatus, ProgramStatus
from peercoach.running import actions, overview
from peercoach.running.join_views import join_link_context

GROUPS_PER_PAGE = 50


@person_required
def program_list(request: PersonRequest) -> HttpResponse:
    access.require_program_runner(request.person)
    programs = access.programs_run_by(request.person).annotate(
        enrolled=Count(
            "enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACTIVE), distinct=True
        ),
        group_count=Count("groups", distinct=True),
    )
    return render(request, "programs/program_list.html", {"programs": programs})


@person_required
def program_create(request: PersonRequest) -> HttpResponse:
    access.require_program_runner(request.person)
    form = ProgramForm(request.POST or None, organisation=request.person.organisation)
    if request.method == "POST" and form.is_valid():
        program = actions.do_create_program(form, by=request.person)
        messages.success(request, _("The program was created."))
        return redirect("programs:detail", program_pk=program.pk)
    return render(request, "programs/program_form.html", {"form": form, "program": None})


@person_required
def program_edit(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    form = ProgramForm(
        request.POST or None, instance=program, organisation=request.person.organisation
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes were saved."))
        return redirect("programs:detail", program_pk=program.pk)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


@person_required
def program_detail(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(
        request.person, program_pk, related=("organisation__privacy_settings", "retention")
    )
    groups_count, enrolled_count = overview.counts(program)
    # A page of groups in natural order ("Pair 2" before "Pair 10"), paged by the database;
    # only that page's groups are counted and their members fetched.
    ordered = program.groups.in_natural_order().values_list("pk", flat=True)
    paginator = CountedPaginator(ordered, GROUPS_PER_PAGE, count=groups_count)
    page = numbered(paginator.get_page(request.GET.get("page")))
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "enrolled_count": enrolled_count,
            "groups": overview.group_rows(list(page)),
            "page": page,
            "leads": list(program.leads.order_by("name").values_list("name", flat=True)),
            **join_link_context(program),
        },
    )


@person_required
def program_advance(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    if program.next_status and not confirm.confirmed(request):
        return confirm.ask(
            request,
            title=_("Move %(program)s to its next stage") % {"program": program.name},
            question=_("The program moves from “%(current)s” to “%(next)s”; this cannot be undone.")
            % {
                "current": program.get_status_display(),
                "next": ProgramStatus(program.next_status).label,
            },
            recipients=actions.advance_recipients(program),
            confirm_label=_("Move to the next stage"),
            back_url=reverse("programs:detail", kwargs={"program_pk": program.pk}),
        )
    if program.next_status:
        actions.do_advance(program)
        messages.success(
            request,
            _("The program is now: %(status)s.") % {"status": program.get_status_display()},
        )
    return redirect("programs:detail", program_pk=program.pk)


@person_required
def program_enrol(request: PersonRequest, program_pk: int) -> HttpResponse:
    """Find people to enrol, a page at a time; enrol the ticked ones, a department or everyone."""
    program = access.get_program_to_run(request.person, program_pk)
    # A deactivated person (a leaver) is not offered, counted or enrolled.
    candidates = access.people_managed_by(request.person).filter(is_active=True)
    not_enrolled = candidates.exclude(pk__in=program.enrolments.active().values("person_id"))
    search = PeopleSearchForm(request.GET, people=not_enrolled, roles=False)
    choices = {
        "candidates": candidates,
        "not_enrolled": not_enrolled,
        "organisation_id": program.organisation_id,
    }
    if request.method == "POST":
        form = EnrolForm(request.POST, **choices)
        if form.is_valid():
            added = actions.do_enrol(program, form.chosen_people())
            messages.success(request, _("%(count)d people enrolled.") % {"count": added})
        else:
            flash_form_errors(request, form)
        return redirect(request.get_full_path())
    found = search.filter(not_enrolled)
    form = EnrolForm(**choices)
    return render(
        request,
        "programs/program_enrol.html",
        {
            "program": program,
            "search": search,
            "page": page_of(found, request.GET.get("page")),
            "not_enrolled_count": not_enrolled.count(),
            "form": form,
            "last_import_count": form.from_last_import().count(),
        },
    )


@person_required
def group_create(request: PersonRequest, program_pk: int) -> HttpResponse:
    program = access.get_program_to_run(request.person, program_pk)
    enrolled = program.enrolled_people()
    # "Search" for members sends the form back as typed, unchecked: nothing chosen is lost.
    searching = request.method == "POST" and "_find" in request.POST
    typed = {"name": request.POST.get("name", ""), "members": request.POST.getlist("members")}
    form = GroupForm(
        None if searching else request.POST or None,
        initial=typed if searching else None,
        enrolled=enrolled,
    )
    if request.method == "POST" and not searching and form.is_valid():
        try:
            group = actions.do_form_group(
                program, form.cleaned_data["name"], form.cleaned_data["members"], request.person
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Group “%(name)s” was formed.") % {"name": group.name})
            return redirect("programs:detail", program_pk=program.pk)
    # Who is not in one of the program's groups yet, if the lead asked for them only.
    unplaced = searching and request.POST.get("unplaced") == "1"
    offered = enrolled.exclude(group_memberships__group__program=program) if unplaced else enrolled
    members = pick_several(
        offered,
        name="members",
        text=request.POST.get("find", "") if searching else "",
        chosen=form["members"].value() or (),
        chosen_from=enrolled,
    )
    return render(
        request,
        "programs/group_form.html",
        {"form": form, "program": program, "members": members, "unplaced": unplaced},
    )


@person_required
@require_POST
def group_member_add(request: PersonRequest, group_pk: int) -> HttpResponse:
    group = access.get_group_to_run(request.person, group_pk)
    form = AddMemberForm(request.POST, candidates=group.candidates())
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            actions.do_add_member(group, person, request.person)
        except ValidationError as error:
            flash_refusal(request, error)
        else:
            messages.success(
                request,
                _("%(name)s joined the group and is invited to its upcoming sessions.")
                % {"name": person.name},
            )
    else:
        flash_form_errors(request, form)
    return redirect("coaching:group_detail", group_pk=group.pk)


@person_required
def group_member_remove(request: PersonRequest, group_pk: int, person_pk: int) -> HttpResponse:
    group = access.get_group_to_run(request.person, group_pk)
    membership = get_object_or_404(group.memberships.select_related("person"), person_id=person_pk)
    person = membership.person
    if request.method == "POST":
        try:
            actions.do_remove_member(group, person)
        except ValidationError as error:
            flash_refusal(request, error)
        else:
            messages.success(
                request,
                _("%(name)s left the group; their upcoming sessions were cancelled for them.")
                % {"name": person.name},
            )
        return redirect("coaching:group_detail", group_pk=group.pk)
    return render(request, "programs/member_remove.html", {"group": group, "leaving": person})
