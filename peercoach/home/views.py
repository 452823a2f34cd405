"""The home page: what each role does next. A lead or admin sees a dashboard of their programs
(`dashboard.py`), a participant their next session, group and open actions, a manager what the
team report may show; one person can be several of these, and sees each part.

Access lives in `peercoach/access/`; the dashboard's counts in `dashboard.py`.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from peercoach import access
from peercoach.coaching.models import SessionStatus
from peercoach.home import dashboard
from peercoach.organisations import accounts
from peercoach.organisations.decorators import PersonRequest, person_required
from peercoach.reports import figures


@person_required
def home(request: PersonRequest) -> HttpResponse:
    person = request.person
    groups = list(
        access.groups_of(person).select_related("program").prefetch_related("memberships__person")
    )
    upcoming = (
        access.sessions_with_content_for(person)
        .filter(status=SessionStatus.PLANNED, starts_at__gte=timezone.now())
        .select_related("group")
        .order_by("starts_at")
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
            "next_session": upcoming.first(),
            "open_items": open_items,
            "today": timezone.localdate(),
            "minimum": access.minimum_group_size(),
            "pending": accounts.pending_memberships(request.user),
        },
    )
