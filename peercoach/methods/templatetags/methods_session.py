"""The facilitation on the session page (phase, steps, roles) and the clock filter for timers."""

from __future__ import annotations

from django import template

from peercoach.methods import flow, services
from peercoach.methods import roles as role_rotation
from peercoach.methods.forms import ContributionForm, FollowUpForm, InsightForm, SetUpForm
from peercoach.methods.models import SessionRun

register = template.Library()


@register.simple_tag
def session_run(session) -> SessionRun | None:
    """The session's facilitation run (unsaved with the default method until it is set up)."""
    return services.run_of(session)


@register.inclusion_tag("methods/_session_flow.html", takes_context=True)
def session_flow(context, session, run) -> dict:
    """The session's steps for a member of its group: the phase, the open step, the others.

    The session page has checked membership (`is_member`), read the agenda and the action plan
    and lists the memberships already; reusing them keeps the page's query count flat.
    """
    person = context["request"].person
    members = sorted((m.person for m in context["members"]), key=lambda p: (p.name, p.pk))
    agenda = context["agenda"]
    started = run is not None and run.is_started
    values = flow.phase_context(session, run)
    values.update(
        {
            "request": context["request"],
            "csrf_token": context.get("csrf_token"),
            "agenda": agenda,
            "action_items": context["action_items"],
            "action_form": context["action_form"],
            "previous_session": context["previous_session"],
            "current": flow.current_step(
                run,
                {step["key"]: step["count"] for step in agenda},
                has_previous=context["previous_session"] is not None,
                requested=context.get("requested_step", ""),
            ),
        }
    )
    if run is None:
        values["follow_up_items"] = context["follow_up_items"]
        return values
    saved = role_rotation.saved_roles(session)
    roles = saved or role_rotation.plan_from_history(session, [member.pk for member in members])
    labels = dict(services.role_choices(session))
    values.update(
        {
            "roles": [(member, labels.get(roles.get(member.pk), "")) for member in members],
            "roles_saved": bool(saved),
            "follow_up_items": services.follow_up_items(
                session, person, context["previous_session"]
            ),
            "follow_up_form": FollowUpForm(),
        }
    )
    if started:
        values.update(_writing(session, person))
    else:
        values["setup_form"] = SetUpForm(
            methods=services.methods_for(session),
            members=members,
            role_choices=services.role_choices(session),
            roles=roles,
            method=run.method,
        )
    return values


def _writing(session, person) -> dict:
    """What the group writes while the facilitation runs, and the forms to write it."""
    return {
        **services.writing_of(session, person),
        "contribution_form": ContributionForm(prefix="contribution"),
        "insight_form": InsightForm(prefix="insight"),
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
