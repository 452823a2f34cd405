"""Questions over advice: guess what a contribution is, and count them.

The guess is only a default for the writer's own choice. Dutch and English cues; advice cues win
over a question mark, because "Why don't you try …?" and "Zou je niet eens …?" are advice in
question form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

QUESTION = "question"
ADVICE = "advice"
OBSERVATION = "observation"

_ADVICE_STARTS = (
    # English
    "you should", "you could", "you must", "you need to", "you might want", "why don't you",
    "why not", "try ", "have you tried", "i would", "i'd ", "if i were you", "my advice",
    "i suggest", "i recommend", "consider ", "maybe you should", "perhaps you should",
    "what if you", "don't ", "do ",
    # Dutch
    "je moet", "je zou", "jij zou", "u zou", "je kunt", "je kan", "ik zou", "als ik jou was",
    "mijn advies", "ik raad", "ik stel voor", "probeer", "waarom probeer je", "zou je niet",
    "misschien moet je", "misschien kun je", "overweeg", "doe ", "niet ",
)  # fmt: skip
_ADVICE_ANYWHERE = re.compile(
    r"\b(you should|you could try|i would|i'd suggest|je moet|je zou|ik zou|"
    r"als ik jou was|ik raad je|probeer eens)\b"
)
_QUESTION_STARTS = (
    # English
    "what", "how", "why", "who", "when", "where", "which", "is ", "are ", "do you", "did you",
    "does ", "can you", "could you tell", "would you say", "have you", "has ",
    # Dutch
    "wat", "hoe", "waarom", "wie", "wanneer", "waar", "welke", "welk", "kun je", "kan je",
    "kunt u", "heb je", "had je", "ben je", "was je", "is het", "zijn er", "vind je", "wil je",
    "weet je", "merk je", "voel je",
)  # fmt: skip


def guess_kind(text: str, phase_kind: str | None = None) -> str:
    """Default guess of question / advice / observation for a contribution's text."""
    cleaned = " ".join(text.lower().replace("’", "'").split())
    if not cleaned:
        return OBSERVATION
    if cleaned.startswith(_ADVICE_STARTS) or _ADVICE_ANYWHERE.search(cleaned):
        return ADVICE
    if cleaned.endswith("?") or cleaned.startswith(_QUESTION_STARTS):
        return QUESTION
    if phase_kind == "advice":
        return ADVICE
    return OBSERVATION


def tally(kinds: Iterable[str]) -> dict:
    """Counts per kind and the share of questions, in whole percent."""
    counts = {QUESTION: 0, ADVICE: 0, OBSERVATION: 0}
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
    total = sum(counts.values())
    return {
        **counts,
        "total": total,
        "question_share": round(100 * counts[QUESTION] / total) if total else 0,
    }
