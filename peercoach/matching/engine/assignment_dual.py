"""The fractional matching LP over a sparse set of pairs, solved as an assignment problem.

The LP `max sum w_e x_e, sum_{e ∋ u} x_e <= 1, x >= 0` has the same optimum as half the best
assignment in its bipartite double cover: a left and a right copy of each person, the edges
(u, v') and (v, u') for each pair, and (u, u') of weight 0 for staying alone. scipy's sparse
LAPJV solves that assignment (costs in whole millionths: on fractional costs it can cycle, see
`relaxation`). Its dual potentials follow from shortest paths in the residual graph (Bellman-Ford
with early exit, vectorised), and `y_u = (alpha_u + beta_u) / 2` is then a dual of the LP over
these pairs: `y_u + y_v = ((alpha_u + beta_v) + (alpha_v + beta_u)) / 2 >= w_uv` and
`y_u >= 0` from the stay-alone edge. Only the LP's optimum is needed from here; the bound's
validity over all pairs comes from the repair scan (`bound`, 3.), not from this module.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

SCALE = 1_000_000
MAX_PASSES = 20_000


def lp_dual(
    m: int, keys: np.ndarray, weights: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray] | None:
    """(LP optimum, dual y >= 0, support keys) over the pairs `keys` (u * m + v, u < v), in the
    weights' units; None when the solver gives no answer."""
    u, v = keys // m, keys % m
    w = np.round(np.asarray(weights) * SCALE).astype(np.int64)
    top = int(w.max(initial=0)) + 1
    alone = np.arange(m, dtype=np.int64)
    left = np.concatenate([u, v, alone])
    right = np.concatenate([v, u, alone])
    cost = np.concatenate([top - w, top - w, np.full(m, top, dtype=np.int64)])
    graph = sp.csr_matrix((cost.astype(np.float64), (left, right)), shape=(m, m))
    try:
        rows, cols = min_weight_full_bipartite_matching(graph)
    except ValueError:
        return None
    to = np.empty(m, dtype=np.int64)
    to[rows] = cols
    owner = np.empty(m, dtype=np.int64)
    owner[to] = np.arange(m)
    graph = graph.tocoo()
    li, rj, c = graph.row.astype(np.int64), graph.col.astype(np.int64), graph.data
    matched = to[li] == rj
    held = np.empty(m)
    held[li[matched]] = c[matched]  # each left copy's cost in the assignment
    # Left i reaches left k (k owns right j) at cost c_ij - c_kj; potentials: shortest paths
    # from a source joined to every left copy at cost 0.
    k = owner[rj]
    step = c - held[k]
    keep = k != li
    src, dst, step = li[keep], k[keep], step[keep]
    dist = _shortest_from_all(m, src, dst, step)
    if dist is None:
        return None
    # Min-cost duals: a_i = -dist_i, b_j = held(owner j) - a_owner; max-weight duals in millionths.
    alpha = dist
    beta = top - (held[owner] + dist[owner])
    y = np.maximum((alpha + beta) / 2, 0.0) / SCALE  # left and right copy of each person
    chosen = to != alone
    a, b = alone[chosen], to[chosen]
    support = np.unique(np.minimum(a, b) * m + np.maximum(a, b))
    value = (m * top - held.sum()) / 2 / SCALE
    return value, y, support


def _shortest_from_all(m: int, src: np.ndarray, dst: np.ndarray, step: np.ndarray):
    """Distances from a source joined to every node at cost 0 (so all start at 0), by
    Bellman-Ford passes over the edges out of the nodes that changed in the last pass; None
    when it does not settle (it must: an optimal assignment leaves no negative cycle)."""
    order = np.argsort(src, kind="stable")
    src, dst, step = src[order], dst[order], step[order]
    indptr = np.searchsorted(src, np.arange(m + 1))
    dist = np.zeros(m)
    active = np.arange(m)
    for _ in range(MAX_PASSES):
        begin = indptr[active]
        count = indptr[active + 1] - begin
        total = int(count.sum())
        if total == 0:
            return dist
        edge = np.repeat(begin - np.cumsum(count) + count, count) + np.arange(total)
        reach = dist[src[edge]] + step[edge]
        to = dst[edge]
        better = reach < dist[to]
        if not better.any():
            return dist
        to, reach = to[better], reach[better]
        np.minimum.at(dist, to, reach)
        active = np.unique(to)
    return None
