from __future__ import annotations

from django.http import HttpRequest

from peercoach.organisations.models import Person

SESSION_KEY = "current_person_id"


def current_person_for(request: HttpRequest) -> Person | None:
    """The membership the signed-in user is acting as (chosen organisation, else the first)."""
    if not request.user.is_authenticated:
        return None
    people = Person.objects.filter(user=request.user, is_active=True).select_related("organisation")
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        person = people.filter(pk=chosen).first()
        if person:
            return person
    return people.order_by("pk").first()
