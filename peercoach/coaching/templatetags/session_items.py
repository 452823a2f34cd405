"""A group page's list of sessions, written in Python with the markup of a template (a link with
its local date and time, and a badge with the status): up to fifty items a page."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from peercoach.coaching.models import SessionStatus
from peercoach.lib.links import path_before_id
from peercoach.lib.markup import html_join

register = template.Library()

TONES = {SessionStatus.HELD: "success", SessionStatus.CANCELLED: "neutral"}


@register.simple_tag
def session_items(sessions) -> SafeString:
    """One `<li>` per session (rows of pk, starts_at and status): its date in the viewer's time
    zone and language, and its status."""
    session_url = path_before_id("coaching:session")
    labels = {status.value: str(status.label) for status in SessionStatus}
    return html_join(
        "\n",
        '    <li><a href="{}{}/">{}</a>\n      <span class="badge badge-{}">{}</span></li>',
        (
            (
                session_url,
                row["pk"],
                date_format(timezone.localtime(row["starts_at"]), "l j F Y, H:i"),
                TONES.get(row["status"], "info"),
                labels.get(row["status"], row["status"]),
            )
            for row in sessions
        ),
    )
