"""The email to the holder of an account locked after failed sign-ins (the lockout itself is
`peercoach.organisations.lockout`); connected to axes' `user_locked_out` in `people.apps`."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from peercoach.audit.log import Action, record
from peercoach.notifications.actions import queue_sign_in_locked
from peercoach.organisations.accounts import account_with_address
from peercoach.organisations.lockout import account_is_locked


def tell_account_holder(sender, request, username: str | None, ip_address: str, **kwargs) -> None:
    """Connected to axes' `user_locked_out`: mail the holder of a locked account, once per period.

    The email says when and that the account is locked; it carries no link and no address of
    whoever tried.
    """
    if not username or not account_is_locked(username):
        return
    user = account_with_address(username)
    if user is None or not user.is_active:
        return
    period = int(settings.AXES_COOLOFF_TIME.total_seconds()) or 1
    bucket = int(timezone.now().timestamp()) // period
    if queue_sign_in_locked(user, bucket=bucket, until=timezone.now() + timedelta(seconds=period)):
        for person in user.people.filter(is_active=True):
            record(Action.SIGN_IN_LOCKED, actor=None, target=person, request=request)
