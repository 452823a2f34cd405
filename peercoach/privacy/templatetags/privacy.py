from __future__ import annotations

from datetime import date

from django import template

from peercoach import access
from peercoach.privacy.retention import content_deleted_on, months_for

register = template.Library()


@register.simple_tag
def session_notes_deleted_on(program) -> date | None:
    """The day the closed program's session notes are deleted (see `privacy.retention`)."""
    return content_deleted_on(program)


@register.simple_tag
def session_notes_months(program) -> int:
    """For how many months after it closes the program keeps its session notes."""
    return months_for(program)


@register.simple_tag
def may_erase(actor, person) -> bool:
    """Whether to offer the erase link (`access.may_erase`)."""
    return actor is not None and person is not None and access.may_erase(actor, person)
