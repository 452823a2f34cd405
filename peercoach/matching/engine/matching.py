"""Near-maximum-weight matching on a sparse graph.

First the bipartite relaxation: every vertex gets a "left" and a "right" copy, an edge u-v becomes
u->v and v->u, and u->u (cost of staying alone) is always allowed; scipy's sparse assignment solver
(LAPJVsp) finds the optimum permutation. Its 2-cycles are matched pairs; longer cycles are cut into
their best alternating matching. Half the relaxation's weight bounds the true optimum from above,
and the rounding typically lands within 0.1 % of it. A local search then polishes the result. The
local search applies improving alternating paths and cycles of up to four edges: a free
vertex takes over a partner (and the jilted mate may grab another free vertex), and two matched
edges exchange partners (2-opt). On the sparse candidate graphs the engine builds this lands
within a fraction of a percent of the exact optimum at a tiny fraction of the cost.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

EPS = 1e-9


def unique_keys(keys: np.ndarray) -> np.ndarray:
    """`np.unique(keys)` of integers by one plain sort (several times faster than np.unique)."""
    keys = np.sort(keys)
    keep = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


def contains(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """`np.isin(keys, sorted_keys)` for integer keys against an ascending array."""
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


def rows_by_weight(rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The order of `np.lexsort((-weights, rows))`: rows ascending, in a row by decreasing
    weight, ties as given; by one stable sort of a float key (rows stay apart: one row's keys
    span less than the gap to the next; weights closer than ~1e-9 may swap, which no caller
    can tell from a tie)."""
    if not len(rows):
        return np.zeros(0, dtype=np.int64)
    lo, hi = float(weights.min()), float(weights.max())
    return np.argsort(rows * (hi - lo + 1.0) + (hi - weights), kind="stable")


class Adjacency(NamedTuple):
    """Neighbours of x: nbr[beg[x]:end[x]] by decreasing weight, weights in wt (Python lists:
    fast element access in the loops below)."""

    beg: list[int]
    end: list[int]
    nbr: list[int]
    wt: list[float]


def to_adjacency(m: int, us: np.ndarray, vs: np.ndarray, ws: np.ndarray) -> Adjacency:
    src = np.concatenate([us, vs])
    dst = np.concatenate([vs, us])
    wts = np.concatenate([ws, ws])
    order = rows_by_weight(src, wts)  # neighbours by decreasing weight
    ptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=m), out=ptr[1:])
    bounds = ptr.tolist()
    return Adjacency(bounds[:-1], bounds[1:], dst[order].tolist(), wts[order].tolist())


def extend(adj: Adjacency, lo: np.ndarray, hi: np.ndarray, ws: np.ndarray) -> Adjacency:
    """`adj` with the new edges (lo, hi, ws): only the rows they touch are rebuilt (old
    neighbours first among equal weights) and appended; `adj` itself is left as it was."""
    if not len(lo):
        return adj
    beg, end, nbr, wt = adj
    rows = np.flatnonzero(np.bincount(np.concatenate([lo, hi])))
    rl = rows.tolist()
    sizes = [end[x] - beg[x] for x in rl]
    src = np.concatenate([np.repeat(rows, sizes), lo, hi])
    dst = np.concatenate([[y for x in rl for y in nbr[beg[x] : end[x]]], hi, lo]).astype(np.int64)
    wts = np.concatenate([[w for x in rl for w in wt[beg[x] : end[x]]], ws, ws])
    order = rows_by_weight(src, wts)
    counts = np.bincount(src)[rows]
    starts = (len(nbr) + np.cumsum(counts) - counts).tolist()
    beg, end = list(beg), list(end)
    for x, start, count in zip(rl, starts, counts.tolist(), strict=True):
        beg[x], end[x] = start, start + count
    return Adjacency(beg, end, nbr + dst[order].tolist(), wt + wts[order].tolist())


def greedy(m: int, us: np.ndarray, vs: np.ndarray, ws: np.ndarray) -> tuple[list[int], list[float]]:
    mate = [-1] * m
    mw = [0.0] * m
    order = np.argsort(-ws, kind="stable")
    for u, v, w in zip(us[order].tolist(), vs[order].tolist(), ws[order].tolist(), strict=True):
        if mate[u] < 0 and mate[v] < 0:
            mate[u] = v
            mate[v] = u
            mw[u] = mw[v] = w
    return mate, mw


def improve(
    m: int,
    adj: Adjacency,
    mate: list[int],
    mw: list[float],
    max_passes: int = 8,
    only: list[int] | None = None,
) -> set[int]:
    """Local search in place on (mate, mw); with `only`, one pass over those vertices. Returns
    the vertices whose partner changed."""
    beg, end, nbr, wt = adj
    # x's neighbours that were free when x was last looked at (positions in x's row, in
    # order); valid while nobody has become free since (`freed` counts those moments).
    near_free: dict[int, tuple[int, list[int]]] = {}
    freed = 0

    def best_free(x: int, skip: int) -> tuple[float, int]:
        known = near_free.get(x)
        if known is None or known[0] != freed:
            known = (freed, [t for t in range(beg[x], end[x]) if mate[nbr[t]] < 0])
            near_free[x] = known
        for t in known[1]:  # sorted by weight: the first free one is best
            y = nbr[t]
            if mate[y] < 0 and y != skip:
                return wt[t], y
        return 0.0, -1

    touched: set[int] = set()
    for _ in range(1 if only is not None else max_passes):
        gained = 0.0
        for a in range(m) if only is None else only:
            b = mate[a]
            wab = mw[a]
            if b >= 0:
                lookup = {nbr[t]: wt[t] for t in range(beg[b], end[b])}
            best = EPS
            move = None
            for t in range(beg[a], end[a]):
                c = nbr[t]
                if c == b:
                    continue
                wac = wt[t]
                d = mate[c]
                if b < 0:
                    if d < 0:
                        if wac > best:
                            best, move = wac, (c, -1, -1, 0.0, wac)
                    else:
                        gain = wac - mw[c]
                        # d's best free partner weighs at most d's best edge: skip hopeless d.
                        top = wt[beg[d]]
                        if gain + (top if top > 0.0 else 0.0) <= best:
                            continue
                        wdx, x = best_free(d, a)
                        if gain + wdx > best:
                            best, move = gain + wdx, (c, d, x, wdx, wac)
                    continue
                if d < 0:
                    gain = wac - wab  # b may re-pair with another free vertex
                    top = wt[beg[b]]
                    if gain + (top if top > 0.0 else 0.0) <= best:
                        continue
                    wby, y = best_free(b, c)
                    if gain + wby > best:
                        best, move = gain + wby, (c, b, y, wby, wac)
                elif d != a:
                    wbd = lookup.get(d)
                    if wbd is not None:
                        gain = wac + wbd - wab - mw[c]
                        if gain > best:
                            best, move = gain, (c, b, d, wbd, wac)
            if move is None:
                continue
            c, p, q, wpq, wac = move
            # a-c become partners; p (the old partner of a or of c) pairs with q when q >= 0.
            old_c = mate[c]
            if old_c >= 0 and old_c != p:
                mate[old_c] = -1
                mw[old_c] = 0.0
            if b >= 0 and b != p:
                mate[b] = -1
                mw[b] = 0.0
            mate[a] = c
            mate[c] = a
            mw[a] = mw[c] = wac
            if p >= 0:
                if q >= 0:
                    mate[p] = q
                    mate[q] = p
                    mw[p] = mw[q] = wpq
                else:
                    mate[p] = -1
                    mw[p] = 0.0
            if any(z >= 0 and mate[z] < 0 for z in (old_c, b, p)):
                freed += 1
            gained += best
            touched.update((a, b, c, old_c, p, q))
        if gained <= EPS:
            break
    touched.discard(-1)
    return touched


def polish(
    adj: Adjacency, mate: list[int], mw: list[float], seeds: set[int], max_passes: int = 8
) -> None:
    """`improve` only around `seeds`, then around what it changed, pass after pass.

    Every move of the local search lies within a vertex, its partner, a neighbour and the
    neighbour's partner (a free vertex grabbed by a partner is itself reached from there), so
    passes over the vertices within that distance of where a gain is possible find the same
    kind of moves as passes over every vertex."""
    beg, end, nbr, _ = adj
    region = seeds
    for _ in range(max_passes):
        near: set[int] = set()
        for x in region:
            for y in (x, mate[x]):
                if y >= 0:
                    near.add(y)
                    near.update(nbr[beg[y] : end[y]])
        region = improve(len(mate), adj, mate, mw, only=sorted(near))
        if not region:
            break


def relaxation(
    m: int, us: np.ndarray, vs: np.ndarray, ws: np.ndarray
) -> tuple[list[int], list[float], set[int]]:
    """The rounded bipartite relaxation: (mate, mw) and the vertices of its odd cycles (longer
    than one), the only ones where the rounding can lose weight (see `match`). Edges u < v."""
    cost_max = float(ws.max()) + 1.0
    diag = np.arange(m)
    rows = np.concatenate([us, vs, diag])
    cols = np.concatenate([vs, us, diag])
    cost = np.concatenate([cost_max - ws, cost_max - ws, np.full(m, cost_max)])
    # In whole millionths: on fractional costs (weights such as 17/3) scipy's LAPJVsp can cycle
    # forever, as it did for a pool of 220 (tests/matching/test_pairs_path.py, seed 373); on
    # whole numbers its arithmetic is exact. Rounding moves no edge by more than 5e-7.
    cost = np.rint(cost * 1e6)
    row, col = min_weight_full_bipartite_matching(csr_matrix((cost, (rows, cols)), shape=(m, m)))
    perm = np.empty(m, dtype=np.int64)
    perm[row] = col
    keys = us.astype(np.int64) * m + vs
    by_key = np.argsort(keys)

    def weights(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        wanted = np.minimum(a, b) * m + np.maximum(a, b)
        return ws[by_key[np.searchsorted(keys, wanted, sorter=by_key)]]

    # 2-cycles are pairs as they are; fixed points stay alone; longer cycles are cut below.
    alone = perm == diag
    two = (perm[perm] == diag) & ~alone
    mate_arr = np.where(two, perm, -1)
    mw_arr = np.zeros(m)
    mw_arr[two] = weights(diag[two], perm[two])
    mate, mw = mate_arr.tolist(), mw_arr.tolist()
    succ = perm.tolist()
    seen = (alone | two).tolist()
    odd: set[int] = set()
    for s in range(m):
        if seen[s]:
            continue
        cycle = [s]
        seen[s] = True
        x = succ[s]
        while x != s:
            cycle.append(x)
            seen[x] = True
            x = succ[x]
        size = len(cycle)
        if size % 2:
            odd.update(cycle)
        ring = np.array(cycle, dtype=np.int64)
        ew = weights(ring, np.roll(ring, -1)).tolist()
        best_total, best_start = -1.0, 0
        for start in range(size if size % 2 else 2):
            total = sum(ew[(start + 2 * q) % size] for q in range(size // 2))
            if total > best_total:
                best_total, best_start = total, start
        for q in range(size // 2):
            t = (best_start + 2 * q) % size
            a, b = cycle[t], cycle[(t + 1) % size]
            mate[a], mate[b] = b, a
            mw[a] = mw[b] = ew[t]
    return mate, mw, odd


def match(
    m: int, us: np.ndarray, vs: np.ndarray, ws: np.ndarray, exact_relax: bool = True
) -> tuple[list[int], list[float], Adjacency]:
    """mate[x] for x in 0..m-1 (-1 when unmatched), the weight of x's pair (0.0 alone), and
    the graph's adjacency (edges u < v)."""
    adj = to_adjacency(m, us, vs, ws)
    if not len(us):
        return [-1] * m, [0.0] * m, adj
    if exact_relax:
        # With optimal duals y of the relaxation (y_u + y_v >= w_uv on every edge, tight on
        # the 2-cycles and even cycles, 0 on vertices left alone), a matching M' differing from
        # the rounding on vertices S gains at most sum over S of y minus the rounding's weight
        # there: only where S meets an odd cycle. So the local search starts from those.
        mate, mw, odd = relaxation(m, us, vs, ws)
        polish(adj, mate, mw, odd)
    else:
        mate, mw = greedy(m, us, vs, ws)
        improve(m, adj, mate, mw)
    return mate, mw, adj


def matching_weight(mate: list[int], us: np.ndarray, vs: np.ndarray, ws: np.ndarray) -> float:
    total = 0.0
    for u, v, w in zip(us.tolist(), vs.tolist(), ws.tolist(), strict=True):
        if mate[u] == v:
            total += w
    return total
