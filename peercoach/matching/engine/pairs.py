"""One round of pairs: candidate graph, matching, then repair of anyone left over."""

from __future__ import annotations

import random
from collections.abc import Sequence

from .candidates import candidate_graph, pair_key
from .context import Context
from .matching import match

BLOCK = 12_000  # the assignment solver grows faster than linearly; big pools are cut in blocks
FULL_SCAN_MAX = 4_000  # repair scans the whole pool below this size, else a sample


def pair_round(
    ctx: Context,
    pool: Sequence[int],
    met: set[int],
    rng: random.Random,
    base: Sequence[tuple[int, int]] | None = None,
) -> tuple[list[tuple[int, ...]], list[tuple[int, str]]]:
    """Groups (pairs, the odd trio) of person indices and (person, reason code) left unplaced.

    `base` is an optional starting set of pairs (e.g. from the circle method) used instead of
    the optimiser; it must consist of admissible, new pairs.
    """
    mate: dict[int, int] = {}
    if base is not None:
        for i, j in base:
            mate[i], mate[j] = j, i
    else:
        for block in _blocks(ctx, pool, rng):
            us, vs, ws = candidate_graph(ctx, block, met, rng)
            local = match(len(block), us, vs, ws)
            for a, b in enumerate(local):
                if b >= 0:
                    mate[block[a]] = block[b]
    left = [i for i in pool if i not in mate]
    return _repair(ctx, pool, met, mate, left, rng)


def _blocks(ctx: Context, pool: Sequence[int], rng: random.Random) -> list[list[int]]:
    if len(pool) <= BLOCK:
        return [list(pool)]
    # People who speak the same languages stay together; the rest is random.
    order = sorted(pool, key=lambda i: (ctx.lang[i], rng.random()))
    count = -(-len(order) // BLOCK)
    size = -(-len(order) // count)
    return [order[s : s + size] for s in range(0, len(order), size)]


def _partners(ctx: Context, u: int, pool: Sequence[int], rng: random.Random) -> Sequence[int]:
    if len(pool) <= FULL_SCAN_MAX:
        return pool
    return rng.sample(list(pool), FULL_SCAN_MAX)


def _repair(
    ctx: Context,
    pool: Sequence[int],
    met: set[int],
    mate: dict[int, int],
    left: list[int],
    rng: random.Random,
) -> tuple[list[tuple[int, ...]], list[tuple[int, str]]]:
    n = ctx.n
    ok = ctx.ok

    def fresh(i: int, j: int) -> bool:
        return ok(i, j) and pair_key(i, j, n) not in met

    # 1. Leftovers with each other, then along a short augmenting path u-v, mate(v)-x.
    left = _pair_among(ctx, left, mate, fresh)
    changed = True
    while changed and len(left) >= 2:
        changed = False
        for u in list(left):
            if u in mate:
                continue
            others = [x for x in left if x != u and x not in mate]
            for v in _partners(ctx, u, pool, rng):
                w = mate.get(v)
                if w is None or v == u or not fresh(u, v):
                    continue
                x = next((x for x in others if fresh(w, x)), None)
                if x is not None:
                    mate[u], mate[v], mate[w], mate[x] = v, u, x, w
                    changed = True
                    break
        left = [x for x in left if x not in mate]
    groups: list[tuple[int, ...]] = [(i, j) for i, j in mate.items() if i < j]
    trios: dict[int, tuple[int, ...]] = {}  # pair index -> trio
    # 2. Someone still alone joins a pair as a trio (no repeat), 3. or accepts the fewest repeats.
    unplaced: list[tuple[int, str]] = []
    for allow_repeat in (False, True):
        rest = []
        if allow_repeat and len(left) >= 2:
            left = _pair_among(ctx, left, mate, ok)
            groups.extend((i, j) for i, j in mate.items() if i < j and (i, j) not in set(groups))
        for u in left:
            if u in mate:
                continue
            best = None
            for g, (a, b) in enumerate(groups):
                if g in trios or len(groups[g]) != 2 or not (ok(u, a) and ok(u, b)):
                    continue
                if not (ctx.lang[u] & ctx.lang[a] & ctx.lang[b]):
                    continue
                rep = (pair_key(u, a, n) in met) + (pair_key(u, b, n) in met)
                if rep and not allow_repeat:
                    continue
                key = (rep, -(ctx.weight(u, a) + ctx.weight(u, b)))
                if best is None or key < best[0]:
                    best = (key, g)
            if best is None:
                rest.append(u)
            else:
                g = best[1]
                trios[g] = (*groups[g], u)
        left = rest
    groups = [trios.get(g, grp) for g, grp in enumerate(groups)]
    for u in left:
        alone = not any(ctx.lang[u] & ctx.lang[v] for v in pool if v != u)
        unplaced.append((u, "no_shared_language" if alone else "no_eligible_partner"))
    return groups, unplaced


def _pair_among(ctx: Context, left: list[int], mate: dict[int, int], fits) -> list[int]:
    for a, u in enumerate(left):
        if u in mate:
            continue
        best = None
        for v in left[a + 1 :]:
            if v not in mate and fits(u, v):
                w = ctx.weight(u, v)
                if best is None or w > best[0]:
                    best = (w, v)
        if best is not None:
            mate[u], mate[best[1]] = best[1], u
    return [x for x in left if x not in mate]
