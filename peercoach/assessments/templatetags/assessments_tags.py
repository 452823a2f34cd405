from __future__ import annotations

from django import template
from django.utils import timezone

from peercoach.assessments import results

register = template.Library()


@register.inclusion_tag("assessments/_home_card.html", takes_context=True)
def assessment_invitations(context) -> dict:
    """The home page's block: the self-assessment open to the person in each running program
    they follow, and for whoever runs programs a link to the figures (`programs_run` comes from
    the home view, so that costs no query)."""
    person = getattr(context["request"], "person", None)
    return {
        "invitations": results.invitations(person, timezone.localdate()),
        "runs_programs": bool(context.get("programs_run")),
    }
