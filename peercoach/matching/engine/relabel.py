"""Relabel a construction so that one of its rounds becomes a given round (the anchor).

A construction is a list of repeat-free rounds over positions 0..s−1. Any bijection of positions
onto people keeps every round repeat-free, so the rounds can start from any partition into
groups of the same sizes as one of the construction's rounds: pair that round's groups with the
anchor's groups of the same size and each group's positions with its members. Which group goes
where, and which member gets which position, is free; it decides which forbidden pairs the other
rounds put together. Without forbidden pairs the canonical choice is taken (groups and members
in order of person id, positions in increasing order); with them a deterministic local search
over those choices puts forbidden pairs into as few rounds as it can. The result depends on the
anchor, the construction and the hard rules only (not on a seed, nor on how many rounds are
asked), so a program that publishes one round at a time derives the same relabelling again from
its first round.
"""

from __future__ import annotations

from collections.abc import Sequence

from .context import Context

Rounds = list[list[list[int]]]

SWEEPS = 8  # passes of the local search over the relabelling


def canonical(ctx: Context, groups: Sequence[Sequence[int]]) -> list[list[int]]:
    """Members by person id, groups by size and then by their first member's id."""
    ordered = [sorted(g, key=lambda i: ctx.ids[i]) for g in groups]
    return sorted(ordered, key=lambda g: (len(g), ctx.ids[g[0]] if g else ""))


def _layout(groups: Sequence[Sequence[int]]) -> list[int]:
    return sorted(len(g) for g in groups)


def _meeting_round(built: Rounds, s: int) -> list[list[int]]:
    where = [[-1] * s for _ in range(s)]
    for r, groups in enumerate(built):
        for g in groups:
            for x, a in enumerate(g):
                for b in g[x + 1 :]:
                    where[a][b] = where[b][a] = r
    return where


def _cost(counts: list[int], skip: int) -> tuple[int, ...]:
    """Forbidden pairs per round (the anchored one left out), fewest first: compared as a tuple
    this means as many clean rounds as possible, then as few forbidden pairs in the others."""
    return tuple(sorted(c for r, c in enumerate(counts) if r != skip))


def relabel(
    ctx: Context, built: Rounds, anchor: Sequence[Sequence[int]], pool: Sequence[int]
) -> tuple[int, Rounds] | None:
    """(index of the round that became `anchor`, the relabelled rounds over person indices), or
    None when no round of `built` has the anchor's group sizes. `pool`: the people, one per
    position (the anchor partitions them)."""
    s = len(pool)
    target = canonical(ctx, anchor)
    rounds = [t for t, groups in enumerate(built) if _layout(groups) == _layout(target)]
    if not rounds or sorted(i for g in target for i in g) != sorted(pool):
        return None
    members = set(pool)
    bad = [
        (i, j)
        for x, i in enumerate(sorted(members))
        for j in sorted(members)[x + 1 :]
        if not ctx.ok(i, j)
    ]
    best: tuple[tuple[int, ...], int, dict[int, int]] | None = None
    meeting = _meeting_round(built, s) if bad else []
    for t in rounds:
        slots = sorted((sorted(g) for g in built[t]), key=lambda g: (len(g), g[0]))
        person_at = {}
        for positions, group in zip(slots, target, strict=True):
            person_at.update(zip(positions, group, strict=True))
        cost = _improve(person_at, slots, bad, meeting, len(built), t) if bad else ()
        if best is None or cost < best[0]:
            best = (cost, t, dict(person_at))
        if not bad:
            break
    assert best is not None
    _, t, person_at = best
    return t, [[[person_at[x] for x in g] for g in groups] for groups in built]


def _improve(
    person_at: dict[int, int],
    slots: list[list[int]],
    bad: list[tuple[int, int]],
    meeting: list[list[int]],
    count: int,
    skip: int,
) -> tuple[int, ...]:
    """First-improvement search over swaps of two positions' people in one slot group, and of
    the people of two slot groups of one size (in place); returns the final cost."""
    position = {p: x for x, p in person_at.items()}
    touching: dict[int, list[int]] = {}
    for i, j in bad:
        touching.setdefault(i, []).append(j)
        touching.setdefault(j, []).append(i)

    def counts() -> list[int]:
        out = [0] * count
        for i, j in bad:
            r = meeting[position[i]][position[j]]
            if r >= 0:
                out[r] += 1
        return out

    def assign(x: int, person: int) -> None:
        person_at[x] = person
        position[person] = x

    current = _cost(counts(), skip)
    moves: list[list[tuple[int, int]]] = []
    for g in slots:  # two positions of one group exchange their people
        moves += [[(a, b)] for x, a in enumerate(g) for b in g[x + 1 :]]
    for x, g in enumerate(slots):  # two groups of one size exchange all their people
        moves += [list(zip(g, h, strict=True)) for h in slots[x + 1 :] if len(h) == len(g)]
    for _ in range(SWEEPS):
        improved = False
        for move in moves:
            if not any(person_at[a] in touching or person_at[b] in touching for a, b in move):
                continue
            for a, b in move:
                pa, pb = person_at[a], person_at[b]
                assign(a, pb)
                assign(b, pa)
            cost = _cost(counts(), skip)
            if cost < current:
                current, improved = cost, True
            else:
                for a, b in move:
                    pa, pb = person_at[a], person_at[b]
                    assign(a, pb)
                    assign(b, pa)
        if not improved:
            break
    return current
