"""Ids and whole numbers typed into URLs and forms, parsed in one place.

`str.isdigit()` is true for "²" and "٣", and `int()` accepts " 7", "1_000" and Arabic-Indic
digits, so neither says whether a request parameter is an id. An id here is 1 to 18 ASCII
digits with no sign or spaces, small enough for a 64-bit primary key; anything else is "no id",
which views answer with a 404 or a form error, never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.http import Http404

_ID = re.compile(r"[0-9]{1,18}")
MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """The id `value` spells, or None when it is not a positive whole number in ASCII digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def id_or_404(value: object) -> int:
    """The id `value` spells; a 404 when it spells none (an id nobody could have been given)."""
    number = parse_id(value)
    if number is None:
        raise Http404
    return number


def ids_or_404(values: Iterable[object]) -> set[int]:
    """Every value an id (a 404 as soon as one is not), as a set."""
    return {id_or_404(value) for value in values}
