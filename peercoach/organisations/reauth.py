"""Asking for the password again before a sensitive change.

Changing roles, email addresses (someone else's, or confirming one's own) and the organisation's
settings needs a password entered within the last REAUTH_MINUTES: at sign-in or on the "confirm
your password" page. That page carries everything the form posted (hidden fields) and posts it
back to the same address with the password, so the change goes through once the password is
right and nothing typed is lost. The password is checked with `authenticate()`, so wrong ones
count towards the sign-in lockout like any other.

Only POSTs are checked, and only those `when(request, **kwargs)` says are sensitive; `when`
runs the view's own access check first, so someone who may not make the change gets the
view's 404, not this page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from peercoach import access
from peercoach.organisations.accounts import username_for
from peercoach.organisations.decorators import PersonRequest
from peercoach.organisations.models import Role

PASSWORD_AT = "peercoach_password_at"
PASSWORD_FIELD = "reauth_password"
NOT_CARRIED = {PASSWORD_FIELD, "csrfmiddlewaretoken"}


def mark_fresh(request: HttpRequest) -> None:
    request.session[PASSWORD_AT] = time.time()


def fresh_at_sign_in(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """Connected to `user_logged_in`: signing in is entering the password."""
    if request is not None and hasattr(request, "session"):
        mark_fresh(request)


def is_fresh(request: HttpRequest) -> bool:
    entered = request.session.get(PASSWORD_AT)
    return entered is not None and time.time() - entered <= settings.REAUTH_MINUTES * 60


def _without_password(request: HttpRequest) -> None:
    posted = request.POST.copy()
    posted.pop(PASSWORD_FIELD, None)
    request.POST = posted


def _confirm_page(request: HttpRequest, error: str) -> HttpResponse:
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_CARRIED
        for value in values
    ]
    return render(
        request,
        "organisations/reauth.html",
        {
            "fields": fields,
            "error": error,
            "action": request.get_full_path(),
            "reauth_minutes": settings.REAUTH_MINUTES,
        },
        status=403 if error else 200,
    )


def reauth_required(
    when: Callable[..., bool] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "POST" or (
                when is not None and not when(request, *args, **kwargs)
            ):
                return view(request, *args, **kwargs)
            if PASSWORD_FIELD not in request.POST:
                if is_fresh(request):
                    return view(request, *args, **kwargs)
                return _confirm_page(request, "")
            user = authenticate(
                request,
                username=username_for(request.user.get_username()),
                password=request.POST[PASSWORD_FIELD],
            )
            if user is None or user.pk != request.user.pk:
                return _confirm_page(request, _("That password is not right. Please try again."))
            mark_fresh(request)
            _without_password(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# What is sensitive, per view. Each runs the view's own access check first (404 for others).


def changes_role_or_email(request: PersonRequest, person_pk: int) -> bool:
    editing = access.get_person_to_manage(request.person, person_pk)
    role = request.POST.get("role", editing.role)
    email = request.POST.get("email", editing.email)
    return (role != editing.role and request.person.is_admin) or username_for(
        email
    ) != username_for(editing.email)


def adds_a_role(request: PersonRequest) -> bool:
    access.require_program_runner(request.person)
    return request.POST.get("role", Role.PARTICIPANT) != Role.PARTICIPANT


def changes_organisation_settings(request: PersonRequest) -> bool:
    access.require_organisation_admin(request.person)
    return True


def always(request: HttpRequest, *args, **kwargs) -> bool:
    return True
