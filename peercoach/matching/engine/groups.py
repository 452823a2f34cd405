"""One round of groups of about k: language buckets, department-spread dealing, local search."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from .candidates import pair_key
from .context import Context
from .polish import POLISH_MAX, polish, polish_budget


def group_sizes(s: int, k: int) -> list[int] | None:
    """Sizes (each within k-1..k+1, at least 2) for s people, as equal as possible."""
    lo = max(2, k - 1)
    best = None
    for g in range(max(1, s // (k + 1)), s // lo + 1):
        if g * lo <= s <= g * (k + 1):
            base, extra = divmod(s, g)
            spread = (
                max(abs(base - k), abs(base + 1 - k) if extra else 0),
                extra * abs(base + 1 - k) + (g - extra) * abs(base - k),
            )
            if best is None or spread < best[0]:
                best = (spread, g)
    if best is None:
        return None
    base, extra = divmod(s, best[1])
    return [base + 1] * extra + [base] * (best[1] - extra)


class _Search:
    """Local search over a partition of one language bucket into groups of fixed sizes."""

    def __init__(self, ctx: Context, met: set[int], groups: list[list[int]], rng: random.Random):
        self.ctx = ctx
        self.met = met
        self.groups = groups
        self.rng = rng
        self.where = {i: g for g, grp in enumerate(groups) for i in grp}
        self.cache: dict[int, float] = {}

    def bad(self, i: int, j: int) -> bool:
        return not self.ctx.ok(i, j) or pair_key(i, j, self.ctx.n) in self.met

    def w(self, i: int, j: int) -> float:
        key = pair_key(i, j, self.ctx.n)
        val = self.cache.get(key)
        if val is None:
            val = self.cache[key] = self.ctx.weight(i, j)
        return val

    def cost(self, x: int, members: Sequence[int], skip: int) -> tuple[int, float]:
        """Violations and summed weight of x with `members` other than x and `skip`."""
        bad = 0
        total = 0.0
        for y in members:
            if y in (x, skip):
                continue
            if self.bad(x, y):
                bad += 1
            else:
                total += self.w(x, y)
        return bad, total

    def violations(self, g: int) -> list[int]:
        grp = self.groups[g]
        return [x for x in grp if any(self.bad(x, y) for y in grp if y != x)]

    def swap_delta(self, x: int, y: int) -> tuple[int, float]:
        ax, bx = self.groups[self.where[x]], self.groups[self.where[y]]
        b1, s1 = self.cost(x, ax, x)
        b2, s2 = self.cost(y, bx, y)
        b3, s3 = self.cost(y, ax, x)
        b4, s4 = self.cost(x, bx, y)
        na = max(1, len(ax) * (len(ax) - 1) // 2)
        nb = max(1, len(bx) * (len(bx) - 1) // 2)
        return b3 + b4 - b1 - b2, (s3 - s1) / na + (s4 - s2) / nb

    def do_swap(self, x: int, y: int) -> None:
        gx, gy = self.where[x], self.where[y]
        ax, bx = self.groups[gx], self.groups[gy]
        ax[ax.index(x)] = y
        bx[bx.index(y)] = x
        self.where[x], self.where[y] = gy, gx

    def try_swap(self, x: int, y: int, need_better_bad: bool) -> bool:
        gx, gy = self.where[x], self.where[y]
        if gx == gy:
            return False
        dbad, gain = self.swap_delta(x, y)
        if dbad > 0 or (need_better_bad and dbad == 0):
            return False
        if dbad == 0 and gain <= 1e-9:
            return False
        ax, bx = self.groups[gx], self.groups[gy]
        ax[ax.index(x)] = y
        bx[bx.index(y)] = x
        self.where[x], self.where[y] = gy, gx
        return True

    def run(self, fix_budget: int, improve_budget: int) -> None:
        groups = self.groups
        rng = self.rng
        gcount = len(groups)
        if gcount < 2:
            return
        # Phase 1: remove violations by min-conflicts moves (with a little noise to escape).
        everyone = [x for grp in groups for x in grp]
        small = len(everyone) <= 400
        best_state: tuple[int, list[list[int]]] | None = None
        for _ in range(fix_budget):
            conflicted = [x for g in range(gcount) for x in self.violations(g)]
            if small and (best_state is None or len(conflicted) < best_state[0]):
                best_state = (len(conflicted), [list(grp) for grp in groups])
            if not conflicted:
                break
            x = conflicted[rng.randrange(len(conflicted))]
            gx = self.where[x]
            others = everyone if small else rng.sample(everyone, 60)
            best = None
            for y in others:
                gy = self.where[y]
                if gy == gx:
                    continue
                dbad, gain = self.swap_delta(x, y)
                key = (dbad, -gain, rng.random())
                if best is None or key < best[0]:
                    best = (key, y)
            if best is None:
                break
            dbad = best[0][0]
            if dbad < 0 or (dbad == 0 and rng.random() < 0.7) or (small and rng.random() < 0.08):
                self.do_swap(x, best[1])
        if best_state is not None and best_state[0] > 0:
            conflicted = [x for g in range(gcount) for x in self.violations(g)]
            if len(conflicted) > best_state[0]:
                for grp, saved in zip(groups, best_state[1], strict=True):
                    grp[:] = saved
                self.where = {i: g for g, grp in enumerate(groups) for i in grp}
        # Phase 2: improve the score with random swaps that keep it feasible.
        for _ in range(improve_budget):
            g, h = rng.randrange(gcount), rng.randrange(gcount)
            if g == h:
                continue
            x = groups[g][rng.randrange(len(groups[g]))]
            y = groups[h][rng.randrange(len(groups[h]))]
            self.try_swap(x, y, need_better_bad=False)


def _buckets(ctx: Context, pool: Sequence[int], k: int) -> tuple[list[list[int]], list[int]]:
    """Split the pool by coaching language (and department with same_department)."""
    freq: Counter[int] = Counter()
    for i in pool:
        m = ctx.lang[i]
        while m:
            low = m & -m
            freq[low] += 1
            m ^= low
    buckets: dict[tuple[int, int], list[int]] = {}
    for i in pool:
        m = ctx.lang[i]
        bits = []
        while m:
            low = m & -m
            bits.append(low)
            m ^= low
        if not bits:
            buckets.setdefault((0, -1), []).append(i)
            continue
        lang = max(bits, key=lambda b: (freq[b], -b))
        key = (lang, ctx.dept[i] if ctx.same else -1)
        buckets.setdefault(key, []).append(i)
    min_size = max(2, k - 1)
    # A small bucket borrows people who also speak its language from buckets that can spare them.
    for key in sorted(buckets, key=lambda kk: len(buckets[kk])):
        members = buckets[key]
        if key[0] == 0 or len(members) >= min_size:
            continue
        for other_key, others in buckets.items():
            if other_key == key or other_key[1] != key[1]:
                continue
            for i in list(others):
                if len(members) >= min_size or len(others) <= min_size + 1:
                    break
                if ctx.lang[i] & key[0]:
                    others.remove(i)
                    members.append(i)
    left: list[int] = []
    out = []
    for key in sorted(buckets):
        members = buckets[key]
        if key[0] == 0 or group_sizes(len(members), k) is None:
            left.extend(members)
        else:
            out.append(members)
    return out, left


def group_round(
    ctx: Context,
    pool: Sequence[int],
    met: set[int],
    k: int,
    rng: random.Random,
    effort: float = 1.0,
) -> tuple[list[tuple[int, ...]], list[tuple[int, str]]]:
    buckets, left = _buckets(ctx, pool, k)
    all_groups: list[list[int]] = []
    for members in buckets:
        sizes = group_sizes(len(members), k)
        assert sizes is not None
        # Deal people sorted by department (then manager) round-robin: departments spread out and
        # colleagues who report to one another land in different groups.
        order = sorted(members, key=lambda i: (ctx.dept[i], ctx.mgr[i], rng.random()))
        groups: list[list[int]] = [[] for _ in sizes]
        g = 0
        for i in order:
            while len(groups[g]) >= sizes[g]:
                g = (g + 1) % len(groups)
            groups[g].append(i)
            g = (g + 1) % len(groups)
        search = _Search(ctx, met, groups, rng)
        s = len(members)
        small = s <= POLISH_MAX
        search.run(
            fix_budget=int(min(8000, max(4000, 40 * s)) * effort) + 20,
            # A small bucket gets the tabu search of polish.py instead of random swaps.
            improve_budget=0 if small else int((6 * s if s <= 2000 else 10_000 + s) * effort) + 200,
        )
        if small:
            polish(ctx, groups, met, rng, int(polish_budget(s) * effort))
            search.where = {i: g for g, grp in enumerate(groups) for i in grp}
        # Anyone still in conflict leaves the group and is placed below, if possible.
        for grp in groups:
            while True:
                counts = {x: sum(search.bad(x, y) for y in grp if y != x) for x in grp}
                worst = max(counts, key=lambda x: (counts[x], x)) if counts else None
                if worst is None or counts[worst] == 0:
                    break
                grp.remove(worst)
                left.append(worst)
        all_groups.extend(groups)
    min_size = max(2, k - 1)
    for grp in [g for g in all_groups if len(g) < min_size]:
        all_groups.remove(grp)
        left.extend(grp)
    unplaced: list[tuple[int, str]] = []
    n = ctx.n
    for allow_repeat in (False, True):
        rest = []
        for u in left:
            best = None
            for gi, grp in enumerate(all_groups):
                if len(grp) >= k + 1 or not ctx.group_ok([*grp, u]):
                    continue
                rep = sum(pair_key(u, y, n) in met for y in grp)
                if rep and not allow_repeat:
                    continue
                key = (rep, -sum(ctx.weight(u, y) for y in grp) / len(grp))
                if best is None or key < best[0]:
                    best = (key, gi)
            if best is None:
                rest.append(u)
            else:
                all_groups[best[1]].append(u)
        left = rest
    # Leftovers who can form a group of their own (at least k-1 of them) do so.
    while len(left) >= min_size:
        grp = [left[0]]
        for u in left[1:]:
            if len(grp) < k and ctx.group_ok([*grp, u]):
                grp.append(u)
        if len(grp) < min_size:
            break
        all_groups.append(grp)
        left = [u for u in left if u not in grp]
    for u in left:
        alone = not any(ctx.lang[u] & ctx.lang[v] for v in pool if v != u)
        unplaced.append((u, "no_shared_language" if alone else "no_eligible_group"))
    return [tuple(g) for g in all_groups], unplaced
