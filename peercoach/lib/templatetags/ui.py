"""Template pieces every page shares: icons, avatars with initials, badges.

`{% load ui %}` then `{% icon "calendar-event" %}`, `{% avatar person %}`,
`{% badge _("Overdue") "danger" %}`, `{% stat_tile label=… value=… %}`. Larger components are
includes in `templates/components/` (empty state, confirm button); see their first lines for
their arguments.
"""

from __future__ import annotations

import hashlib

from django import template
from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from peercoach.lib.icons import svg_icon
from peercoach.lib.markup import html

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
    return html(
        '<span class="avatar {}{}" aria-hidden="true">{}</span>',
        tint,
        size_class,
        initials_of(name),
    )


# The main navigation differs only by language, page and two role flags: rendered once per app
# process for each (base.html shows it twice, as a bar and as the phone's menu).
_main_navs: dict[tuple[str, str, bool, bool], SafeString] = {}


@register.simple_tag(takes_context=True)
def main_nav(context) -> SafeString:
    request = context["request"]
    person = context.get("person")
    match = request.resolver_match
    key = (
        get_language(),
        match.view_name if match else "",
        bool(person is not None and person.can_run_programs),
        bool(context.get("opens_reports")),
    )
    nav = _main_navs.get(key)
    if nav is None:
        _, here, runs_programs, opens_reports = key
        flags = {"here": here, "runs_programs": runs_programs, "opens_reports": opens_reports}
        nav = _main_navs[key] = mark_safe(render_to_string("components/nav_links.html", flags))
    return nav


@register.simple_tag
def stat_tile(label, value, icon: str = "", href: str = "", hint: str = "", tone: str = ""):
    """A figure with its label (`{% stat_tile label=… value=… icon=… href=… %}`); the tile
    links to where it is solved when `href` is given; `tone`: "warning", "danger", "success".
    Written in Python: a report shows a dozen, and each as an include cost more than its page's
    table."""
    if tone and tone not in BADGE_TONES:
        raise ValueError(f"unknown tone {tone!r}")
    label_html = html('<a class="stretched-link" href="{}">{}</a>', href, label) if href else label
    return html(
        '<div class="stat-tile{}">\n  {}<div>\n    <div class="stat-value">{}</div>\n'
        '    <div class="stat-label">{}</div>\n    {}</div>\n</div>',
        f" stat-tile-{tone}" if tone else "",
        html('<span class="stat-icon">{}</span>', svg_icon(icon)) if icon else "",
        localize(value),
        label_html,
        html('<div class="stat-hint">{}</div>', hint) if hint else "",
    )


@register.simple_tag
def badge(text: str, tone: str = "neutral") -> SafeString:
    if tone not in BADGE_TONES:
        raise ValueError(f"unknown badge tone {tone!r}; use one of {sorted(BADGE_TONES)}")
    return html('<span class="badge badge-{}">{}</span>', tone, text)
