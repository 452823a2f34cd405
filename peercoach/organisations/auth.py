from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from peercoach.lib.session_store import preloaded_user


class EmailBackend(ModelBackend):
    """Sign in with an email address; usernames are stored as the lower-cased email."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        return super().authenticate(request, username=username.strip().lower(), password=password)

    def get_user(self, user_id):
        """The user read with the request's session row when it is this one (see
        `lib.session_store`), else from the database; either way only if it may sign in."""
        user = preloaded_user.get()
        if user is not None and user.pk == user_id:
            return user if self.user_can_authenticate(user) else None
        return super().get_user(user_id)
