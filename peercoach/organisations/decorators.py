"""View decorators about who is signed in."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from peercoach.organisations import accounts
from peercoach.organisations.current import person_of
from peercoach.organisations.models import Person


class PersonRequest(HttpRequest):
    """A request inside a `person_required` view: `person` is the signed-in `Person`, never None.

    Outside such views a request may have no `person` at all (see `CurrentPersonMiddleware`);
    ask `organisations.current.person_of(request)` there.
    """

    person: Person


def no_membership(request: HttpRequest) -> HttpResponse:
    """The page for someone signed in without an active membership (403, site layout)."""
    pending = accounts.pending_memberships(request.user)
    return render(request, "organisations/no_membership.html", {"pending": pending}, status=403)


def person_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in required, and an active membership: `request.person` is a `Person` inside.

    A deactivated person or an account with no membership (a superuser, someone whose invitation
    to another organisation is still to be accepted) gets a clear page instead.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if person_of(request) is None:
            return no_membership(request)
        return view(request, *args, **kwargs)

    return login_required(wrapped)
