from __future__ import annotations

from django import template
from django.utils import timezone

from peercoach.paths import progress

register = template.Library()


@register.inclusion_tag("paths/_next_steps.html", takes_context=True)
def next_steps(context) -> dict:
    """The home page's block: the next open step of each learning path the person follows."""
    person = getattr(context["request"], "person", None)
    return {"next_steps": progress.next_steps(person, timezone.localdate())}
