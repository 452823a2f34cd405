"""The methods block on the session page, and the clock filter for phase timers."""

from __future__ import annotations

from django import template

from peercoach import access
from peercoach.methods import roles as role_rotation
from peercoach.methods import services

register = template.Library()


@register.inclusion_tag("methods/_session_panel.html", takes_context=True)
def methods_panel(context, session) -> dict:
    """Method, roles, tally and insights of a session, for members of its group only.

    The session page has checked membership (`is_member`) and lists the memberships already;
    reusing both keeps the page's query count flat.
    """
    if not context.get("is_member"):
        return {"panel": None}
    person = context["request"].person
    memberships = context.get("members")
    if memberships is None:
        memberships = session.group.memberships.select_related("person")
    members = sorted((m.person for m in memberships), key=lambda person: (person.name, person.pk))
    saved = role_rotation.saved_roles(session)
    roles = saved or role_rotation.plan_from_history(session, [person.pk for person in members])
    labels = dict(services.role_choices(session))
    run = services.run_of(session)
    started = run is not None and run.is_started
    return {
        "panel": True,
        "session": session,
        "run": run,
        "roles": [(person, labels.get(roles.get(person.pk), "")) for person in members],
        "roles_saved": bool(saved),
        "tally": services.tally_of(session, person) if started else None,
        "insights": access.insights_visible_to(person)
        .filter(session=session)
        .select_related("author")
        if started
        else [],
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
