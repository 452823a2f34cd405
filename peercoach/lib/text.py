"""What typed text may contain: one rule for every form and for the participant import.

Text is stored and shown to other people, so it may not carry characters that break storage or
mislead the reader: control characters (NUL cannot be stored in PostgreSQL at all; the others
are invisible) and the bidirectional overrides that make "Anna‮ejzeT" display as someone else's
name. Multi-line text keeps tab and line breaks.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# Single-line text (names, titles, topics) and multi-line text (notes, reflections).
LINE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 20_000

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_PATTERNS = {
    (line_breaks, bidi): re.compile(
        f"[{_CONTROL}{'' if line_breaks else chr(9) + chr(10) + chr(13)}{'' if bidi else _BIDI}]"
    )
    for line_breaks in (False, True)
    for bidi in (False, True)
}


def forbidden_character(value: str, *, multiline: bool, allow_bidi: bool = False) -> str | None:
    """The first character `value` may not contain, or None when it is clean.

    Multi-line text may hold tabs and line breaks. Bidi overrides and isolates are refused in
    all text: lines of a multi-line field become names and titles too (milestones, strengths).
    The plain direction marks (U+200E, U+200F) that right-to-left writers use stay allowed.
    """
    match = _PATTERNS[(multiline, allow_bidi)].search(value)
    return match.group() if match else None


def describe_character(character: str) -> str:
    """A character as the message names it: U+0000 and so on."""
    return f"U+{ord(character):04X}"


def forbidden_character_message(character: str) -> str:
    if character in "\t\n\r":
        return str(_("This text must be on one line (it contains a tab or a line break)."))
    if "\u202a" <= character <= "\u202e" or "\u2066" <= character <= "\u2069":
        return str(
            _(
                "This text contains a character that reverses the direction of text "
                "(%(character)s); remove it."
            )
            % {"character": describe_character(character)}
        )
    return str(
        _("This text contains an invisible control character (%(character)s); remove it.")
        % {"character": describe_character(character)}
    )


@deconstructible
class CleanTextValidator:
    """Refuses control characters; in one-line text also tabs, line breaks and bidi overrides."""

    code = "forbidden_character"

    def __init__(self, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: object) -> None:
        if not isinstance(value, str):
            return
        character = forbidden_character(value, multiline=self.multiline)
        if character is not None:
            raise ValidationError(forbidden_character_message(character), code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CleanTextValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash(self.multiline)


clean_line = CleanTextValidator(multiline=False)
clean_text = CleanTextValidator(multiline=True)


def too_long_message(limit: int, length: int) -> str:
    return str(
        _("This text has %(length)s characters; at most %(limit)s fit.")
        % {
            "length": number_format(length, force_grouping=True),
            "limit": number_format(limit, force_grouping=True),
        }
    )
