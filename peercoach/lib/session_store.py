"""The session engine (`SESSION_ENGINE = "peercoach.lib.session_store"`): Django's database
sessions, stored in `UserSession` with the signed-in user's id.

A session row is read together with its user (one query on every signed-in request, not two):
`SessionUserMiddleware` hands that user to the authentication backend for the one call in which
Django looks the user up, and Django still checks the backend, the session's password hash and
that the account may sign in, as it does for a user it read itself.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

from django.contrib import auth
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from peercoach.lib.compiled import CompiledQuery

# The user read with this request's session row, set only while Django looks the user up.
preloaded_user: ContextVar = ContextVar("preloaded_user", default=None)


class SessionStore(DatabaseSessionStore):
    preloaded_user = None

    @classmethod
    def get_model_class(cls):
        from peercoach.lib.models import UserSession

        return UserSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance

    def load(self):
        row = self._get_session_from_db()
        self.preloaded_user = row.user if row is not None else None
        return self.decode(row.session_data) if row is not None else {}

    def _get_session_from_db(self):
        """Django's, with the row's user read in the same query (compiled once per process)."""
        try:
            rows = _session_with_user(self.session_key) if self.session_key else []
        except SuspiciousOperation as error:
            logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
            logger.warning(str(error))
            rows = []
        if rows and rows[0].expire_date > timezone.now():
            return rows[0]
        self._session_key = None
        return None


def _build_session_with_user(session_key: str):
    from peercoach.lib.models import UserSession

    return UserSession.objects.select_related("user").filter(session_key=session_key)


_session_with_user = CompiledQuery(_build_session_with_user)


def _user_of(request):
    if not hasattr(request, "_cached_user"):
        request.session.get(SESSION_KEY)  # loads the session row, and its user with it
        token = preloaded_user.set(getattr(request.session, "preloaded_user", None))
        try:
            request._cached_user = auth.get_user(request)
        finally:
            preloaded_user.reset(token)
    return request._cached_user


class SessionUserMiddleware(AuthenticationMiddleware):
    """Django's `AuthenticationMiddleware`, looking the user up with the session's own row."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user_of(request))
