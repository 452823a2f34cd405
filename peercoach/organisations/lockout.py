"""Sign-in lockout (django-axes) as peercoach wants it.

Axes' backend comes first in AUTHENTICATION_BACKENDS, so every `authenticate()` — our sign-in
page, the Django admin, any login view added later — is refused while the account or the
client address is locked: after SIGNIN_FAILURE_LIMIT failures for one account, or from one
address, for SIGNIN_LOCKOUT_MINUTES, the right password included. Accounts are counted by their
address as the backend reads it (lower-cased, trimmed), so "A@x" and "a@x" count together.
The account holder gets one email per lockout period, through the outbox
(`peercoach.people.lockout_notice`).

Before the lock, sign-ins are slowed: from SIGNIN_SLOWDOWN_AFTER failures on (for the account or
from the address), an attempt within the growing cool-off since the last failure (starting at
SIGNIN_SLOWDOWN_SECONDS, doubling with each failure) is refused with "wait N seconds", the right
password included (`SigningInBackend`). A refused attempt counts as a failure, so guessing on
through the cool-offs reaches the lock as fast as before; waiting them out costs nothing.
"""

from __future__ import annotations

import math

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q, Sum
from django.http import HttpRequest
from django.utils import timezone

from peercoach.lib.client_ip import client_ip
from peercoach.organisations.accounts import username_for


def username_of(request: HttpRequest, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the account's address, as `EmailBackend` looks it up."""
    credentials = credentials or {}
    username = credentials.get("username")
    if username is None and request is not None and request.method == "POST":
        username = request.POST.get("username")
    if not isinstance(username, str):
        return None
    return username_for(username)[:255] or None


def account_is_locked(username: str) -> bool:
    """Whether the account itself (not only the address it was tried from) reached the limit."""
    from axes.models import AccessAttempt

    failures = AccessAttempt.objects.filter(username=username).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.AXES_FAILURE_LIMIT


def cool_off_seconds(failures: int) -> float:
    """How long after the last failure the next attempt must wait; 0 before the slowdown."""
    if failures < settings.SIGNIN_SLOWDOWN_AFTER or settings.SIGNIN_SLOWDOWN_SECONDS <= 0:
        return 0.0
    doubled = settings.SIGNIN_SLOWDOWN_SECONDS * 2 ** (failures - settings.SIGNIN_SLOWDOWN_AFTER)
    return float(min(doubled, settings.AXES_COOLOFF_TIME.total_seconds()))


def seconds_to_wait(username: str | None, ip_address: str) -> int:
    """Whole seconds before the account or the address may try again (0: now)."""
    from axes.models import AccessAttempt

    now = timezone.now()
    waits = [0.0]
    whose = [Q(username=username)] if username else []
    whose += [Q(ip_address=ip_address)] if ip_address else []
    for found in whose:
        counted = AccessAttempt.objects.filter(
            found, attempt_time__gt=now - settings.AXES_COOLOFF_TIME
        ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        if counted["failures"]:
            elapsed = (now - counted["last"]).total_seconds()
            waits.append(cool_off_seconds(counted["failures"]) - elapsed)
    return math.ceil(max(waits))


class SigningInBackend(AxesStandaloneBackend):
    """Axes' backend (refuses locked accounts and addresses), which also slows before the lock.

    A slowed attempt is refused before any password is checked; axes counts it as a failure
    and `lockout_response` answers "wait N seconds" (or the lock, once it is reached)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        super().authenticate(request, username=username, password=password, **kwargs)
        if request is None or not settings.AXES_ENABLED:
            return None
        if seconds_to_wait(username_of(request, {"username": username}), client_ip(request)) > 0:
            request.signin_slowed = True
            request.axes_locked_out = True  # axes' middleware then asks `lockout_response`
            raise PermissionDenied
        return None


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the translated page, 429 (Too Many Requests)."""
    from axes.handlers.proxy import AxesProxyHandler
    from django.shortcuts import render

    if getattr(request, "signin_slowed", False) and not AxesProxyHandler.is_locked(
        request, credentials
    ):
        wait = max(1, seconds_to_wait(username_of(request, credentials), client_ip(request)))
        response = render(request, "registration/slowed_down.html", {"seconds": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response
    return render(
        request,
        "registration/locked_out.html",
        {"lockout_minutes": settings.SIGNIN_LOCKOUT_MINUTES},
        status=429,
    )
