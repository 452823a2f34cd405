"""HTML written in Python for the parts of a page that repeat (table rows, options, icons).

`html(template, *values)` is Django's `format_html` and `html_join` its `format_html_join`,
escaping the same way (text that is already safe stays as it is, anything else is `str()`-ed
and escaped by the standard library, as `django.utils.html.escape` does). They skip Django's
check of every argument for lazy translations, which made escaping a table of fifty rows cost
more than its query; `number` is `localize` for the whole numbers of table cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape as _escape
from typing import Any

from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe


def esc(value: Any) -> str:
    """`conditional_escape`: safe text as it is, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(str(value))


def html(template: str, *values: Any) -> SafeString:
    return mark_safe(template.format(*map(esc, values)))


def html_join(separator: str, template: str, rows: Iterable[Iterable[Any]]) -> SafeString:
    return mark_safe(separator.join(template.format(*map(esc, row)) for row in rows))


def number(value: int) -> str:
    """A whole number in the active language's notation (only thousands need a separator)."""
    return str(value) if -1000 < value < 1000 else localize(value)
