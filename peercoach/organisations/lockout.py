"""Sign-in lockout (django-axes) as peercoach wants it.

Axes' backend comes first in AUTHENTICATION_BACKENDS, so every `authenticate()` — our sign-in
page, the Django admin, any login view added later — is refused while the account or the
client address is locked: after SIGNIN_FAILURE_LIMIT failures for one account, or from one
address, for SIGNIN_LOCKOUT_MINUTES, the right password included. Accounts are counted by their
address as the backend reads it (lower-cased, trimmed), so "A@x" and "a@x" count together.
The account holder gets one email per lockout period, through the outbox
(`peercoach.people.lockout_notice`).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

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


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the translated page, 429 (Too Many Requests)."""
    from django.shortcuts import render

    return render(
        request,
        "registration/locked_out.html",
        {"lockout_minutes": settings.SIGNIN_LOCKOUT_MINUTES},
        status=429,
    )
