"""The certified bound for pools too big to scan every pair (`bound.EXACT_MAX` < N ≤ `CLOSE_MAX`).

The same LP as `bound.pair_bound` (the fractional matching over all admissible new pairs), with
the same column generation and the same repair (`bound`, 3.), but without an O(N²) scan:

- each person's close pairs (`close_pairs`) are weighed exactly; their best `k` per person start
  the LP and join the plan's candidate graph;
- the LP over the columns so far is solved as an assignment (`assignment_dual`, a fraction of a
  second where HiGHS took seconds);
- the repair takes, per person, the larger of the close pairs' exact `max_j (w_ij - y_j)` and the
  class bound of everyone else (`ClosePairs.others`). The people for whom the class bound is
  the larger ("loose" rows) are scanned against the whole pool instead, which both tightens
  their term (exact) and finds the pairs of positive reduced cost outside their close pairs.

The result is a valid upper bound whatever the LP does: the repair alone guarantees it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import assignment_dual
from .bound import LP_ADD, LP_GAP, LP_ROUNDS, Scanner
from .close_pairs import ClosePairs
from .context import Context

CLOSE_MAX = 12_000  # pools up to this size get this bound, bigger ones the O(N) one (see README)
STORE_MAX = 8_000_000  # close pairs kept between the LP's rounds (else weighed again per round)
LP_SEED = 8  # each person's best close pairs that start the LP
LOOSE_CELLS = 2_000_000  # pairs per block of the exact scan of loose rows
LOOSE_SHARE = 0.25  # at most this share of the pool is scanned exactly per round
EPS = 1e-9
PLAN_GAP = 2e-3  # proving the plan within 0.2 % of the best possible is enough
ROUNDS_BEFORE_PLAN = 3  # the LP's support after these rounds joins the plan's candidates


class CloseBound:
    """The bound in two steps around the plan: first each person's best close pairs (the plan's
    candidates), then `finish` with the plan's own pairs among the LP's first columns, stopping
    once the plan is proven within `PLAN_GAP` of the best possible or the LP has converged."""

    def __init__(self, ctx: Context, pool: Sequence[int], met: set[int], k: int) -> None:
        self.scan = scan = ClosePairs(ctx, pool, met)
        self.rows_scan = scan.scanner
        self.m = m = scan.m
        # Few skills make most pairs close: then this is no cheaper than a full scan.
        self.too_many = scan.product_size() > STORE_MAX
        if self.too_many:
            return
        blocks: list | None = []
        size = 0
        seed_u, seed_v, seed_w = [], [], []
        for rows, cols, w in scan.blocks():
            r, c, x = top_per_row(rows, cols, w, k)
            seed_u.append(r)
            seed_v.append(c)
            seed_w.append(x)
            size += len(rows)
            if blocks is not None and size <= STORE_MAX:
                blocks.append((rows, cols, w))
            else:
                blocks = None  # too many to keep: weighed again in each round
        self.blocks = blocks
        u, v, w = np.concatenate(seed_u), np.concatenate(seed_v), np.concatenate(seed_w)
        best = np.unique(np.minimum(u, v) * m + np.maximum(u, v))
        self.edges = (best // m, best % m)  # each position's k best close pairs, u < v
        u, v, w = top_per_row(u, v, w, min(k, LP_SEED))  # the LP starts from fewer columns
        self.keys, first = np.unique(np.minimum(u, v) * m + np.maximum(u, v), return_index=True)
        self.weights = w[first]
        self.support = self.keys[:0]
        self.upper = np.inf
        self.rounds = 0
        self.settled = False  # the LP converged: no more rounds needed
        self.failed = False

    def prove(self, rounds: int, plan_weight: float = 0.0) -> None:
        """Up to `rounds` rounds of column generation (LP, repair, new columns); stops once the
        LP has converged or `plan_weight` is proven within `PLAN_GAP` of the bound."""
        m = self.m
        for _ in range(min(rounds, LP_ROUNDS - self.rounds)):  # LP_ROUNDS in all
            if self.settled or self.failed or plan_weight >= self.upper * (1 - PLAN_GAP):
                return
            self.rounds += 1
            solved = assignment_dual.lp_dual(m, self.keys, self.weights)
            if solved is None:
                self.failed = True
                return
            value, y, support = solved
            self.support = support
            total, new_keys, new_w = _sweep(self.scan, self.rows_scan, self.blocks, y)
            self.upper = min(self.upper, total)
            if self.upper <= value * (1 + LP_GAP) or len(new_keys) == 0:
                self.settled = True
                return
            self._add(new_keys, new_w)

    def best_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Each position's k best close pairs and the last LP's support (u < v): candidates."""
        m = self.m
        keys = np.unique(np.concatenate([self.edges[0] * m + self.edges[1], self.support]))
        return keys // m, keys % m

    def finish(
        self, plan: tuple[np.ndarray, np.ndarray] | None = None, plan_weight: float = 0.0
    ) -> float | None:
        """The bound, after more rounds with the plan's pairs (positions, admissible and new)
        among the columns; None when the LP solver gave no answer at all."""
        if plan is not None and len(plan[0]):
            lo, hi = np.minimum(*plan), np.maximum(*plan)
            people = self.scan.people
            self._add(lo * self.m + hi, self.scan.ctx.weight_many(people[lo], people[hi]))
        self.prove(LP_ROUNDS, plan_weight)
        return float(self.upper) if np.isfinite(self.upper) else None

    def _add(self, keys: np.ndarray, weights: np.ndarray) -> None:
        self.keys, first = np.unique(np.concatenate([self.keys, keys]), return_index=True)
        self.weights = np.concatenate([self.weights, weights])[first]


def _sweep(scan: ClosePairs, rows_scan: Scanner, blocks, y: np.ndarray):
    """The repaired bound of y over all pairs, and per row the LP_ADD pairs of most positive
    reduced cost found (keys u * m + v, u < v, with their weights)."""
    m = scan.m
    exact = np.full(m, -np.inf)
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for rows, cols, w in blocks if blocks is not None else scan.blocks():
        if len(rows) == 0:
            continue
        gain = w - y[cols]
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        at = rows[starts]
        exact[at] = np.maximum(exact[at], np.maximum.reduceat(gain, starts))
        red = gain - y[rows]
        pos = red > EPS
        found.append(top_per_row(rows[pos], cols[pos], red[pos], LP_ADD))
    base = np.maximum(y, exact)
    others = scan.others(y)
    z = np.maximum(base, others)
    loose = np.flatnonzero(others > base + EPS)
    step = max(1, LOOSE_CELLS // m)
    limit = max(step, int(LOOSE_SHARE * m))
    if len(loose) > limit:
        loose = loose[np.argsort(base[loose] - others[loose], kind="stable")[:limit]]
    for s in range(0, len(loose), step):
        at = np.sort(loose[s : s + step])
        gain = rows_scan.rows_at(at) - y[None, :]
        z[at] = np.maximum(y[at], gain.max(axis=1))
        red = gain - y[at, None]
        r, c = np.nonzero(red > EPS)
        r, c, red = at[r], c.astype(np.int64), red[r, c]
        # The scan skips the rare per-person rules (a superset is fine for the bound, not as
        # the LP's columns).
        good = scan.ctx.ok_many(scan.people[r], scan.people[c])
        found.append(top_per_row(r[good], c[good], red[good], LP_ADD))
    total = float(z.sum())
    if not found:
        return total, np.zeros(0, dtype=np.int64), np.zeros(0)
    u = np.concatenate([f[0] for f in found])
    v = np.concatenate([f[1] for f in found])
    red = np.concatenate([f[2] for f in found])
    keys = np.minimum(u, v) * m + np.maximum(u, v)
    return total, keys, red + y[u] + y[v]


def top_per_row(rows: np.ndarray, cols: np.ndarray, w: np.ndarray, k: int):
    """The k entries of largest w of each row (rows, cols, w of those)."""
    if len(rows) == 0:
        return rows, cols, w
    # One int64 key (row, then weight descending) sorts twice as fast as lexsort's two keys.
    lo, hi = float(w.min()), float(w.max())
    scaled = np.round((hi - w) / (hi - lo + 1e-12) * 2**30).astype(np.int64)
    order = np.argsort(rows.astype(np.int64) * 2**31 + scaled)
    rows, cols, w = rows[order], cols[order], w[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    counts = np.diff(np.r_[starts, len(rows)])
    rank = np.arange(len(rows)) - np.repeat(starts, counts)
    keep = rank < k
    return rows[keep], cols[keep], w[keep]
