"""Several rounds of groups at once: a constructive schedule repaired by a tabu search.

Planning one round at a time gets stuck well before the repeat-free limit ⌊(N−1)/(k−1)⌋. For small
pools this module searches all rounds together (the "social golfer" problem): it starts from a
construction where one exists, or from the round-by-round plan, and swaps people within a round to
remove repeats and broken constraints. A construction is only a starting point: every pair that
may not meet counts as a (heavy) conflict, and a schedule with any left is never returned.

The construction (rows rotated mod m): with m prime and up to m people per row, person (r, c)
sits in group (c − r·t) mod m in round t. Two people in different rows meet in exactly one
round (r₁ − r₂ is invertible mod m), people in one row never do. With k rows of m this gives m
repeat-free rounds of groups of k, and one more (the rows) when m = k. Extra people e < m join
group (t + d) mod m in round t, a different d each, and meet everyone in the rows exactly once.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from .designs import known

CONFLICT = 50  # a pair that may not meet weighs as much as this many repeats


def _field(m: int) -> tuple[list[list[int]], list[list[int]]] | None:
    """Addition and multiplication tables of GF(m) (m a prime power), or None."""
    p = next((q for q in range(2, m + 1) if m % q == 0), m)
    e, rest = 0, m
    while rest % p == 0:
        rest //= p
        e += 1
    if rest != 1 or m < 2:
        return None

    def digits(x: int) -> list[int]:
        return [(x // p**i) % p for i in range(e)]

    def number(ds: Sequence[int]) -> int:
        return sum(d * p**i for i, d in enumerate(ds))

    add = [
        [number([(a + b) % p for a, b in zip(digits(x), digits(y), strict=True)]) for y in range(m)]
        for x in range(m)
    ]
    if e == 1:
        return add, [[x * y % p for y in range(m)] for x in range(m)]
    # A monic irreducible polynomial of degree e: x^e + c(x) with no root-free factorisation,
    # found by checking that multiplication by x generates every non-zero element.
    for tail in range(p**e):
        low = digits(tail)
        if low[0] == 0:
            continue

        def times_x(ds: list[int], low: list[int] = low) -> list[int]:
            top = ds[-1]
            shifted = [0, *ds[:-1]]
            return [(s - top * c) % p for s, c in zip(shifted, low, strict=True)]

        seen, cur = set(), [1] + [0] * (e - 1)
        for _ in range(m - 1):
            seen.add(number(cur))
            cur = times_x(cur)
        if len(seen) != m - 1:
            continue
        mul = [[0] * m for _ in range(m)]
        for x in range(m):
            for y in range(m):
                acc = [0] * e
                base = digits(x)
                for d in digits(y):
                    acc = [(a + d * b) % p for a, b in zip(acc, base, strict=True)]
                    base = times_x(base)
                mul[x][y] = number(acc)
        return add, mul
    return None


def _split(length: int, k: int, start: int) -> list[list[int]] | None:
    """Positions start..start+length-1 cut into groups of k-1..k+1 (None when impossible)."""
    lo, hi = max(2, k - 1), k + 1
    for g in range(max(1, -(-length // hi)), length // lo + 1):
        base, extra = divmod(length, g)
        if lo <= base and base + (1 if extra else 0) <= hi:
            out, at = [], start
            for x in range(g):
                size = base + (1 if x < extra else 0)
                out.append(list(range(at, at + size)))
                at += size
            return out
    return None


def constructions(s: int, k: int, rounds: int = 0) -> list[list[list[list[int]]]]:
    """Repeat-free rounds over positions 0..s-1 with group sizes within k−1..k+1 (may be []).

    k rows of m (m a prime power) over GF(m): person (r, c) is in group c − r·t in round t, so
    people in different rows meet exactly once in m rounds and people in one row never do; the
    rows themselves, cut into groups, make one more round. Up to m − 1 positions of the last row
    may stay empty (those groups have k − 1 people).

    Several m may fit. A larger m gives more rounds but more groups of k − 1. Returned, best
    first: of those giving at least `rounds` rounds the one whose groups are closest to k, then
    the longest (if that is another one).
    """
    stored = known(s, k)
    if stored is not None and len(stored) >= rounds:
        return [stored]
    found: list[list[list[list[int]]]] = []
    lo = max(2, k - 1)
    for m in range(max(2, -(-s // k)), s // lo + 2):
        empty = k * m - s
        if not 0 <= empty < m or m < k:
            continue
        tables = _field(m)
        if tables is None:
            continue
        add, mul = tables
        neg = [next(y for y in range(m) if add[x][y] == 0) for x in range(m)]
        schedule = []
        for t in range(m):
            groups: list[list[int]] = [[] for _ in range(m)]
            for r in range(k):
                for c in range(m):
                    pos = r * m + c
                    if pos < s:
                        groups[add[c][neg[mul[r][t]]]].append(pos)
            schedule.append([g for g in groups if g])
        if any(len(g) < lo for groups in schedule for g in groups):
            continue
        rows = []
        for r in range(k):
            part = _split(min(m, s - r * m), k, r * m)
            if part is None:
                rows = None
                break
            rows.extend(part)
        if rows is not None:
            schedule.append(rows)
        found.append(schedule)
    if not found:
        return []
    longest = max(found, key=len)
    enough = [schedule for schedule in found if len(schedule) >= rounds]
    if not enough:
        return [longest]
    closest = min(enough, key=lambda schedule: (_off_size(schedule[0], k), -len(schedule)))
    return [closest] if closest is longest else [closest, longest]


def _off_size(groups: Sequence[Sequence[int]], k: int) -> int:
    return sum(abs(len(g) - k) for g in groups)


def total_cost(
    rounds: Sequence[Sequence[Sequence[int]]], met: Sequence[Sequence[int]], bad
) -> tuple[int, int]:
    """(broken constraints, repeats) of a schedule over local indices, given earlier meetings."""
    cnt = [list(row) for row in met]
    viol = rep = 0
    for groups in rounds:
        for g in groups:
            for x, i in enumerate(g):
                for j in g[x + 1 :]:
                    if bad[i][j]:
                        viol += 1
                    if cnt[i][j]:
                        rep += 1
                    cnt[i][j] += 1
                    cnt[j][i] += 1
    return viol, rep


def repair(
    rounds: list[list[list[int]]],
    met: Sequence[Sequence[int]],
    bad: Sequence[Sequence[bool]],
    rng: random.Random,
    budget: int,
) -> list[list[list[int]]]:
    """Tabu search of swaps within a round; returns the best schedule seen (a copy)."""
    size = len(met)
    cnt = [list(row) for row in met]
    for groups in rounds:
        for g in groups:
            for x, i in enumerate(g):
                for j in g[x + 1 :]:
                    cnt[i][j] += 1
                    cnt[j][i] += 1
    rounds = [[list(g) for g in groups] for groups in rounds]
    where = [[-1] * size for _ in rounds]
    for w, groups in enumerate(rounds):
        for gi, g in enumerate(groups):
            for i in g:
                where[w][i] = gi

    def cost() -> int:
        v, r = total_cost(rounds, met, bad)
        return CONFLICT * v + r

    current = cost()
    best_cost, best = current, [[list(g) for g in groups] for groups in rounds]
    tabu: dict[tuple[int, int], int] = {}
    for it in range(budget):
        if current == 0:
            break
        # A random round with a conflict, then a random person in conflict in it.
        offset = rng.randrange(len(rounds))
        conflicted: list[int] = []
        for step in range(len(rounds)):
            w = (offset + step) % len(rounds)
            conflicted = [
                i
                for g in rounds[w]
                for i in g
                if any((cnt[i][j] > 1 or bad[i][j]) for j in g if j != i)
            ]
            if conflicted:
                break
        if not conflicted:
            break
        x = conflicted[rng.randrange(len(conflicted))]
        groups = rounds[w]
        ga = where[w][x]
        a_grp = groups[ga]
        cx = cnt[x]
        bx = bad[x]
        out_x = 0
        for a in a_grp:
            if a != x:
                out_x -= (cx[a] > 1) + CONFLICT * bx[a]
        move = None
        move_key = None
        for gb, b_grp in enumerate(groups):
            if gb == ga:
                continue
            in_x = 0
            for b in b_grp:
                in_x += (cx[b] > 0) + CONFLICT * bx[b]
            for y in b_grp:
                cy = cnt[y]
                by = bad[y]
                d = out_x + in_x - (cx[y] > 0) - CONFLICT * bx[y]
                for a in a_grp:
                    if a != x:
                        d += (cy[a] > 0) + CONFLICT * by[a]
                for b in b_grp:
                    if b != y:
                        d -= (cy[b] > 1) + CONFLICT * by[b]
                is_tabu = tabu.get((w, y), -1) > it or tabu.get((w, x), -1) > it
                if is_tabu and current + d >= best_cost:
                    continue
                key = (d, rng.random())
                if move_key is None or key < move_key:
                    move_key, move = key, (gb, y)
        if move is None:
            continue
        gb, y = move
        b_grp = groups[gb]
        for a in a_grp:
            if a != x:
                cnt[x][a] -= 1
                cnt[a][x] -= 1
                cnt[y][a] += 1
                cnt[a][y] += 1
        for b in b_grp:
            if b != y:
                cnt[y][b] -= 1
                cnt[b][y] -= 1
                cnt[x][b] += 1
                cnt[b][x] += 1
        a_grp[a_grp.index(x)] = y
        b_grp[b_grp.index(y)] = x
        where[w][x], where[w][y] = gb, ga
        tenure = 3 + rng.randrange(8)
        tabu[(w, x)] = it + tenure
        tabu[(w, y)] = it + tenure
        current += move_key[0]
        if current < best_cost:
            best_cost = current
            best = [[list(g) for g in grps] for grps in rounds]
    return best
