from __future__ import annotations

from django import template

from peercoach import access
from peercoach.health import figures
from peercoach.health.forms import PulseForm
from peercoach.health.models import STATEMENTS

register = template.Library()


@register.inclusion_tag("health/_session_panel.html", takes_context=True)
def health_session_panel(context, session) -> dict:
    """The after-session prompt on a session page: for a member who was there, how it went (the
    form, or their own answers and the group's averages), and after a first session whether the
    match works."""
    person = getattr(context["request"], "person", None)
    if person is None:
        return {"show": False}
    may_pulse = access.sessions_to_pulse(person).filter(pk=session.pk).exists()
    if not may_pulse:
        return {"show": False}
    mine = access.pulses_of(person).filter(session=session).first()
    return {
        "show": True,
        "session": session,
        "mine": mine,
        "form": None if mine else PulseForm(),
        "averages": access.group_averages(person, session),
        "fit_group": access.groups_to_assess_fit(person).filter(pk=session.group_id).first(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("health/_home_card.html", takes_context=True)
def health_home(context) -> dict:
    """On the home page: answers waiting for the person, and for leads the at-risk lists."""
    person = getattr(context["request"], "person", None)
    if person is None:
        return {"to_pulse": False, "to_fit": False, "programs": []}
    in_groups = context.get("in_groups", True)  # home: False for who was never in a group
    answered = access.pulses_of(person).values("session_id")
    lead = context.get("lead")  # the dashboard has read the programs not closed yet
    if lead and lead.programs:
        programs = sorted((card.program for card in lead.programs), key=lambda p: p.name)[:10]
    elif context.get("programs_run"):
        programs = list(access.programs_run_by(person).order_by("name")[:10])
    else:
        programs = []
    return {
        "to_pulse": in_groups
        and access.sessions_to_pulse(person).exclude(pk__in=answered).exists(),
        "to_fit": in_groups and access.groups_to_assess_fit(person).exists(),
        "programs": programs,
    }


@register.inclusion_tag("health/_pulse_figures.html")
def health_pulse_figures(program) -> dict:
    """Pulse averages per closed month, for pages of whoever runs the program (the health page
    and the program report); the caller has checked access."""
    return {
        "months": figures.pulse_figures(program),
        "statements": [label for _name, label in STATEMENTS],
        "minimum": access.minimum_group_size(),
    }


@register.inclusion_tag("health/_kept_run.html", takes_context=True)
def health_kept_run(context) -> dict:
    """To the person themselves only: after `KEPT_RUN` commitments in a row answered "done"
    (since their last win), a suggestion to celebrate it as a win."""
    person = getattr(context["request"], "person", None)
    if person is None or not context.get("in_groups", True):
        return {"show": False}
    run, group_id = access.kept_commitment_run(person)
    return {"show": run >= access.KEPT_RUN, "count": run, "group_id": group_id}


@register.inclusion_tag("health/_survey_figures.html")
def health_survey_figures(program) -> dict:
    """The end-of-program survey's figures for the program report; the caller checked access."""
    return {"survey": figures.survey_figures(program), "minimum": access.minimum_group_size()}
