"""Ways to build a plan of rounds: round by round (pairs or groups, optionally along the circle)
and, for groups in small pools, all rounds at once (construction + tabu repair)."""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence

from .candidates import pair_key
from .circle import circle_factors
from .context import Context
from .groups import group_round, group_sizes
from .pairs import pair_round
from .relabel import relabel
from .schedule import constructions, repair, total_cost
from .scores import group_score

SEARCH_BUDGET = 6_000  # tabu iterations per start
ROUND_SEARCH_BUDGET = 1_500  # the same for one round after earlier ones: far fewer pairs to fix


class Plan:
    def __init__(self) -> None:
        self.rounds: list[tuple[list[tuple[int, ...]], list[tuple[int, str]], int]] = []
        self.bounds: list[float | None] = []  # per round: bound on the best matching (pairs)

    def quality(self, ctx: Context, met0: set[int]) -> tuple:
        met = set(met0)
        repeats = unplaced = trios = 0
        score = 0.0
        for groups, left, _ in self.rounds:
            unplaced += sum(code != "unavailable" for _, code in left)
            for g in groups:
                trios += len(g) != ctx.options.group_size
                s, r = group_score(ctx, g, met)
                repeats += r
                score += s
            for g in groups:
                for x, i in enumerate(g):
                    for j in g[x + 1 :]:
                        met.add(pair_key(i, j, ctx.n))
        return (repeats, unplaced, trios, -score)


def round_by_round(
    ctx: Context,
    rounds: int,
    met0: set[int],
    unavailable: Mapping[int, Collection[str]],
    locked: Sequence[Sequence[int]],
    seed: int,
    circle: bool,
    ring: list[int] | None = None,
) -> Plan:
    rng = random.Random(seed)
    met = set(met0)
    plan = Plan()
    factors = circle_factors(ctx, ring) if circle else []
    used: set[int] = set()
    k = ctx.options.group_size
    n = ctx.n
    bounds = plan.bounds
    for r in range(1, rounds + 1):
        away = {ctx.index[p] for p in unavailable.get(r, ()) if p in ctx.index}
        fixed = [list(g) for g in locked] if r == 1 else []
        in_fixed = {i for g in fixed for i in g}
        pool = [i for i in range(n) if i not in away and i not in in_fixed]
        if k == 2:
            base = None
            if circle:
                best = None
                for f, factor in enumerate(factors):
                    if f in used:
                        continue
                    good = [
                        (i, j)
                        for i, j in factor
                        if i >= 0
                        and j >= 0
                        and i not in away
                        and j not in away
                        and i not in in_fixed
                        and j not in in_fixed
                        and ctx.ok(i, j)
                        and pair_key(i, j, n) not in met
                    ]
                    key = (len(good), sum(ctx.weight(i, j) for i, j in good))
                    if best is None or key > best[0]:
                        best = (key, f, good)
                if best is not None:
                    used.add(best[1])
                    base = best[2]
            groups, left, upper = pair_round(ctx, pool, met, rng, base=base)
            bounds.append(upper)
        else:
            groups, left = group_round(ctx, pool, met, k, rng)
            bounds.append(None)
        groups = [tuple(g) for g in fixed if g] + groups
        left = [(i, "unavailable") for i in sorted(away)] + left
        for g in groups:
            for x, i in enumerate(g):
                for j in g[x + 1 :]:
                    met.add(pair_key(i, j, n))
        plan.rounds.append((groups, left, r))
    return plan


def fewest_off_size(plan: Plan, k: int) -> int:
    """Groups not of size k that the plan's rounds need at least, for their numbers of people."""
    fewest = 0
    for groups, _left, _number in plan.rounds:
        sizes = group_sizes(sum(len(g) for g in groups), k) or []
        fewest += sum(size != k for size in sizes)
    return fewest


def leading_clean(plan: Plan, ctx: Context, met0: set[int]) -> int:
    """Rounds from the first on that repeat nobody, leave nobody out (but the unavailable) and
    have only groups of the asked size: what a rotation reaches."""
    met = set(met0)
    for reached, (groups, left, _number) in enumerate(plan.rounds):
        if any(code != "unavailable" for _, code in left):
            return reached
        if any(len(g) != ctx.options.group_size for g in groups):
            return reached
        pairs = {pair_key(i, j, ctx.n) for g in groups for x, i in enumerate(g) for j in g[x + 1 :]}
        if pairs & met:
            return reached
        met |= pairs
    return len(plan.rounds)


def _layouts(s: int, k: int) -> list[list[int]]:
    """Group sizes for s people: the usual one, and one with no group above k (fewer pairs per
    round, so more repeat-free rounds can fit)."""
    out = []
    usual = group_sizes(s, k)
    if usual:
        out.append(usual)
    g = -(-s // k)
    if g * max(2, k - 1) <= s:
        base, extra = divmod(s, g)
        small = [base + 1] * extra + [base] * (g - extra)
        if small not in out and min(small) >= max(2, k - 1):
            out.append(small)
    return out


def _held(
    rounds: Sequence[Sequence[Sequence[int]]], history: Sequence[Sequence[Sequence[int]]]
) -> int:
    """How many rounds of `history` are rounds of `rounds` (as partitions)."""
    mine = {frozenset(frozenset(g) for g in groups) for groups in rounds}
    return sum(frozenset(frozenset(g) for g in groups if g) in mine for groups in history)


def _deal(pool: Sequence[int], sizes: Sequence[int], rng: random.Random) -> list[list[int]]:
    order = list(pool)
    rng.shuffle(order)
    groups, at = [], 0
    for size in sizes:
        groups.append(order[at : at + size])
        at += size
    return groups


def search_schedule(
    ctx: Context,
    rounds: int,
    met0: set[int],
    unavailable: Mapping[int, Collection[str]],
    seed: int,
    *,
    anchor: Sequence[Sequence[int]] | None = None,
    history: Sequence[Sequence[Sequence[int]]] = (),
) -> Plan | None:
    """All rounds of groups at once (construction + tabu repair); None when not applicable.

    `anchor`: a partition of the first round's pool that is the plan's first round as it is
    (constructions are relabelled onto it, `relabel.py`; only the later rounds are repaired).
    `history`: the earlier rounds over indices. When the first partitions the pool,
    constructions relabelled onto it are tried too, so rounds planned one at a time continue
    one schedule: the construction, relabelled or in department order, that holds the most
    rounds of the history goes first."""
    n, k = ctx.n, ctx.options.group_size
    pools = []
    for r in range(1, rounds + 1):
        away = {ctx.index[p] for p in unavailable.get(r, ()) if p in ctx.index}
        pools.append([i for i in range(n) if i not in away])
    met = [[0] * n for _ in range(n)]
    for key in met0:
        i, j = divmod(key, n)
        met[i][j] = met[j][i] = 1
    bad = [[not ctx.ok(i, j) for j in range(n)] for i in range(n)]
    # Rows of the construction never meet: fill them with colleagues (department, then team).
    order = sorted(
        range(n), key=lambda i: (ctx.dept[i], ctx.mgr[i] if ctx.mgr[i] >= 0 else i, ctx.ids[i])
    )
    starts: list[list[list[list[int]]]] = []
    same_pool = all(p == pools[0] for p in pools)
    if anchor is not None and not same_pool:
        return None
    fixed = [list(g) for g in anchor] if anchor is not None else []
    if fixed:
        for g in fixed:  # the later rounds are repaired after the anchor
            for x, i in enumerate(g):
                for j in g[x + 1 :]:
                    met[i][j] = met[j][i] = 1
    built_options = constructions(len(pools[0]), k, rounds) if same_pool else []
    in_pool = [i for i in order if i in set(pools[0])]
    # Starts: constructions relabelled onto the anchor or the history's first round, and (without
    # an anchor) in department order (the one with groups closest to k first), then plain deals
    # of each layout; the first start repaired without repeats wins.
    onto = fixed or (list(history[0]) if history and same_pool else None)
    variants: list[tuple[list[list[list[int]]], int]] = []
    if onto:
        for built in constructions(len(pools[0]), k):
            found = relabel(ctx, built, onto, pools[0])
            if found is not None:
                t, mapped = found
                variants.append(([g for r, g in enumerate(mapped) if r != t or not fixed], 0))
    if not fixed:
        variants += [
            ([[[in_pool[x] for x in g] for g in grs] for grs in b], 0) for b in built_options
        ]
        variants.sort(key=lambda v: -_held(v[0], history))
    variants += [([], v) for v in range(len(_layouts(len(pools[0]), k))) if v or not variants]
    for attempt_seed, (built, variant) in enumerate(variants):
        rng = random.Random(seed * 7919 + attempt_seed)
        mapped = [[list(g) for g in groups] for groups in built]
        # With rounds to spare, use those where the fewest forbidden or earlier pairs meet.
        mapped.sort(key=lambda groups: total_cost([groups], met, bad))
        start = mapped[: rounds - len(fixed[:1])]
        for r in range(len(start) + len(fixed[:1]), rounds):
            layouts = _layouts(len(pools[r]), k)
            if not layouts:
                return None
            start.append(_deal(pools[r], layouts[min(variant, len(layouts) - 1)], rng))
        starts.append(start)
    best = None
    for attempt, start in enumerate(starts):
        rng = random.Random(seed * 104_729 + attempt)
        found = repair(start, met, bad, rng, SEARCH_BUDGET if rounds > 1 else ROUND_SEARCH_BUDGET)
        viol, rep = total_cost(found, met, bad)
        if fixed:
            found = [fixed, *found]
        # Pairs sharing a language do not make a group share one: check whole groups too.
        if viol or not all(ctx.group_ok(g) for groups in found for g in groups):
            continue
        if best is None or rep < best[0]:
            best = (rep, found)
        if rep == 0:
            break
    if best is None:
        return None
    # Rounds are interchangeable: put those that repeat nobody first.
    chosen: list[list[list[int]]] = []
    rest = list(best[1])
    while rest and (not same_pool or (fixed and not chosen)):
        chosen.append(rest.pop(0))
    while rest:
        pick = min(
            range(len(rest)),
            key=lambda x: (total_cost([*chosen, rest[x]], met, bad)[1], x),
        )
        chosen.append(rest.pop(pick))
    out = Plan()
    for r, groups in enumerate(chosen, start=1):
        away = sorted(set(range(n)) - set(pools[r - 1]))
        out.rounds.append(([tuple(g) for g in groups], [(i, "unavailable") for i in away], r))
    return out
