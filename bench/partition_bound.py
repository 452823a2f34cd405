"""An upper bound on one round's best groups: the set-partitioning LP, by column generation.

Every admissible group S of exactly k people has a value w(S), the mean of its pair weights (the
engine's own score of a group). A round is a partition of the pool into n / k such groups, so
its objective Σ w(S) is bounded by the LP  max Σ w(S)·x_S  subject to  Σ_{S ∋ p} x_S = 1  for
every person p, x ≥ 0. Its dual gives, for *any* prices u on the people, the bound

    Σ_p u_p + (n / k) · max_S (w(S) − Σ_{p ∈ S} u_p)

(each of a partition's n / k groups has a reduced value at most that maximum, and the prices of
its groups add up to Σ u). Column generation improves u: the restricted LP over the groups found
so far gives prices, every admissible group of the pool is priced exactly (they are enumerated
once with numpy: C(60, 5) = 5.5 million at 60 people), the best-priced groups join the LP. The
bound reported is the smallest seen; when no group prices above zero it is the LP's optimum.

This LP is the tightest of the usual relaxations for partitioning (the pair formulation's LP,
`lp_bound` in match_cpsat_bench.py, is implied by it), and it needs no branching: it suits pools
up to about 60 people in groups of 5, where every group can be listed.
"""

from __future__ import annotations

import itertools
import time

import numpy as np
from scipy.optimize import linprog

from peercoach.matching.engine import Options, Person
from peercoach.matching.engine.context import Context


def admissible_groups(ctx: Context, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Every group of k people in which every pair may meet, and each group's value."""
    n = ctx.n
    ii, jj = np.triu_indices(n, 1)
    allowed = np.zeros((n, n), dtype=bool)
    allowed[ii, jj] = allowed[jj, ii] = ctx.ok_many(ii, jj)
    weight = np.zeros((n, n))
    weight[ii, jj] = weight[jj, ii] = ctx.weight_many(ii, jj)
    flat = itertools.chain.from_iterable(itertools.combinations(range(n), k))
    groups = np.fromiter(flat, dtype=np.int16).reshape(-1, k)
    keep = np.ones(len(groups), dtype=bool)
    for a, b in itertools.combinations(range(k), 2):
        keep &= allowed[groups[:, a], groups[:, b]]
    groups = groups[keep]
    value = np.zeros(len(groups))
    for a, b in itertools.combinations(range(k), 2):
        value += weight[groups[:, a], groups[:, b]]
    return groups, value / (k * (k - 1) / 2)


def partition_bound(
    people: list[Person],
    options: Options,
    start: list[list[int]],
    batch: int = 300,
    max_rounds: int = 300,
    seconds: float = 600.0,
) -> dict:
    """The bound above for one round of `people` (a multiple of k), starting the LP from the
    partition `start` (positions in `Context(people, options)`, e.g. the engine's groups)."""
    started = time.perf_counter()
    ctx = Context(people, options)
    n, k = ctx.n, options.group_size
    if n % k:
        raise ValueError("the bound is for groups of exactly k")
    if sorted(p for g in start for p in g) != list(range(n)) or any(len(g) != k for g in start):
        raise ValueError("the start is not a partition into groups of k")
    groups, value = admissible_groups(ctx, k)
    enumerated_s = time.perf_counter() - started
    # combinations() lists groups in lexicographic order, so their keys are sorted.
    place = n ** np.arange(k - 1, -1, -1, dtype=np.int64)
    keys = groups.astype(np.int64) @ place
    wanted = np.array([sorted(g) for g in start], dtype=np.int64) @ place
    chosen = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    if not (keys[chosen] == wanted).all():
        raise ValueError("a starting group is not an admissible group of k")
    columns = chosen.tolist()
    best = np.inf
    lp_value = None
    rounds = 0
    converged = False
    while rounds < max_rounds and time.perf_counter() - started < seconds:
        rounds += 1
        members = groups[columns]
        incidence = np.zeros((n, len(columns)))
        incidence[members.T, np.arange(len(columns))] = 1.0
        solved = linprog(
            -value[columns], A_eq=incidence, b_eq=np.ones(n), bounds=(0, None), method="highs"
        )
        if solved.status != 0:
            raise RuntimeError(f"the restricted LP failed: {solved.message}")
        lp_value = -solved.fun
        prices = -solved.eqlin.marginals
        reduced = value - prices[groups].sum(axis=1)
        top = float(reduced.max())
        best = min(best, float(prices.sum()) + (n // k) * top)
        if top <= 1e-9:
            converged = True
            break
        candidates = np.flatnonzero(reduced > 1e-9)
        if len(candidates) > batch:
            candidates = candidates[np.argpartition(-reduced[candidates], batch)[:batch]]
        columns.extend(int(c) for c in candidates)
    return {
        "bound": best,
        "restricted_lp": lp_value,
        "converged": converged,
        "rounds": rounds,
        "columns": len(columns),
        "admissible_groups": len(groups),
        "enumerate_s": round(enumerated_s, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }
