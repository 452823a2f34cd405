from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from peercoach.organisations.models import Person

SESSION_KEY = "current_person_id"


def memberships_of(user) -> QuerySet[Person]:
    """The active memberships of a signed-in user, one per organisation."""
    return Person.objects.filter(user=user, is_active=True).select_related("organisation")


def choose(request: HttpRequest, person: Person) -> None:
    """Act as `person` (one of the user's own memberships) from now on."""
    request.session[SESSION_KEY] = person.pk


def person_of(request: HttpRequest) -> Person | None:
    """The signed-in `Person` of `request`, or None where there is none: `CurrentPersonMiddleware`
    leaves `request.person` unset then (signed out, deactivated, a superuser without a
    membership). Views decorated with `person_required` read `request.person` directly."""
    return request.__dict__.get("person")


def forget_person(request: HttpRequest) -> None:
    """Someone was signed out during this request: from now on it has no `person`."""
    request.__dict__.pop("person", None)


def current_person_for(request: HttpRequest) -> Person | None:
    """The membership the signed-in user is acting as (chosen organisation, else the first)."""
    if not request.user.is_authenticated:
        return None
    people = memberships_of(request.user)
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        person = people.filter(pk=chosen).first()
        if person:
            return person
    return people.order_by("pk").first()
