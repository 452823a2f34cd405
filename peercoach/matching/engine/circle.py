"""The circle method for pairs (round-robin 1-factors) and how many repeat-free rounds can exist."""

from __future__ import annotations

from collections.abc import Sequence

from .context import Context
from .model import Options, Person

ROTATION_LIMIT_MAX = 600  # pools up to this size get the per-person rotation limit


def circle_factors(ctx: Context, ring: list[int] | None = None) -> list[list[tuple[int, int]]]:
    """The round-robin (circle method) 1-factorisation over everyone: in id order, or over
    `ring` (see `history_ring`), whose first factor is then pairs (ring[t], ring[m-1-t])."""
    order: list[int] = list(ring) if ring else sorted(range(ctx.n), key=lambda i: ctx.ids[i])
    if len(order) % 2:
        order.append(-1)
    m = len(order)
    fixed, rest = order[0], order[1:]
    factors = []
    for r in range(m - 1):
        ring_r = [fixed, *rest[r:], *rest[:r]]
        factors.append([(ring_r[t], ring_r[m - 1 - t]) for t in range(m // 2)])
    return factors


def history_ring(ctx: Context, history: Sequence[Sequence[Sequence[str]]]) -> list[int] | None:
    """A circle whose first factor is the first round of `history`, so that the rounds after it
    (one factor each) stay repeat-free for N−1 rounds. Newcomers and the odd one fill the rest."""
    if not history:
        return None
    pairs: list[tuple[int, int]] = []
    singles: list[int] = []
    seen: set[int] = set()
    for grp in history[0]:
        idx = [ctx.index[p] for p in grp if p in ctx.index and ctx.index[p] not in seen]
        seen.update(idx)
        while len(idx) >= 2:
            pairs.append((idx.pop(0), idx.pop(0)))
        singles.extend(idx)
    singles += sorted((i for i in range(ctx.n) if i not in seen), key=lambda i: ctx.ids[i])
    while len(singles) >= 2:
        pairs.append((singles.pop(0), singles.pop(0)))
    if singles:
        pairs.append((singles[0], -1))
    m = 2 * len(pairs)
    ring = [0] * m
    for t, (i, j) in enumerate(pairs):
        ring[t], ring[m - 1 - t] = i, j
    return ring  # -1 (odd pools) is the circle's empty seat


def rotation_limit(people: Sequence[Person], options: Options) -> dict[str, object] | None:
    """The most repeat-free rounds any schedule can have, and why, in small pools.

    Each round puts a person in one group with k − 1 others whom they never meet again, so no
    schedule has more rounds than ⌊(N − 1) / (k − 1)⌋, and none more than
    ⌊partners / (k − 1)⌋ for the person with the fewest admissible partners (the hard rules
    keep the others away). Returns {"rounds", "people", "person" (id or None when the pool size
    itself is the limit), "partners", "colleagues"}; None above `ROTATION_LIMIT_MAX` people.
    """
    n, k = len(people), options.group_size
    if n < 2 or n > ROTATION_LIMIT_MAX:
        return None
    ctx = Context(people, options)
    fewest, who = n - 1, None
    for i in range(n):
        partners = sum(ctx.ok(i, j) for j in range(n) if j != i)
        if partners < fewest:
            fewest, who = partners, i
    return {
        "rounds": fewest // (k - 1),
        "people": n,
        "person": None if who is None else ctx.ids[who],
        "partners": fewest,
        "colleagues": n - 1,
    }
