"""Stored schedules that reach the known maximum of repeat-free rounds with strict sizes.

Positions 0..n−1 in groups of exactly k; every pair of positions meets at most once. They were
found once by OR-tools CP-SAT (the model: each position in one group per round, k per group,
each pair meeting at most once, round 1 and the first k positions fixed to break symmetry) and
are checked by tests/matching/test_rotation.py. Field constructions (schedule.py) cover sizes
like 16/4 and 25/5; these cover what they cannot.
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


def known(n: int, k: int) -> list[list[list[int]]] | None:
    """A stored schedule for n positions in groups of k (a copy), or None."""
    found = KNOWN.get((n, k))
    return [[list(g) for g in groups] for groups in found] if found else None
