"""Sign-ins and failed sign-ins, from Django's auth signals (whatever view signed someone in)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_login_failed

from peercoach.audit.log import Action, record
from peercoach.organisations.accounts import account_with_address
from peercoach.organisations.models import Person


def _memberships(user):
    return list(Person.objects.filter(user=user, is_active=True).only("pk", "organisation_id"))


def signed_in(sender, request, user, **kwargs) -> None:
    for person in _memberships(user):
        record(Action.SIGNED_IN, actor=person, user=user, target=person, request=request)


def sign_in_failed(sender, credentials: dict, request=None, **kwargs) -> None:
    """One entry per organisation the account is in; an unknown address gets one without an
    organisation (no admin sees it; the address typed is not stored)."""
    username = credentials.get("username")
    user = account_with_address(username) if isinstance(username, str) else None
    detail = "locked" if getattr(request, "axes_locked_out", False) else ""
    people = _memberships(user) if user is not None else []
    for person in people:
        record(
            Action.SIGN_IN_FAILED,
            actor=None,
            user=None,
            target=person,
            detail=detail,
            request=request,
        )
    if not people:
        record(Action.SIGN_IN_FAILED, actor=None, detail=detail, request=request)


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="peercoach-audit-signed-in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="peercoach-audit-sign-in-failed")
