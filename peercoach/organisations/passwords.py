"""Password rules whose messages Django's own Dutch catalogue misses."""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.utils.translation import ngettext


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
