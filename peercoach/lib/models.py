"""Infrastructure models shared by the apps (no domain data here)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class UserSession(AbstractBaseSession):
    """Django's database session with the signed-in user next to it, so that all sessions of
    one user can be ended at once (`peercoach.organisations.sessions.end_sessions_of`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, db_index=True
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "peercoach_lib_user_session"


class RateLimitHit(models.Model):
    """One counted request for `peercoach.lib.ratelimit`. The key is a hash (of e.g. an email
    address or a client address and what was asked), so no address is stored here."""

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)
