"""The home page: what each role does next. A lead or admin sees a dashboard of their programs
(`dashboard.py`), a participant their next session, group and open actions, a manager what the
team report may show; one person can be several of these, and sees each part.

Access lives in `peercoach/access/`; the dashboard's counts in `dashboard.py`.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from peercoach import access
from peercoach.coaching.models import SessionStatus
from peercoach.home import dashboard, group_messages
from peercoach.home.forms import GroupMessageForm
from peercoach.organisations import accounts
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.reports import figures


@person_required
def home(request: PersonRequest) -> HttpResponse:
    person = request.person
    groups = list(access.groups_of(person).select_related("program").with_members_taking_part())
    in_groups = bool(groups) or access.ever_in_a_group(person)
    next_session, open_items = None, []
    if in_groups:  # most leads never were: no sessions or actions of their own to ask for
        next_session = (
            access.sessions_with_content_for(person)
            .filter(status=SessionStatus.PLANNED, starts_at__gte=timezone.now())
            .select_related("group")
            .order_by("starts_at")
            .first()
        )
        open_items = (
            access.action_items_visible_to(person)
            .filter(owner=person, done_at__isnull=True)
            .select_related("session__group")
            .order_by("due_on", "pk")
        )
    lead = dashboard.lead_dashboard(person) if person.can_run_programs else None
    return render(
        request,
        "home/home.html",
        {
            "lead": lead,
            # The health and self-assessment cards show leads their links when this is set.
            "programs_run": len(lead.programs) + lead.closed if lead else 0,
            "participant": bool(groups) or not person.can_run_programs,
            "team": figures.team_report(person) if access.manages_people(person) else None,
            "groups": groups,
            "in_groups": in_groups,
            "next_session": next_session,
            "open_items": open_items,
            "minimum": access.minimum_group_size(),
            "pending": accounts.pending_memberships(request.user),
            "message_form": GroupMessageForm(initial={"token": secrets.token_urlsafe(12)})
            if groups
            else None,
        },
    )


@person_required
@require_POST
def group_message(request: PersonRequest, group_pk: int) -> HttpResponse:
    """A member's short message to the rest of their group, one email each."""
    group = access.get_own_group(request.person, group_pk)
    form = GroupMessageForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("home")
    try:
        queued = group_messages.do_send(
            request.person, group, form.cleaned_data["text"], form.cleaned_data["token"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "Your message is on its way to %(count)d person in %(group)s.",
                "Your message is on its way to the %(count)d other people in %(group)s.",
                queued,
            )
            % {"count": queued, "group": group.name},
        )
    return redirect("home")
