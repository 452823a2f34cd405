"""The methods block on the session page: roles, method, tally and a link to the live view."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("methods/_session_panel.html", takes_context=True)
def methods_panel(context, session) -> dict:
    return {"session": session, "panel": None}
