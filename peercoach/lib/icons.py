"""Bootstrap Icons, inlined as SVG so a page needs no icon font and no extra request.

The sprite (`lib/vendor/bootstrap-icons-1.13.2.svg`, from the npm package bootstrap-icons) is read
once; `svg_icon("calendar-event")` returns that symbol as a standalone, decorative `<svg>`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe

from peercoach.lib.markup import html

SPRITE = Path(__file__).parent / "vendor" / "bootstrap-icons-1.13.2.svg"
SYMBOL = re.compile(r'<symbol[^>]*\bid="([^"]+)"[^>]*>(.*?)</symbol>', re.S)


@cache
def _symbols() -> dict[str, str]:
    return dict(SYMBOL.findall(SPRITE.read_text(encoding="utf-8")))


def known(name: str) -> bool:
    return name in _symbols()


def svg_icon(name: str, css_class: str = "") -> SafeString:
    """The icon as inline SVG, hidden from screen readers (the text beside it says what it is)."""
    try:
        body = _symbols()[name]
    except KeyError:
        raise ValueError(f"Bootstrap Icons has no icon {name!r}") from None
    classes = f"bi bi-{name} {css_class}".strip()
    return html(
        '<svg class="{}" width="1em" height="1em" viewBox="0 0 16 16" fill="currentColor" '
        'aria-hidden="true" focusable="false">{}</svg>',
        classes,
        mark_safe(body),  # the vendored sprite's own markup
    )
