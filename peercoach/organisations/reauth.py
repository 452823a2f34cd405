"""Asking for the password again before a sensitive change.

Changing roles, email addresses (someone else's, or confirming one's own) and the organisation's
settings needs a password entered within the last REAUTH_MINUTES: at sign-in or on the "confirm
your password" page. That page carries everything the form posted (hidden fields) and posts it
back to the same address with the password, so the change goes through once the password is
right and nothing typed is lost. The password is checked with `authenticate()`, so wrong ones
count towards the sign-in lockout like any other.

Someone without a password of theirs (signed in through single sign-on, or never chose one)
is not asked for one: the page sends them through their organisation's identity provider again
(the change waits in the session and is saved from the page they come back to), or, where that
is not possible, asks a code from their authenticator app. `peercoach.identity` provides both
(`WithoutPassword`, registered when it is ready); this module knows nothing else of them.

Only POSTs are checked, and only those `when(request, **kwargs)` says are sensitive; `when`
runs the view's own access check first, so someone who may not make the change gets the
view's 404, not this page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from peercoach import access
from peercoach.organisations.accounts import username_for
from peercoach.organisations.decorators import PersonRequest
from peercoach.organisations.models import Role

PASSWORD_AT = "peercoach_password_at"
PASSWORD_FIELD = "reauth_password"
CODE_FIELD = "reauth_code"
NOT_CARRIED = {PASSWORD_FIELD, CODE_FIELD, "csrfmiddlewaretoken"}
# How the current session signed in (set by peercoach.identity's single sign-on).
SIGNED_IN_WITH_KEY = "signed_in_with"
SIGNED_IN_WITH_SSO = "sso"
# The change waiting while someone confirms through their identity provider.
PENDING_KEY = "reauth_pending"


@dataclass(frozen=True)
class WithoutPassword:
    """How someone without a password confirms it is them (provided by peercoach.identity)."""

    sso_possible: Callable[[HttpRequest], bool]
    has_code: Callable[[object], bool]
    verify_code: Callable[[object, str], bool]


without_password: WithoutPassword | None = None


def register(provided: WithoutPassword) -> None:
    global without_password
    without_password = provided


def signed_in_without_password(request: HttpRequest) -> bool:
    return (
        request.session.get(SIGNED_IN_WITH_KEY) == SIGNED_IN_WITH_SSO
        or not request.user.has_usable_password()
    )


def mark_fresh(request: HttpRequest, at: float | None = None) -> None:
    """Confirmed it is them now, or (`at`) no later than that moment."""
    now = time.time()
    request.session[PASSWORD_AT] = now if at is None else min(at, now)


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
    posted.pop(CODE_FIELD, None)
    request.POST = posted


def _carried(request: HttpRequest) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_CARRIED
        for value in values
    ]


def _confirm_page(request: HttpRequest, error: str) -> HttpResponse:
    fields, action = _carried(request), request.get_full_path()
    context = {
        "fields": fields,
        "error": error,
        "action": action,
        "reauth_minutes": settings.REAUTH_MINUTES,
    }
    template = "organisations/reauth.html"
    if without_password is not None and signed_in_without_password(request):
        request.session[PENDING_KEY] = {"action": action, "fields": fields}
        template = "organisations/reauth_without_password.html"
        context["sso_possible"] = without_password.sso_possible(request)
        context["has_code"] = without_password.has_code(request.user)
    return render(request, template, context, status=403 if error else 200)


def resume(request: HttpRequest) -> HttpResponse:
    """Back from the identity provider, confirmed: the waiting change, to be saved with a press."""
    pending = request.session.pop(PENDING_KEY, None)
    if not isinstance(pending, dict) or not str(pending.get("action", "")).startswith("/"):
        return redirect("home")
    return render(
        request,
        "organisations/reauth_confirmed.html",
        {"fields": pending.get("fields") or [], "action": pending["action"]},
    )


# Wrong codes an account may give here before it must wait: six digits are guessable otherwise.
CODE_ATTEMPTS = 5
CODE_ATTEMPTS_SECONDS = 15 * 60


def _code_is_right(request: HttpRequest) -> bool:
    """A right code from the account's authenticator; only CODE_ATTEMPTS wrong ones a while."""
    key = f"reauth-code-failures:{request.user.pk}"
    failures = cache.get(key, 0)
    if without_password is None or failures >= CODE_ATTEMPTS:
        return False
    if without_password.verify_code(request.user, "".join(request.POST[CODE_FIELD].split())):
        cache.delete(key)
        return True
    cache.set(key, failures + 1, CODE_ATTEMPTS_SECONDS)
    return False


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
            if PASSWORD_FIELD not in request.POST and CODE_FIELD not in request.POST:
                if is_fresh(request):
                    return view(request, *args, **kwargs)
                return _confirm_page(request, "")
            if CODE_FIELD in request.POST:
                # Only for someone without a password: for the others it asks the password.
                if not signed_in_without_password(request) or not _code_is_right(request):
                    return _confirm_page(request, _("That code is not right. Please try again."))
                mark_fresh(request)
                _without_password(request)
                return view(request, *args, **kwargs)
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
