"""Phrasing hints for feedback: flag judging or absolute wording and offer an opportunity framing.

Rule based and explainable: each hint quotes the words it found. Dutch and English are
recognised whatever the interface language; the advice comes in the active language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PhrasingHint:
    code: str
    found: str
    message: str


RULES = [
    (
        "must",
        r"(?:je|jij|u) (?:moet|moest|zou moeten)|you (?:should|must|have to|need to|ought to)",
        _(
            "“%(found)s” sounds like an order. Frame it as a chance: “What you could try next "
            "time is …”."
        ),
    ),
    (
        "absolute",
        r"altijd|nooit|iedereen|niemand|always|never|everyone|nobody",
        _(
            "“%(found)s” is absolute and invites disagreement. Name one concrete moment you "
            "saw instead."
        ),
    ),
    (
        "but",
        r"maar|but|however|echter",
        _(
            "“%(found)s” can erase the praise before it. Try “and”, or give the strength and "
            "the opportunity as separate points."
        ),
    ),
    (
        "label",
        r"slecht|fout|dom|lui|saai|bad|wrong|stupid|lazy|boring|terrible",
        _(
            "“%(found)s” judges the person. Describe what you observed and its effect, e.g. "
            "“when you …, I noticed that …”."
        ),
    ),
]
COMPILED = [
    (code, re.compile(rf"\b({pattern})\b", re.IGNORECASE), msg) for code, pattern, msg in RULES
]


def check_phrasing(text: str) -> list[PhrasingHint]:
    """One hint per kind of wording found, quoting the first occurrence."""
    hints = []
    for code, pattern, message in COMPILED:
        match = pattern.search(text or "")
        if match:
            found = match.group(0)
            hints.append(PhrasingHint(code, found, str(message) % {"found": found}))
    return hints
