"""How long a sign-in lasts, and ending it.

A session ends after `SESSION_IDLE_SECONDS` without a request and, however active, after
`SESSION_ABSOLUTE_SECONDS` from sign-in. Django gives a new session key at sign-in (no fixation).
Deactivating a person ends their user's sessions at once (`end_sessions_of`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from peercoach.lib.models import UserSession
from peercoach.organisations.current import forget_person

FIRST_SEEN = "peercoach_first_seen"
LAST_SEEN = "peercoach_last_seen"
# Writing the session on every request would cost a write each time; a minute's precision is
# plenty for a timeout measured in hours.
TOUCH_EVERY_SECONDS = 60


def end_sessions_of(user) -> int:
    """Sign the user out everywhere, now: every session of theirs is deleted. Returns how many."""
    if user is None:
        return 0
    deleted, _ = UserSession.objects.filter(user_id=user.pk).delete()
    return deleted


def start_session_clock(sender, request: HttpRequest, user, **kwargs) -> None:
    """At every sign-in (connected to Django's `user_logged_in` in apps.py): both clocks start
    now, also when the same user signs in again on a session that had them running."""
    now = time.time()
    request.session[FIRST_SEEN] = request.session[LAST_SEEN] = now


def session_expired(first_seen: float, last_seen: float, now: float) -> bool:
    return (
        now - last_seen > settings.SESSION_IDLE_SECONDS
        or now - first_seen > settings.SESSION_ABSOLUTE_SECONDS
    )


class SessionExpiryMiddleware:
    """Sign out a session that was idle too long or is simply too old (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            first_seen = session.get(FIRST_SEEN, now)
            last_seen = session.get(LAST_SEEN, now)
            if session_expired(first_seen, last_seen, now):
                logout(request)
                forget_person(request)
                messages.info(request, _("You were signed out to keep your account safe."))
            else:
                if FIRST_SEEN not in session:
                    session[FIRST_SEEN] = now
                if now - last_seen >= TOUCH_EVERY_SECONDS or LAST_SEEN not in session:
                    session[LAST_SEEN] = now
        return self.get_response(request)
