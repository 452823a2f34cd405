"""The methods block on the session page, and the clock filter for phase timers."""

from __future__ import annotations

from django import template

from peercoach import access
from peercoach.methods import roles as role_rotation
from peercoach.methods import services
from peercoach.methods.models import Insight, SessionRole

register = template.Library()


@register.inclusion_tag("methods/_session_panel.html", takes_context=True)
def methods_panel(context, session) -> dict:
    """Method, roles, tally and insights of a session, for members of its group only."""
    person = context.get("person")
    if not access.can_read_content(person, session):
        return {"panel": None}
    members = [m.person for m in session.group.memberships.select_related("person")]
    roles = role_rotation.propose_roles(session)
    labels = dict(services.role_choices(session))
    labels.setdefault("member", "")
    return {
        "panel": True,
        "session": session,
        "run": services.run_of(session),
        "roles": [(person, labels.get(roles.get(person.pk), "")) for person in members],
        "roles_saved": SessionRole.objects.filter(session=session).exists(),
        "tally": services.tally_of(session),
        "insights": Insight.objects.filter(session=session).select_related("author"),
    }


@register.filter
def clock(seconds) -> str:
    """Seconds as m:ss; a negative number (over time) gets a plus sign."""
    if seconds is None or seconds == "":
        return ""
    seconds = int(seconds)
    sign = "+" if seconds < 0 else ""
    minutes, rest = divmod(abs(seconds), 60)
    return f"{sign}{minutes}:{rest:02d}"
