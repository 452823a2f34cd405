"""Tabu search over swaps for one round of groups in a small pool: the round's score, exactly.

The objective is what `scores.group_score` reports and the plan sums: over the groups, the mean
score of the pairs in the group, a pair met before losing the new-pairing bonus. Broken hard
rules and repeats weigh so heavily that no gain in score pays for one more of them, so the
search never ends worse than it started on (broken rules, repeats, score), in that order. Swaps
keep every group's size.

With every pair's weight in a matrix W and S[p, g] = Σ W[p, q] over the members q of group g,
swapping p (in a) with q (in b) changes the objective by
    c_a · (S[q, a] − W[q, p] − S[p, a]) + c_b · (S[p, b] − W[p, q] − S[q, b]),
with c_g = 1 / (pairs in g): all swaps are scored at once with numpy, the best allowed one is
made (even when it loses, to leave a local optimum), and the person who moved may not go back
to the group they left for a few iterations (the tabu), unless that reaches a new best.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from .context import NEW_PAIRING_BONUS, Context

POLISH_MAX = 240  # language buckets up to this many people are polished (an s × s matrix a step)
POLISH_CELLS = 4_000_000  # at most this many swap scores in one call (s² per iteration)


def polish_budget(s: int) -> int:
    """Iterations for a bucket of s people: s² / 3 (a step looks at all s² swaps, so a small
    pool is explored sooner), within 100..1,500 and the cells. Measured with
    bench/match_cpsat_bench.py: pools of 15–40 reach the same groups with this as with 20 per
    person (proven optimal at 15, 20 and 40 by the set-partitioning bound), in a third to half
    of the time; from 59 people on both are the cells' cap."""
    return int(min(max(100, s * s // 3), 1_500, POLISH_CELLS // max(1, s * s)))


def _pair_matrix(
    ctx: Context, people: Sequence[int], met: set[int], sizes: Sequence[int]
) -> np.ndarray:
    """W for `people` with met pairs losing the bonus; broken rules and repeats penalised."""
    s = len(people)
    ids = np.asarray(people, dtype=np.int64)
    ii, jj = np.triu_indices(s, 1)
    pi, pj = ids[ii], ids[jj]
    w = ctx.weight_many(pi, pj)
    ok = ctx.ok_many(pi, pj)
    n = ctx.n
    if met:
        keys = np.minimum(pi, pj) * n + np.maximum(pi, pj)
        seen = np.fromiter((int(k) in met for k in keys.tolist()), dtype=bool, count=len(keys))
    else:
        seen = np.zeros(len(ii), dtype=bool)
    w = w - NEW_PAIRING_BONUS * seen
    # Each group's mean moves by at most 2·top, so the round's score by less than swing; a
    # repeat costs at least `repeat` / (pairs of the largest group), a broken rule likewise
    # more than every repeat there can be: penalties that keep the order (rules, repeats, score)
    # while staying small enough for float sums to stay exact to well under 0.001.
    top = float(np.abs(w).max()) if len(w) else 0.0
    pairs = [size * (size - 1) // 2 for size in sizes]
    largest, total = max(pairs), sum(pairs)
    swing = 2.0 * (top + 1.0) * len(sizes) + 1.0
    repeat = largest * swing
    broken = largest * (total * repeat + swing)
    w = np.where(ok, w - repeat * seen, -broken)
    out = np.zeros((s, s))
    out[ii, jj] = w
    out[jj, ii] = w
    return out


def polish(
    ctx: Context,
    groups: list[list[int]],
    met: set[int],
    rng: random.Random,
    iterations: int,
) -> None:
    """Improve `groups` (lists of person indices, changed in place) by tabu search of swaps."""
    people = [i for g in groups for i in g]
    s, count = len(people), len(groups)
    if count < 2 or s < 3 or iterations <= 0:
        return
    weights = _pair_matrix(ctx, people, met, [len(g) for g in groups])
    where = np.repeat(np.arange(count), [len(g) for g in groups])
    sizes = np.array([len(g) for g in groups], dtype=float)
    scale = np.where(sizes > 1, 2.0 / np.maximum(sizes * (sizes - 1), 1.0), 0.0)
    sums = weights @ np.eye(count)[where]  # S[p, g]
    at = np.arange(s)

    def objective() -> float:
        return float(np.sum(scale[where] * sums[at, where]) / 2.0)

    current = objective()
    best, best_where = current, where.copy()
    tabu = np.zeros((s, count), dtype=np.int64)
    same = np.empty((s, s), dtype=bool)
    low, high = 2, max(3, s // 4)
    stall = max(60, 3 * s)  # iterations without a new best before a restart from the best
    last = 0
    for it in range(1, iterations + 1):
        if it - last > stall:
            # Restart from the best with a few random swaps (kicks) and a fresh tabu list.
            where[:] = best_where
            for _ in range(max(2, s // 8)):
                p, q = rng.randrange(s), rng.randrange(s)
                where[p], where[q] = where[q], where[p]
            sums = weights @ np.eye(count)[where]
            current = objective()
            tabu[:] = 0
            last = it
        by_group = sums[:, where]  # by_group[p, q] = S[p, g(q)]
        own = sums[at, where]
        factor = scale[where]
        delta = factor[:, None] * (by_group.T - weights - own[:, None])
        delta += factor[None, :] * (by_group - weights - own[None, :])
        np.equal(where[:, None], where[None, :], out=same)
        locked = tabu[:, where]  # locked[p, q]: p may not join q's group yet
        banned = np.maximum(locked, locked.T) >= it
        banned &= current + delta <= best + 1e-9  # a new best is always allowed
        delta[same | banned] = -np.inf
        flat = int(np.argmax(delta))
        gain = float(delta.flat[flat])
        if gain == -np.inf:
            break
        p, q = divmod(flat, s)
        a, b = int(where[p]), int(where[q])
        move = weights[:, q] - weights[:, p]
        sums[:, a] += move
        sums[:, b] -= move
        where[p], where[q] = b, a
        tenure = rng.randint(low, high)
        tabu[p, a] = it + tenure
        tabu[q, b] = it + tenure
        current += gain
        if current > best + 1e-9:
            best, best_where, last = current, where.copy(), it
    members: list[list[int]] = [[] for _ in groups]
    for x, g in enumerate(best_where.tolist()):
        members[g].append(people[x])
    for grp, new in zip(groups, members, strict=True):
        grp[:] = new
