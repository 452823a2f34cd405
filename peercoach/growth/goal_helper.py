"""Spot vague goals and suggest how to make them specific and measurable.

Rule based and explainable: every hint names what it noticed. Dutch and English wording are
both recognised whatever the interface language; suggestions come in the active language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

# Words that promise change without saying what or how much.
VAGUE_PATTERNS = [
    r"beter worden",
    r"beter (?:leren|gaan|zijn)",
    r"verbeteren",
    r"werken aan",
    r"proberen",
    r"meer",
    r"minder",
    r"get(?:ting)? better",
    r"be(?:come)? better",
    r"improve",
    r"work on",
    r"try to",
    r"more",
    r"less",
]
VAGUE = re.compile(r"\b(" + "|".join(VAGUE_PATTERNS) + r")\b", re.IGNORECASE)
NUMBER = re.compile(r"\d")
MIN_WORDS = 4


@dataclass(frozen=True)
class GoalHint:
    code: str
    message: str


def check_goal(
    what: str,
    *,
    metric: str = "",
    target=None,
    milestones: list[str] | None = None,
    due_on: date | None = None,
    why: str = "",
) -> list[GoalHint]:
    """Hints for a draft goal; an empty list means it reads specific and measurable."""
    hints: list[GoalHint] = []
    what = (what or "").strip()
    if not what:
        return [GoalHint("empty", _("Describe in one sentence what you want to achieve."))]
    vague = VAGUE.search(what)
    if vague:
        hints.append(
            GoalHint(
                "vague_word",
                _(
                    "“%(word)s” says you want change, not which. Describe what you will do or "
                    "what will be different, e.g. “handle client emails with more confidence” "
                    "instead of “get better”."
                )
                % {"word": vague.group(0)},
            )
        )
    elif len(what.split()) < MIN_WORDS:
        hints.append(
            GoalHint("too_short", _("Add a few words: in which situation, with whom, what?"))
        )
    has_measure = bool(
        (metric or "").strip() or target is not None or milestones or NUMBER.search(what)
    )
    if not has_measure:
        hints.append(
            GoalHint(
                "no_measure",
                _(
                    "How will you know you got there? Add a measure with where you are now and "
                    "a target (e.g. from 2 to 5 presentations a month), or a few milestones."
                ),
            )
        )
    if due_on is None:
        hints.append(
            GoalHint("no_date", _("Pick a date: by when do you want to have achieved this?"))
        )
    elif due_on < date.today():
        hints.append(GoalHint("date_passed", _("That date has passed: choose one ahead.")))
    if not (why or "").strip():
        hints.append(
            GoalHint(
                "no_why",
                _("Why does this matter to you? A reason keeps you going when it gets hard."),
            )
        )
    return hints


def is_vague(hints: list[GoalHint]) -> bool:
    return any(hint.code in {"empty", "vague_word", "no_measure", "no_date"} for hint in hints)
