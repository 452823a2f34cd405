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

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

EPS = 1e-9


def to_adjacency(m: int, us: np.ndarray, vs: np.ndarray, ws: np.ndarray):
    """CSR adjacency as Python lists (fast element access in the loops below)."""
    src = np.concatenate([us, vs])
    dst = np.concatenate([vs, us])
    wts = np.concatenate([ws, ws])
    order = np.lexsort((-wts, src))  # neighbours by decreasing weight
    counts = np.bincount(src, minlength=m)
    ptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    return ptr.tolist(), dst[order].tolist(), wts[order].tolist()


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
    ptr: list[int],
    nbr: list[int],
    wt: list[float],
    mate: list[int],
    mw: list[float],
    max_passes: int = 8,
    only: list[int] | None = None,
) -> None:
    """Local search in place on (mate, mw); with `only`, one pass over those vertices."""

    def best_free(x: int, skip: int) -> tuple[float, int]:
        for t in range(ptr[x], ptr[x + 1]):  # sorted by weight: the first free one is best
            y = nbr[t]
            if mate[y] < 0 and y != skip:
                return wt[t], y
        return 0.0, -1

    for _ in range(1 if only is not None else max_passes):
        gained = 0.0
        for a in range(m) if only is None else only:
            b = mate[a]
            wab = mw[a]
            if b >= 0:
                lookup = {nbr[t]: wt[t] for t in range(ptr[b], ptr[b + 1])}
            best = EPS
            move = None
            for t in range(ptr[a], ptr[a + 1]):
                c = nbr[t]
                if c == b:
                    continue
                wac = wt[t]
                d = mate[c]
                if b < 0:
                    if d < 0:
                        gain = wac
                        if gain > best:
                            best, move = gain, (c, -1, -1, 0.0)
                    else:
                        gain = wac - mw[c]
                        wdx, x = best_free(d, a)
                        if gain + wdx > best:
                            best, move = gain + wdx, (c, d, x, wdx)
                    continue
                if d < 0:
                    gain = wac - wab  # b may re-pair with another free vertex
                    wby, y = best_free(b, c)
                    if gain + wby > best:
                        best, move = gain + wby, (c, b, y, wby)
                elif d != a:
                    wbd = lookup.get(d)
                    if wbd is not None:
                        gain = wac + wbd - wab - mw[c]
                        if gain > best:
                            best, move = gain, (c, b, d, wbd)
            if move is None:
                continue
            c, p, q, wpq = move
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
            mw[a] = mw[c] = _w(ptr, nbr, wt, a, c)
            if p >= 0:
                if q >= 0:
                    mate[p] = q
                    mate[q] = p
                    mw[p] = mw[q] = wpq
                else:
                    mate[p] = -1
                    mw[p] = 0.0
            gained += best
        if gained <= EPS:
            break


def _w(ptr: list[int], nbr: list[int], wt: list[float], a: int, c: int) -> float:
    for t in range(ptr[a], ptr[a + 1]):
        if nbr[t] == c:
            return wt[t]
    raise KeyError((a, c))


def relaxation(
    m: int,
    us: np.ndarray,
    vs: np.ndarray,
    ws: np.ndarray,
    ptr: list[int],
    nbr: list[int],
    wt: list[float],
) -> tuple[list[int], list[float]]:
    cost_max = float(ws.max()) + 1.0
    diag = np.arange(m)
    rows = np.concatenate([us, vs, diag])
    cols = np.concatenate([vs, us, diag])
    cost = np.concatenate([cost_max - ws, cost_max - ws, np.full(m, cost_max)])
    row, col = min_weight_full_bipartite_matching(csr_matrix((cost, (rows, cols)), shape=(m, m)))
    perm = np.empty(m, dtype=np.int64)
    perm[row] = col
    succ = perm.tolist()
    mate = [-1] * m
    mw = [0.0] * m
    seen = [False] * m
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
        if size == 1:
            continue
        ew = [_w(ptr, nbr, wt, cycle[t], cycle[(t + 1) % size]) for t in range(size)]
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
    return mate, mw


def match(
    m: int, us: np.ndarray, vs: np.ndarray, ws: np.ndarray, exact_relax: bool = True
) -> list[int]:
    """mate[x] for x in 0..m-1 (-1 when unmatched)."""
    if m == 0:
        return []
    if not len(us):
        return [-1] * m
    ptr, nbr, wt = to_adjacency(m, us, vs, ws)
    if exact_relax:
        mate, mw = relaxation(m, us, vs, ws, ptr, nbr, wt)
    else:
        mate, mw = greedy(m, us, vs, ws)
    improve(m, ptr, nbr, wt, mate, mw)
    return mate


def matching_weight(mate: list[int], us: np.ndarray, vs: np.ndarray, ws: np.ndarray) -> float:
    total = 0.0
    for u, v, w in zip(us.tolist(), vs.tolist(), ws.tolist(), strict=True):
        if mate[u] == v:
            total += w
    return total
