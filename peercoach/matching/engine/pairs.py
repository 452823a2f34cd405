"""One round of pairs: candidate graph, matching, then repair of anyone left over."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from .bound import EXACT_MAX, LP_ADD, pair_bound
from .candidates import candidate_graph, pair_key
from .close_bound import CLOSE_MAX, ROUNDS_BEFORE_PLAN, CloseBound
from .context import Context
from .matching import Adjacency, contains, extend, improve, match

BLOCK = 12_000  # the assignment solver grows faster than linearly; big pools are cut in blocks
FULL_SCAN_MAX = 4_000  # repair scans the whole pool below this size, else a sample
SAMPLE = 64  # partners tried per step of an augmenting path search in a big pool
TOP_K = 24  # each person's best partners by the engine's own weight join the candidate graph
LEFT_SAMPLE = 400  # partners offered to each left-over person in a big pool
BOUND_MAX = EXACT_MAX  # pools up to this size get the LP bound (O(N²) scans, 40 s at 10,000)


def pair_round(
    ctx: Context,
    pool: Sequence[int],
    met: set[int],
    rng: random.Random,
    base: Sequence[tuple[int, int]] | None = None,
) -> tuple[list[tuple[int, ...]], list[tuple[int, str]], float]:
    """Groups (pairs, the odd trio) of person indices, (person, reason code) left unplaced, and
    an upper bound on the weight of the best possible matching of the pool (`bound.pair_bound`).

    `base` is an optional starting set of pairs (e.g. from the circle method) used instead of
    the optimiser; it must consist of admissible, new pairs.
    """
    mate: dict[int, int] = {}
    top_k = TOP_K if base is None else 0
    closer, upper, top = start_bound(ctx, pool, met, top_k)
    if base is not None:
        for i, j in base:
            mate[i], mate[j] = j, i
    else:
        for block in _blocks(ctx, pool, rng):
            us, vs, ws = candidate_graph(ctx, block, met, rng)
            if top is not None and len(block) == len(pool):  # CLOSE_MAX <= BLOCK: one block
                us, vs, ws = _merge(ctx, block, (us, vs), top)
            local, weights, adj = match(len(block), us, vs, ws)
            local = _augment_weighted(ctx, block, met, rng, adj, local, weights)
            for a, b in enumerate(local):
                if b >= 0:
                    mate[block[a]] = block[b]
    left = [i for i in pool if i not in mate]
    groups, unplaced = _repair(ctx, pool, met, mate, left, rng)
    if closer is not None:
        upper = _finish(ctx, pool, met, closer, groups)
    return groups, unplaced, upper


def start_bound(ctx: Context, pool: Sequence[int], met: set[int], top_k: int):
    """(closer, bound, best pairs): how a round starts. Between `BOUND_MAX` and `CLOSE_MAX`
    people the close pairs' bound, proven part-way (`closer`, finished after the plan; bound
    None until then); else `bound.pair_bound`'s bound at once (`closer` None). The best pairs
    (positions, u < v) join the candidate graph when `top_k` > 0."""
    if BOUND_MAX < len(pool) <= CLOSE_MAX and ctx._arrays() is not None:
        closer = CloseBound(ctx, pool, met, max(top_k, LP_ADD))
        if not closer.too_many:
            if not top_k:
                return closer, None, None
            closer.prove(ROUNDS_BEFORE_PLAN)
            return closer, None, closer.best_pairs()
    upper, top = pair_bound(ctx, pool, met, top=top_k, exact_max=BOUND_MAX)
    return None, upper, top


def _finish(ctx: Context, pool: Sequence[int], met: set[int], closer: CloseBound, groups):
    """The close pairs' bound, proven against the plan's new pairs (see `close_bound`); the
    O(N) bound if the LP solver gives no answer."""
    where = np.full(ctx.n, -1, dtype=np.int64)
    where[np.asarray(pool, dtype=np.int64)] = np.arange(len(pool))
    plan = [(i, j) for i, j, *_ in groups if pair_key(i, j, ctx.n) not in met]
    lo = where[np.array([i for i, _ in plan], dtype=np.int64)]
    hi = where[np.array([j for _, j in plan], dtype=np.int64)]
    weight = float(sum(ctx.weight(i, j) for i, j in plan))
    upper = closer.finish((lo, hi), weight)
    if upper is None:
        upper, _ = pair_bound(ctx, pool, met, exact_max=0)
    return upper


def _merge(ctx: Context, block: Sequence[int], *edge_sets) -> tuple:
    """Union of edge sets over positions in `block` (u < v), admissible, weighed."""
    m = len(block)
    lo = np.concatenate([e[0] for e in edge_sets]).astype(np.int64)
    hi = np.concatenate([e[1] for e in edge_sets]).astype(np.int64)
    keep = lo != hi
    lo, hi = lo[keep], hi[keep]
    _, first = np.unique(lo * m + hi, return_index=True)
    lo, hi = lo[first], hi[first]
    arr = np.asarray(block, dtype=np.int64)
    good = ctx.ok_many(arr[lo], arr[hi])
    lo, hi = lo[good], hi[good]
    return lo, hi, ctx.weight_many(arr[lo], arr[hi])


def _augment_weighted(
    ctx: Context,
    block: Sequence[int],
    met: set[int],
    rng: random.Random,
    adj: Adjacency,
    local: list[int],
    weights: list[float],
) -> list[int]:
    """Place left-over people along the best short augmenting paths.

    Each free person gets edges to many admissible new partners (everyone in a pool up to
    `EXACT_MAX`, else `LEFT_SAMPLE` random people), then the matching's local search runs again
    from the current matching: a free person takes a partner whose old mate takes another free
    person, chosen by weight gain (not the first neighbour found). `adj`: the adjacency of
    the graph `local` was found on; `weights`: of each one's pair in `local`.
    """
    m = len(block)
    free = [a for a in range(m) if local[a] < 0]
    if len(free) < 2:
        return local
    if m <= EXACT_MAX:
        partners = np.arange(m, dtype=np.int64)
    else:
        partners = np.array(
            sorted({int(rng.random() * m) for _ in range(LEFT_SAMPLE)} | set(free)), dtype=np.int64
        )
    fu = np.repeat(np.asarray(free, dtype=np.int64), len(partners))
    fv = np.tile(partners, len(free))
    is_free = np.zeros(m, dtype=bool)
    is_free[free] = True
    once = ~is_free[fv] | (fu < fv)  # two free people: one pair; nobody with themselves
    lo, hi = np.minimum(fu[once], fv[once]), np.maximum(fu[once], fv[once])
    known = [min(a, b) * m + max(a, b) for a in free for b in adj.nbr[adj.beg[a] : adj.end[a]]]
    new = ~contains(np.sort(np.array(known, dtype=np.int64)), lo * m + hi)  # not in the graph
    lo, hi = lo[new], hi[new]
    arr = np.asarray(block, dtype=np.int64)
    ii, jj = arr[lo], arr[hi]
    good = ctx.ok_many(ii, jj)
    if met:
        seen = np.minimum(ii, jj) * ctx.n + np.maximum(ii, jj)
        good &= ~np.isin(seen, np.fromiter(met, dtype=np.int64, count=len(met)))
    lo, hi = lo[good], hi[good]
    adj = extend(adj, lo, hi, ctx.weight_many(ii[good], jj[good]))
    mate = list(local)
    improve(m, adj, mate, list(weights), only=free)
    return mate


def _blocks(ctx: Context, pool: Sequence[int], rng: random.Random) -> list[list[int]]:
    if len(pool) <= BLOCK:
        return [list(pool)]
    # People who speak the same languages stay together; the rest is random.
    order = sorted(pool, key=lambda i: (ctx.lang[i], rng.random()))
    count = -(-len(order) // BLOCK)
    size = -(-len(order) // count)
    return [order[s : s + size] for s in range(0, len(order), size)]


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

    # 1. Leftovers with each other, then along augmenting paths of new, admissible pairs.
    left = _pair_among(ctx, left, mate, fresh)
    if len(left) >= 2:
        if len(pool) <= FULL_SCAN_MAX:
            left = augment(left, mate, fresh, lambda u: pool)
        else:
            # Big pools: a few random people per step (the candidate graph already did the rest).
            size = len(pool)
            rand = rng.random
            left = augment(
                left, mate, fresh, lambda u: [pool[int(rand() * size)] for _ in range(SAMPLE)]
            )
    groups: list[tuple[int, ...]] = [(i, j) for i, j in mate.items() if i < j]
    trios: dict[int, tuple[int, ...]] = {}  # pair index -> trio
    # 2. Someone still alone joins a pair as a trio (no repeat), 3. or accepts the fewest repeats.
    unplaced: list[tuple[int, str]] = []
    for allow_repeat in (False, True):
        rest = []
        if allow_repeat and len(left) >= 2:
            left = _pair_among(ctx, left, mate, ok)
            known = set(groups)  # (built once: per new pair it cost O(pairs) at 100,000)
            groups.extend((i, j) for i, j in mate.items() if i < j and (i, j) not in known)
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


AUGMENT_BUDGET = 200_000  # neighbour visits per repair, so hopeless searches stay cheap
MAX_DEPTH = 200  # matched pairs on one augmenting path


def augment(
    left: list[int],
    mate: dict[int, int],
    fits: Callable[[int, int], bool],
    neighbours: Callable[[int], Sequence[int]],
) -> list[int]:
    """Match free people along augmenting paths u-v=mate(v)-...-x (x free); returns who is left.

    Each pair on a path must satisfy `fits` (admissible and not met before), so every success
    removes two leftovers without a repeat. A depth-first search with visited marks: sound, and
    exact on bipartite structure; odd cycles (blossoms) can hide a rare path.
    """
    free = set(left)
    budget = [AUGMENT_BUDGET]  # shared by all searches of this call
    for u in left:
        if u in mate or len(free) < 2:
            continue
        visited = {u}
        path = _find_path(u, u, mate, fits, neighbours, free, visited, budget)
        if path is None:
            continue
        # path = [u, v1, w1, v2, w2, ..., x]: pair (u, v1), (w1, v2), ..., ending at free x.
        for a in range(0, len(path), 2):
            i, j = path[a], path[a + 1]
            mate[i], mate[j] = j, i
        free.discard(u)
        free.discard(path[-1])
    return [x for x in left if x not in mate]


def _find_path(
    root: int,
    u: int,
    mate: dict[int, int],
    fits: Callable[[int, int], bool],
    neighbours: Callable[[int], Sequence[int]],
    free: set[int],
    visited: set[int],
    budget: list[int],
) -> list[int] | None:
    # Iterative DFS; frame = (vertex, iterator over its neighbours, matched pair that led here).
    stack: list[tuple[int, Iterator[int], tuple[int, int] | None]] = [
        (u, iter(neighbours(u)), None)
    ]
    while stack:
        x, it, _ = stack[-1]
        advanced = False
        for v in it:
            budget[0] -= 1
            if budget[0] < 0:
                return None
            if v in visited or not fits(x, v):
                continue
            if v in free and v not in mate and v != root:
                path = [root]
                for frame in stack[1:]:
                    path.extend(frame[2])  # type: ignore[arg-type]
                return [*path, v]
            w = mate.get(v)
            if w is None or w in visited or len(stack) > MAX_DEPTH:
                continue
            visited.add(v)
            visited.add(w)
            stack.append((w, iter(neighbours(w)), (v, w)))
            advanced = True
            break
        if not advanced:
            stack.pop()
    return None
