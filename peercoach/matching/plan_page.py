"""What the matching page shows of the program's rotation plan, in plain words."""

from __future__ import annotations

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peercoach.matching import program_plan
from peercoach.matching.quality import rotation_limit_sentence
from peercoach.programs.models import Program

MISFITS = {
    "enrolment": gettext_lazy(
        "Who is enrolled or on a break changed since this plan was made: the remaining rounds "
        "are planned again when you take the next one."
    ),
    "rule": gettext_lazy(
        "A planned group would now break a matching rule: the remaining rounds are planned "
        "again when you take the next one."
    ),
    "history": gettext_lazy(
        "A round was changed after the plan was made, so planned groups would meet people "
        "again: the remaining rounds are planned again when you take the next one."
    ),
}


def context(program: Program) -> dict:
    """{"plan_total", "plan"} and, once planned, the plan's rounds and sentences."""
    total = program_plan.rounds_in(program)
    out: dict = {
        "plan_total": ngettext(
            "This program runs %(total)d round: its length divided by its cadence.",
            "This program runs %(total)d rounds: its length divided by its cadence.",
            total,
        )
        % {"total": total},
        "plan": program_plan.plan_of(program),
    }
    plan = out["plan"]
    if plan is None:
        return out
    rows = plan.planned
    out["plan_rounds"] = [
        {
            "number": row["number"],
            "starts_on": parse_date(row["starts_on"]),
            "groups": len(row["groups"]),
            "repeats": row["repeats"],
        }
        for row in rows
    ]
    out["plan_bound"] = rotation_limit_sentence(program, plan.bound) if plan.bound else ""
    free = plan.repeat_free_rounds
    if not rows:
        out["plan_summary"] = _("Every planned round has been taken.")
    elif free == len(rows):
        out["plan_summary"] = ngettext(
            "%(count)d round is planned, from round %(first)d on; nobody meets anyone again.",
            "%(count)d rounds are planned, from round %(first)d on; nobody meets anyone again.",
            len(rows),
        ) % {"count": len(rows), "first": rows[0]["number"]}
    else:
        out["plan_summary"] = ngettext(
            "%(count)d round is planned, from round %(first)d on; from round %(again)d on, "
            "people meet someone again.",
            "%(count)d rounds are planned, from round %(first)d on; from round %(again)d on, "
            "people meet someone again.",
            len(rows),
        ) % {"count": len(rows), "first": rows[0]["number"], "again": rows[free]["number"]}
    why = program_plan.misfit(program, plan)
    out["plan_misfit"] = str(MISFITS[why]) if why else ""
    return out
