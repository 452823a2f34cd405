from __future__ import annotations

from datetime import timedelta

from django import template

from peercoach import access
from peercoach.growth import services

register = template.Library()


@register.inclusion_tag("growth/_since_last_time.html", takes_context=True)
def since_last_time(context, session) -> dict:
    """Progress on goals of the session's group since the group's previous session.

    Only for members (content); shows goals the viewer may see: their own and group-shared ones.
    """
    person = context["request"].person
    if not access.can_read_content(person, session):
        return {"since_progress": [], "shared_journal": []}
    if "previous_session" in context:  # the session page has looked it up the same way
        previous = context["previous_session"]
    else:
        previous = session.previous_in_group(among=access.sessions_with_content_for(person))
    since = previous.starts_at if previous else session.starts_at - timedelta(days=30)
    shared = access.journal_entries_visible_to(person).filter(shared_in=session)
    return {
        "since_progress": services.progress_since(person, since, group=session.group),
        "shared_journal": shared.select_related("author"),
    }
