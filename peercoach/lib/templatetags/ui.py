"""Template pieces every page shares: icons, avatars with initials, badges.

`{% load ui %}` then `{% icon "calendar-event" %}`, `{% avatar person %}`,
`{% badge _("Overdue") "danger" %}`. Larger components are includes in `templates/components/`
(stat tile, empty state, confirm button); see their first lines for their arguments.
"""

from __future__ import annotations

import hashlib

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from peercoach.lib.icons import svg_icon

register = template.Library()

# Background tints for avatars: all have at least 4.5:1 contrast with the dark initials.
AVATAR_TINTS = ("tint-1", "tint-2", "tint-3", "tint-4", "tint-5", "tint-6")
BADGE_TONES = {"neutral", "success", "warning", "danger", "info", "primary"}


@register.simple_tag
def icon(name: str, css_class: str = "") -> SafeString:
    return svg_icon(name, css_class)


def initials_of(name: str) -> str:
    """ "Iris van Leeuwen" → "IL": first and last word, Dutch particles (van, de) skipped."""
    words = [word for word in (name or "").replace("-", " ").split() if word]
    if not words:
        return "?"
    significant = [word for word in words if not word[0].islower()] or words
    letters = significant[0][0] + (significant[-1][0] if len(significant) > 1 else "")
    return letters.upper()


@register.filter
def initials(name: str) -> str:
    return initials_of(name)


@register.simple_tag
def avatar(person, size: str = "") -> SafeString:
    """A round avatar with the person's initials; decorative, their name is always beside it."""
    name = getattr(person, "name", "") or str(person or "")
    digest = hashlib.sha256(str(getattr(person, "pk", name)).encode()).digest()
    tint = AVATAR_TINTS[digest[0] % len(AVATAR_TINTS)]
    size_class = f" avatar-{size}" if size else ""
    return format_html(
        '<span class="avatar {}{}" aria-hidden="true">{}</span>',
        tint,
        size_class,
        initials_of(name),
    )


@register.simple_tag
def badge(text: str, tone: str = "neutral") -> SafeString:
    if tone not in BADGE_TONES:
        raise ValueError(f"unknown badge tone {tone!r}; use one of {sorted(BADGE_TONES)}")
    return format_html('<span class="badge badge-{}">{}</span>', tone, text)
