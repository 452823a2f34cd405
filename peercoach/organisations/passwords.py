"""Password rules whose messages Django's own Dutch catalogue misses or words formally.

Django's Dutch says "Uw wachtwoord"; peercoach speaks to people as "je" everywhere.
"""

from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    MinimumLengthValidator,
    UserAttributeSimilarityValidator,
)
from django.utils.translation import gettext, ngettext


class TranslatedMinimumLengthValidator(MinimumLengthValidator):
    """Django 5.2 formats this message with `%d`, but its Dutch catalogue translates the older
    `%(min_length)d` wording, so Dutch users were told in English. Same rule, our catalogue."""

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: use at least %(count)d character.",
            "This password is too short: use at least %(count)d characters.",
            self.min_length,
        ) % {"count": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Use at least %(count)d character.",
            "Use at least %(count)d characters.",
            self.min_length,
        ) % {"count": self.min_length}


class InformalUserAttributeSimilarityValidator(UserAttributeSimilarityValidator):
    def get_help_text(self) -> str:
        return gettext("Your password can’t be too similar to your name or email address.")


class InformalCommonPasswordValidator(CommonPasswordValidator):
    def get_help_text(self) -> str:
        return gettext("Your password can’t be a password many people use.")
