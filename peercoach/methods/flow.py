"""Which step of a session is open: the one for the phase the group is in.

The session page shows one step at a time with its writing area; the others stay collapsed with
their counts. While a facilitation runs, the phase decides (its kind says what is written down
in it); before it starts and after it ends, the agenda's progress does, for pairs and groups
alike. Plain logic: the session page's template tag feeds it what it has already read.
"""

from __future__ import annotations

from collections.abc import Mapping

from peercoach.methods.models import PhaseKind, SessionRun

FOLLOW_UP = "follow_up"
CONTRIBUTIONS = "contributions"
ACTIONS = "actions"

# What a phase of each kind writes down, as the key of a step on the session page. The agenda's
# steps are named by their first section (`coaching.views.AGENDA`).
STEP_OF_PHASE = {
    PhaseKind.FOLLOW_UP: FOLLOW_UP,
    PhaseKind.CHECK_IN: "win",
    PhaseKind.CASE: "win",
    PhaseKind.GOAL: "objective",
    PhaseKind.QUESTIONS: CONTRIBUTIONS,
    PhaseKind.ANALYSIS: CONTRIBUTIONS,
    PhaseKind.ADVICE: CONTRIBUTIONS,
    PhaseKind.REFLECTION: CONTRIBUTIONS,
    PhaseKind.ACTION_PLAN: ACTIONS,
    PhaseKind.EVALUATION: "note",
}


def current_step(
    run: SessionRun | None,
    agenda_counts: Mapping[str, int],
    *,
    has_previous: bool,
    requested: str = "",
) -> str:
    """The key of the step to show open.

    `agenda_counts` maps the agenda's step keys, in order, to their number of entries;
    `requested` is a step someone just wrote in (the page's `?step=`), which wins when it exists.
    """
    keys = set(agenda_counts) | {ACTIONS} | ({CONTRIBUTIONS} if run is not None else set())
    if requested in keys:
        return requested
    if run is not None and run.is_running and run.current_phase is not None:
        return STEP_OF_PHASE.get(run.current_phase.kind, CONTRIBUTIONS)
    if run is not None and run.ended_at:
        return ACTIONS
    for key, count in agenda_counts.items():
        if key == FOLLOW_UP and not has_previous:
            continue  # The group's first session has nothing to follow up.
        if not count:
            return key
    return ACTIONS


def phase_context(session, run: SessionRun | None) -> dict:
    """What the phase panel (`methods/_phase.html`) shows, and the version its poll compares."""
    phases = run.phase_list() if run else []
    phase = run.current_phase if run else None
    running = run is not None and run.is_running and phase is not None
    return {
        "session": session,
        "run": run,
        "phase": phase,
        # The step this phase writes in: the page opens it when the phase changes under it.
        "step": STEP_OF_PHASE.get(phase.kind, CONTRIBUTIONS) if running else "",
        "phases": phases,
        "phase_number": (run.phase_index + 1) if run else 0,
        "planned_minutes": sum(phase.minutes for phase in phases),
        "version": version(run),
    }


def version(run: SessionRun | None) -> str:
    if run is None or not run.is_started:
        return "0"
    return f"{run.phase_index}-{run.phase_started_at.timestamp()}-{bool(run.ended_at)}"
