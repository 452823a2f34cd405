from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from peercoach import access
from peercoach.coaching.models import SessionStatus
from peercoach.organisations import accounts
from peercoach.organisations.decorators import PersonRequest, person_required


@person_required
def home(request: PersonRequest) -> HttpResponse:
    person = request.person
    groups = (
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
    return render(
        request,
        "home/home.html",
        {
            "groups": groups,
            "next_session": upcoming.first(),
            "upcoming_sessions": upcoming[:5],
            "open_items": open_items,
            "programs_run": access.programs_run_by(person).count()
            if person.can_run_programs
            else 0,
            "pending": accounts.pending_memberships(request.user),
        },
    )
