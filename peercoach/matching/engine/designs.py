"""Stored schedules that reach the known maximum of repeat-free rounds with strict sizes.

Positions 0..n−1 in groups of exactly k; every pair of positions meets at most once. They were
found once by OR-tools CP-SAT (the model: each position in one group per round, k per group,
each pair meeting at most once, round 1 and the first k positions fixed to break symmetry) and
are checked by tests/matching/test_rotation.py. Field constructions (schedule.py) cover sizes
like 16/4 and 25/5; these cover what they cannot.

21 in threes (`_kirkman_21`, a Kirkman triple system of order 21) is built rather than stored:
positions 7·l + x for level l ∈ {0, 1, 2} and x ∈ Z₇. A pair's *orbit* under x ↦ x + 1 is its
levels and the difference of its x's (±d within one level). Three rounds are fixed by that shift,
{(x, 0), (x + a, 1), (x + b, 2)} for (a, b) = (0, 1), (1, 0), (2, 4): they cover the mixed orbits
(0,1) a, (0,2) b, (1,2) b − a — nine different ones. One base round covers each of the other 21
orbits once (the base below, found by CP-SAT with exactly that model); its seven shifts are seven
more rounds. Every orbit has 7 pairs and is covered in exactly one of the 10 rounds, once per
shift, so all 210 pairs meet exactly once: ⌊20 / 2⌋ = 10 rounds, the most there can be.
"""

from __future__ import annotations

KNOWN: dict[tuple[int, int], list[list[list[int]]]] = {
    # Kirkman's schoolgirls: 15 in threes, 7 rounds (every pair meets exactly once).
    (15, 3): [
        [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11], [12, 13, 14]],
        [[0, 7, 9], [1, 3, 14], [2, 5, 8], [6, 10, 12], [4, 11, 13]],
        [[0, 4, 10], [1, 11, 12], [2, 3, 6], [5, 7, 13], [8, 9, 14]],
        [[0, 8, 11], [1, 5, 10], [2, 7, 12], [3, 9, 13], [4, 6, 14]],
        [[0, 5, 14], [1, 6, 9], [2, 10, 13], [4, 8, 12], [3, 7, 11]],
        [[0, 3, 12], [1, 8, 13], [2, 4, 9], [7, 10, 14], [5, 6, 11]],
        [[0, 6, 13], [1, 4, 7], [2, 11, 14], [3, 8, 10], [5, 9, 12]],
    ],
}


# The base round of `_kirkman_21` as (level, x): one block of each level holds Z₇'s squares.
_KIRKMAN_21_BASE = (
    ((0, 0), (1, 5), (2, 5)),
    ((2, 0), (2, 2), (2, 3)),
    ((0, 6), (1, 3), (2, 1)),
    ((1, 0), (1, 4), (1, 6)),
    ((0, 5), (1, 1), (2, 4)),
    ((0, 3), (1, 2), (2, 6)),
    ((0, 1), (0, 2), (0, 4)),
)


def _kirkman_21() -> list[list[list[int]]]:
    fixed = [[[x, 7 + (x + a) % 7, 14 + (x + b) % 7] for x in range(7)] for a, b in _SHIFT_FIXED]
    shifted = [
        [[7 * level + (x + t) % 7 for level, x in block] for block in _KIRKMAN_21_BASE]
        for t in range(7)
    ]
    return fixed + shifted


_SHIFT_FIXED = ((0, 1), (1, 0), (2, 4))

KNOWN[(21, 3)] = _kirkman_21()


def known(n: int, k: int) -> list[list[list[int]]] | None:
    """A stored schedule for n positions in groups of k (a copy), or None."""
    found = KNOWN.get((n, k))
    return [[list(g) for g in groups] for groups in found] if found else None
