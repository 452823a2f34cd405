"""A certified upper bound on the best possible round of pairs.

The plan's weight is the sum of `Context.weight` over its pairs (an odd trio counts with its best
pair, so that a plan is compared with matchings). The bound is the value of a feasible solution of
the dual of the fractional matching relaxation over ALL admissible, new pairs of the pool:

    maximise  sum_e w_e x_e   s.t.  sum_{e ∋ u} x_e <= 1,  x >= 0          (primal, relaxed)
    minimise  sum_u y_u       s.t.  y_u + y_v >= w_uv for every admissible new pair, y >= 0

Every matching is a feasible primal solution, so by weak duality any feasible y gives
`sum_u y_u >= weight of every matching`, in particular of the exact optimum.

Validity of the y we build:

1. `y_u = b_u / 2`, with `b_u` the weight of u's best admissible new partner (0 when none), is
   feasible: for a pair (u, v), `w_uv <= b_u` and `w_uv <= b_v`, so `y_u + y_v >= w_uv`.
2. One averaged Jacobi step keeps feasibility: from a feasible y, let
   `z_u = max(0, max_v (w_uv - y_v))` and `y'_u = (y_u + z_u) / 2`. For any pair,
   `z_u + z_v >= 2 w_uv - y_u - y_v`, hence `y'_u + y'_v >= w_uv`; and `z_u <= y_u` because y
   was feasible, so the bound never gets worse.
3. Repair of any y >= 0: `z_u = max(y_u, max_v (w_uv - y_v))` is feasible, since for a pair
   `z_u + z_v >= (w_uv - y_v) + y_v`. So a y from anywhere (here the LP dual over a subset of
   the pairs, solved with HiGHS) becomes a valid bound after one scan of all pairs.
4. Admissibility may be relaxed (a superset of the pairs only adds constraints for y): the rare
   per-person rules (explicit exclusions, the reporting chain) are not checked here, so the bound
   is over at least every admissible pair.

The bound scans all pairs in blocks of rows with numpy: O(N²) work, O(block · N) memory. It
solves the LP over a growing set of pairs (column generation: each scan adds every person's
pairs of most positive reduced cost) and repairs its dual with 3.; the Jacobi steps of 2. are
the fallback when the LP solver fails. Pools above `EXACT_MAX` get the same LP without the O(N²)
scan up to `close_bound.CLOSE_MAX` (see there), and beyond that step 1 only over a coarser but
still valid relaxation (see `_relaxed_best`), which is O(N · classes).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from .context import NEW_PAIRING_BONUS, Context

EXACT_MAX = 4_000  # pools up to this size scan every pair
ROW_BLOCK = 256
JACOBI_STEPS = 4
LP_ROUNDS = 6  # column generation: LP solves at most
LP_ADD = 8  # pairs of most positive reduced cost each person adds per scan
LP_GAP = 1e-3  # stop once the repaired bound is this close to the LP's value


class Scanner:
    """Pair weights of row blocks against the whole pool, from lookup tables (numpy only).

    The weight splits into a skill part (a function of three small bit counts) and a part of
    (experience, time zone, role preference) codes plus the department term; both parts are
    tabulated once, so a block costs a few array operations per pair.
    """

    def __init__(self, ctx: Context, pool: Sequence[int], met: set[int]) -> None:
        arr = ctx._arrays()
        w = ctx.weights
        p = np.asarray(pool, dtype=np.int64)
        self.m = len(p)
        self.want, self.off, self.lang = arr["want"][p], arr["off"][p], arr["lang"][p]
        self.dept = arr["dept"][p].astype(np.int32)
        pos = np.full(ctx.n + 1, -1, dtype=np.int32)
        pos[p] = np.arange(self.m, dtype=np.int32)
        self.mgr = pos[arr["mgr"][p]]  # manager's position in the pool, -1 when absent
        self.cross, self.same = ctx.cross, ctx.same
        self.boss = arr["boss"][p] if ctx.same_manager else None
        zones = sorted({t for t in ctx.tz if t is not None})
        zone_of = {t: z for z, t in enumerate(zones)}
        zt = len(zones) + 1
        # Experience by rank among the values present (the last code: unknown); capping the
        # years instead would shrink gaps past the cap and let the bound fall below a weight.
        years = sorted({ctx.exp[i] for i in pool if ctx.exp[i] is not None})
        rank = {v: k for k, v in enumerate(years)}
        ek = len(years)
        exp = [ek if ctx.exp[i] is None else rank[ctx.exp[i]] for i in pool]
        tzc = [zt - 1 if ctx.tz[i] is None else zone_of[ctx.tz[i]] for i in pool]
        self.code = np.array(
            [(e * zt + t) * 3 + ctx.pref[i] for e, t, i in zip(exp, tzc, pool, strict=True)],
            dtype=np.int32,
        )
        size = (ek + 1) * zt * 3
        c = np.arange(size)
        e, rest = divmod(c, zt * 3)
        t, r = divmod(rest, 3)
        tz_val = np.array([*zones, np.nan])[t]
        years_of = np.array([*years, 0], dtype=np.int64)[e]
        gap = np.abs(years_of[:, None] - years_of[None, :])
        known = (e[:, None] < ek) & (e[None, :] < ek) & (gap >= 3)
        other = NEW_PAIRING_BONUS + np.where(known, w.experience_gap * np.minimum(gap, 12) / 12, 0)
        unknown = np.isnan(tz_val[:, None]) | np.isnan(tz_val[None, :])
        d = np.abs(np.where(unknown, 0.0, tz_val[:, None] - tz_val[None, :]))
        other += np.where(
            unknown, w.time_zone * 0.5, np.where(d < 8, w.time_zone * (1 - d / 8), 0.0)
        )
        rs = r[:, None] + r[None, :]
        either = (r[:, None] == 2) | (r[None, :] == 2)
        other += np.where(rs == 1, w.role_preference, np.where(either, w.role_preference / 2, 0))
        self.size = size
        self.other = other.ravel()
        x, y, s = np.meshgrid(np.arange(4), np.arange(4), np.arange(4), indexing="ij")
        skill = np.where(
            (x > 0) | (y > 0), w.skill_exchange * ((x + y) / 3 + ((x > 0) & (y > 0))), 0.0
        )
        skill += np.where(s >= 2, w.shared_topics, np.where(s == 1, w.shared_topics / 2, 0.0))
        self.skill = skill.ravel()  # index x * 16 + y * 4 + s
        self.dept_mix = w.department_mix
        self.met_rows = _met_rows(ctx, pool, met)

    def rows(self, a: int, b: int) -> np.ndarray:
        """Weights of pool[a:b] against the pool; -inf where not admissible (see the module)."""
        return self.rows_at(np.arange(a, b, dtype=np.int32))

    def rows_at(self, at: np.ndarray) -> np.ndarray:
        """Weights of the pool positions `at` against the pool; -inf where not admissible."""
        wi, oi = self.want[at, None], self.off[at, None]
        three = np.uint8(3)
        x = np.minimum(np.bitwise_count(wi & self.off[None, :]), three)
        y = np.minimum(np.bitwise_count(self.want[None, :] & oi), three)
        s = np.minimum(np.bitwise_count(wi & self.want[None, :]), three)
        score = self.skill[(x << 4) | (y << 2) | s]
        score += self.other[self.code[at, None] * self.size + self.code[None, :]]
        diff = self.dept[at, None] != self.dept[None, :]
        score += diff * self.dept_mix
        bad = (self.lang[at, None] & self.lang[None, :]) == 0
        cols = np.arange(self.m, dtype=np.int32)
        rows = np.asarray(at, dtype=np.int32)
        bad |= self.mgr[at, None] == cols[None, :]
        bad |= self.mgr[None, :] == rows[:, None]
        if self.cross:
            bad |= ~diff
        if self.same:
            bad |= diff
        if self.boss is not None:
            bad |= (self.boss[at, None] >= 0) & (self.boss[at, None] == self.boss[None, :])
        bad[np.arange(len(rows)), rows] = True
        for k, r in enumerate(rows.tolist()):
            met_cols = self.met_rows.get(r)
            if met_cols:
                bad[k, met_cols] = True
        score[bad] = -np.inf
        return score


def pair_bound(
    ctx: Context, pool: Sequence[int], met: set[int], top: int = 0, exact_max: int = EXACT_MAX
):
    """(bound, candidates): an upper bound on every matching of admissible new pairs in `pool`,
    and (when `top` > 0 and the pool was scanned) each position's `top` best partners and the
    pairs the LP's optimum uses, as edge arrays (u, v) over positions, u < v."""
    m = len(pool)
    if m < 2:
        return 0.0, None
    if ctx._arrays() is None or m > exact_max:
        return float(_relaxed_best(ctx, pool, met).sum() / 2), None
    scan = Scanner(ctx, pool, met)
    best = np.zeros(m)
    cand_u, cand_v = [], []
    seed_u, seed_v, seed_w = [], [], []  # each row's LP_ADD best pairs start the LP
    k = min(max(top, LP_ADD), m - 1)
    k_seed = min(LP_ADD, k)
    for a in range(0, m, ROW_BLOCK):
        b = min(m, a + ROW_BLOCK)
        block = scan.rows(a, b)
        best[a:b] = np.maximum(block.max(axis=1), 0.0)
        part = np.argpartition(-block, k - 1, axis=1)[:, :k]
        vals = np.take_along_axis(block, part, axis=1)
        ok = np.isfinite(vals)
        rows = np.broadcast_to(np.arange(a, b)[:, None], part.shape)
        cand_u.append(rows[ok])
        cand_v.append(part[ok])
        sel = np.argpartition(-vals, k_seed - 1, axis=1)[:, :k_seed]
        part, vals = np.take_along_axis(part, sel, axis=1), np.take_along_axis(vals, sel, axis=1)
        ok = np.isfinite(vals)
        seed_u.append(rows[:, :k_seed][ok])
        seed_v.append(part[ok])
        seed_w.append(vals[ok])
    u, v = np.concatenate(seed_u), np.concatenate(seed_v)
    keys = np.minimum(u, v).astype(np.int64) * m + np.maximum(u, v)
    keys, first = np.unique(keys, return_index=True)
    found = _column_generation(scan, float(best.sum() / 2), keys, np.concatenate(seed_w)[first])
    if found is None:
        upper, support = _jacobi(scan, best / 2), keys[:0]
    else:
        upper, support = found
    cands = None
    if top:
        u = np.concatenate([*cand_u, support // m])
        v = np.concatenate([*cand_v, support % m])
        cands = (np.minimum(u, v), np.maximum(u, v))
    return upper, cands


def _sweep(scan: Scanner, y: np.ndarray, add: int) -> tuple[float, np.ndarray, np.ndarray]:
    """The repaired bound of y (see the module, 3.) and each row's `add` pairs of most positive
    reduced cost `w_uv - y_u - y_v` as keys u * m + v (u < v) with their weights. (The weights
    only steer the LP; validity rests on the repair, which uses the scan's own weights.)"""
    m = scan.m
    total = 0.0
    found_u, found_v, found_w = [], [], []
    k = min(add, m - 1)
    for a in range(0, m, ROW_BLOCK):
        b = min(m, a + ROW_BLOCK)
        rows = scan.rows(a, b)
        rows -= y[None, :]
        total += float(np.maximum(y[a:b], rows.max(axis=1)).sum())
        rows -= y[a:b, None]
        part = np.argpartition(-rows, k - 1, axis=1)[:, :k]
        red = np.take_along_axis(rows, part, axis=1)
        ok = red > 1e-9
        r = np.broadcast_to(np.arange(a, b)[:, None], part.shape)
        found_u.append(r[ok])
        found_v.append(part[ok])
        found_w.append(red[ok] + y[r[ok]] + y[part[ok]])
    u, v = np.concatenate(found_u), np.concatenate(found_v)
    keys = np.minimum(u, v).astype(np.int64) * m + np.maximum(u, v)
    return total, keys, np.concatenate(found_w)


def _lp_dual(
    m: int, keys: np.ndarray, w: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray] | None:
    """Value, dual (y >= 0) and support (the keys the solution uses) of the fractional matching
    LP over the pairs `keys` (u * m + v)."""
    e = len(keys)
    u, v = keys // m, keys % m
    a = sp.csr_matrix(
        (np.ones(2 * e), (np.concatenate([u, v]), np.tile(np.arange(e), 2))), shape=(m, e)
    )
    res = linprog(-w, A_ub=a, b_ub=np.ones(m), bounds=(0, None), method="highs-ipm")
    if res.status != 0 or res.ineqlin is None:
        return None
    y = np.maximum(-np.asarray(res.ineqlin.marginals), 0.0)
    return -float(res.fun), y, keys[np.asarray(res.x) > 1e-6]


def _column_generation(
    scan: Scanner, upper: float, keys: np.ndarray, weights: np.ndarray
) -> tuple[float, np.ndarray] | None:
    """The best repaired LP dual found (a valid bound; `upper` is one already), starting from
    the pairs `keys` (u * m + v), and the last LP's support (near-optimal pairs for the plan);
    None when the LP solver fails."""
    m = scan.m
    support = keys[:0]
    if len(keys) == 0:
        return upper, support
    for _ in range(LP_ROUNDS):
        solved = _lp_dual(m, keys, weights)
        if solved is None:
            return None
        value, y, support = solved
        total, new_keys, new_w = _sweep(scan, y, LP_ADD)
        upper = min(upper, total)
        if upper <= value * (1 + LP_GAP) or len(new_keys) == 0:
            break
        keys, first = np.unique(np.concatenate([keys, new_keys]), return_index=True)
        weights = np.concatenate([weights, new_w])[first]
    return upper, support


def _jacobi(scan: Scanner, y: np.ndarray) -> float:
    m = scan.m
    for _ in range(JACOBI_STEPS):
        z = np.zeros(m)
        for a in range(0, m, ROW_BLOCK):
            b = min(m, a + ROW_BLOCK)
            z[a:b] = np.maximum((scan.rows(a, b) - y[None, :]).max(axis=1), 0.0)
        y = (y + z) / 2
    return float(y.sum())


def _met_rows(ctx: Context, pool: Sequence[int], met: set[int]) -> dict[int, list[int]]:
    if not met:
        return {}
    pos = {i: a for a, i in enumerate(pool)}
    out: dict[int, list[int]] = {}
    n = ctx.n
    for key in met:
        i, j = divmod(key, n)
        a, b = pos.get(i), pos.get(j)
        if a is not None and b is not None:
            out.setdefault(a, []).append(b)
            out.setdefault(b, []).append(a)
    return out


def _relaxed_best(ctx: Context, pool: Sequence[int], met: set[int]) -> np.ndarray:
    """For each person an upper bound on their best partner's weight, in O(N) (big pools).

    Each term of the weight is maximised on its own: the skill part by the most this person's
    own wishes and offers allow (at most three skills each way and three shared wishes), the
    experience gap by the pool's extremes, time zone and role preference by the best value
    present in the pool, and a different department. The sum of the terms' maxima is at least
    the weight of every partner, so the result bounds the best partner from above (history and
    reporting lines are ignored: a superset of pairs). It is much looser than the scan.
    """
    w = ctx.weights
    exps = [ctx.exp[i] for i in pool if ctx.exp[i] is not None]
    lo, hi = (min(exps), max(exps)) if exps else (None, None)
    zones = {ctx.tz[i] for i in pool}
    prefs = {ctx.pref[i] for i in pool}
    out = np.zeros(len(pool))
    cache: dict[tuple, float] = {}
    for a, i in enumerate(pool):
        x = min(ctx.want[i].bit_count(), 3)
        y = min(ctx.off[i].bit_count(), 3)
        key = (x, y, ctx.exp[i], ctx.tz[i], ctx.pref[i])
        if key not in cache:
            score = NEW_PAIRING_BONUS + w.department_mix
            if x or y:
                score += w.skill_exchange * ((x + y) / 3 + (1.0 if x and y else 0.0))
            if x:
                score += w.shared_topics * (1.0 if x >= 2 else 0.5)
            ei = ctx.exp[i]
            if ei is not None and lo is not None:
                gap = max(abs(ei - lo), abs(ei - hi))
                if gap >= 3:
                    score += w.experience_gap * min(gap, 12) / 12
            score += max(_tz_term(w.time_zone, ctx.tz[i], t) for t in zones)
            score += max(_role_term(w.role_preference, ctx.pref[i], p) for p in prefs)
            cache[key] = score
        out[a] = cache[key]
    return out


def _tz_term(weight: float, ti: float | None, tj: float | None) -> float:
    if ti is None or tj is None:
        return weight * 0.5
    d = abs(ti - tj)
    return weight * (1.0 - d / 8) if d < 8 else 0.0


def _role_term(weight: float, pi: int, pj: int) -> float:
    if pi + pj == 1:
        return weight
    if pi == 2 or pj == 2:
        return weight * 0.5
    return 0.0
