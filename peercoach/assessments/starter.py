"""The statements a new program's questionnaire starts with, in Dutch and English.

Grounded in the practice the product started from (a Dutch article on peer coaching at work):
ask questions rather than give advice, listen actively, give feedback that starts with what went
well, set goals that are specific and measurable, keep to what you agreed (accountability at each
check-in), and reflect on what worked and what to try next time. Each is something a participant
can rate from "never" to "always" and that a program is meant to change.
"""

from __future__ import annotations

STATEMENTS: list[tuple[str, str]] = [
    ("Ik stel open vragen voordat ik advies geef.", "I ask open questions before I give advice."),
    ("Ik luister zonder de ander te onderbreken.", "I listen without interrupting."),
    ("Mijn feedback begint met wat goed ging.", "My feedback starts with what went well."),
    (
        "Ik stel doelen die specifiek en meetbaar zijn.",
        "I set goals that are specific and measurable.",
    ),
    ("Wat ik heb afgesproken, pak ik ook echt op.", "I follow up on what I agreed to do."),
    (
        "Ik sta stil bij wat goed ging en wat ik de volgende keer anders zou doen.",
        "I reflect on what went well and what I would do differently next time.",
    ),
]
