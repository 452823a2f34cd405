"""plan_rounds and friends: rounds, history, roles, scores and reasons."""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType

from .candidates import pair_key
from .context import NEW_PAIRING_BONUS, Context, display
from .groups import group_round, group_sizes
from .model import MatchedGroup, Options, Person, Reason, RoundResult, Unplaced, reason
from .pairs import pair_round
from .schedule import constructions, repair, total_cost

CIRCLE_MAX = (
    3_000  # pools up to this size try the round-robin schedule when the optimiser falls short
)

ROTATION_MAX = 64  # pairs pools up to this size follow one circle round after round

SEARCH_MAX = 150  # pools up to this size search all rounds of groups together when stuck
SEARCH_BUDGET = 6_000  # tabu iterations per start
ROUND_SEARCH_BUDGET = 1_500  # the same for one round after earlier ones: far fewer pairs to fix

PAIR_ROLES = ("coach", "coachee")
GROUP_ROLES = ("case_bringer", "facilitator")


# -- scores and reasons -------------------------------------------------------------------------


def _group_score(ctx: Context, members: Sequence[int], met: set[int]) -> tuple[float, int]:
    """Mean pair score (a repeat pair loses the new-pairing bonus) and the number of repeats."""
    n = ctx.n
    total = 0.0
    pairs = 0
    repeats = 0
    for x, i in enumerate(members):
        for j in members[x + 1 :]:
            w = ctx.weight(i, j)
            if pair_key(i, j, n) in met:
                repeats += 1
                w -= NEW_PAIRING_BONUS
            total += w
            pairs += 1
    return (round(total / pairs, 3) if pairs else 0.0), repeats


def _group_reasons(ctx: Context, members: Sequence[int], repeats: int) -> tuple[Reason, ...]:
    scored: list[tuple[float, int, Reason]] = []
    seen: set[tuple[str, tuple]] = set()
    order = 0
    for x, i in enumerate(members):
        for j in members[x + 1 :]:
            for share, r in ctx.pair_reasons(i, j):
                if len(members) > 2 and r.code == "different_departments":
                    continue
                key = (r.code, tuple(sorted(r.params.items())))
                if key not in seen:
                    seen.add(key)
                    scored.append((share, order, r))
                    order += 1
    scored.sort(key=lambda t: (-t[0], t[1]))
    limit = 3 if len(members) == 2 else 4
    out = [r for _, _, r in scored[:limit]]
    if len(members) > 2:
        depts = {ctx.people[i].department for i in members if ctx.people[i].department}
        if len(depts) > 1:
            out.append(reason("departments_mixed", count=str(len(depts)), size=str(len(members))))
    common = -1
    for i in members:
        common &= ctx.lang[i]
    langs = ctx.languages(common) if common > 0 else []
    if langs:
        out.append(reason("shared_language", language=langs[0]))
    if repeats:
        out.append(reason("repeat_pairing", count=str(repeats)))
    else:
        out.append(reason("new_pairing"))
    return tuple(out)


def score_group(
    people_by_id: Mapping[str, Person],
    options: Options,
    members: Sequence[str],
    met_before: set[frozenset[str]],
) -> tuple[float, tuple[Reason, ...]]:
    """Score and reasons of one group (e.g. after a manual edit)."""
    ctx = Context([people_by_id[m] for m in members], options)
    met = _met_keys(ctx, [[[a, b] for a, b in (tuple(p) for p in met_before if len(p) == 2)]])
    idx = list(range(ctx.n))
    score, repeats = _group_score(ctx, idx, met)
    return score, _group_reasons(ctx, idx, repeats)


def hard_constraint_violations(
    people: Sequence[Person], options: Options, groups: Sequence[Sequence[str]]
) -> list[str]:
    """Every broken hard constraint in `groups` (empty when all hold). History is not checked."""
    ctx = Context(people, options)
    problems: list[str] = []
    seen: dict[str, int] = {}
    for g, members in enumerate(groups, start=1):
        idx = []
        for pid in members:
            if pid not in ctx.index:
                problems.append(f"group {g}: unknown person {pid}")
                continue
            if pid in seen:
                problems.append(f"group {g}: {pid} is also in group {seen[pid]}")
            seen[pid] = g
            idx.append(ctx.index[pid])
        common = -1
        for x, i in enumerate(idx):
            common &= ctx.lang[i]
            for j in idx[x + 1 :]:
                why = ctx.conflict(i, j)
                if why:
                    problems.append(f"group {g}: {why}")
        if len(idx) > 1 and common == 0:
            problems.append(f"group {g}: no language shared by all members")
    return problems


# -- roles --------------------------------------------------------------------------------------


def _assign_roles(
    ctx: Context, members: Sequence[int], counts: dict[int, dict[str, int]], rng: random.Random
) -> dict[str, str]:
    def c(i: int, role: str) -> int:
        return counts.get(i, {}).get(role, 0)

    roles: dict[str, str] = {}
    if len(members) == 2:
        a, b = members
        pa, pb = ctx.pref[a], ctx.pref[b]
        if pa + pb == 1:  # one wants to coach, the other to be coached
            coach = a if pa == 0 else b
        else:

            def key(i: int) -> tuple:
                # Fewest coach turns relative to coachee turns coaches now, so roles alternate.
                exp = ctx.exp[i] if ctx.exp[i] is not None else -1
                return (c(i, "coach") - c(i, "coachee"), -(ctx.pref[i] == 0), -exp, ctx.ids[i])

            coach = min(members, key=key)
        for i in members:
            role = "coach" if i == coach else "coachee"
            roles[ctx.ids[i]] = role
            counts.setdefault(i, {})[role] = c(i, role) + 1
        return roles
    tiebreak = {i: rng.random() for i in members}
    if len(members) == 3 and ctx.options.group_size == 2:
        # The odd trio in a pairs round: one coach, two coachees.
        coach = min(members, key=lambda i: (c(i, "coach") - c(i, "coachee"), tiebreak[i]))
        for i in members:
            role = "coach" if i == coach else "coachee"
            roles[ctx.ids[i]] = role
            counts.setdefault(i, {})[role] = c(i, role) + 1
        return roles
    chosen: list[int] = []
    for role in GROUP_ROLES:
        pick = min(
            (i for i in members if i not in chosen),
            key=lambda i, role=role: (c(i, role), sum(c(i, r) for r in GROUP_ROLES), tiebreak[i]),
        )
        chosen.append(pick)
        roles[ctx.ids[pick]] = role
        counts.setdefault(pick, {})[role] = c(pick, role) + 1
    for i in members:
        roles.setdefault(ctx.ids[i], "member")
    return roles


# -- rounds -------------------------------------------------------------------------------------


def _met_keys(ctx: Context, history: Sequence[Sequence[Sequence[str]]]) -> set[int]:
    met: set[int] = set()
    for rnd in history:
        for grp in rnd:
            idx = [ctx.index[p] for p in grp if p in ctx.index]
            for x, i in enumerate(idx):
                for j in idx[x + 1 :]:
                    if i != j:
                        met.add(pair_key(i, j, ctx.n))
    return met


def _circle_factors(ctx: Context, ring: list[int] | None = None) -> list[list[tuple[int, int]]]:
    """The round-robin (circle method) 1-factorisation over everyone: in id order, or over
    `ring` (see `_history_ring`), whose first factor is then pairs (ring[t], ring[m-1-t])."""
    order: list[int] = list(ring) if ring else sorted(range(ctx.n), key=lambda i: ctx.ids[i])
    if len(order) % 2:
        order.append(-1)
    m = len(order)
    fixed, rest = order[0], order[1:]
    factors = []
    for r in range(m - 1):
        ring_r = [fixed, *rest[r:], *rest[:r]]
        factors.append([(ring_r[t], ring_r[m - 1 - t]) for t in range(m // 2)])
    return factors


def _history_ring(ctx: Context, history: Sequence[Sequence[Sequence[str]]]) -> list[int] | None:
    """A circle whose first factor is the first round of `history`, so that the rounds after it
    (one factor each) stay repeat-free for N−1 rounds. Newcomers and the odd one fill the rest."""
    if not history:
        return None
    pairs: list[tuple[int, int]] = []
    singles: list[int] = []
    seen: set[int] = set()
    for grp in history[0]:
        idx = [ctx.index[p] for p in grp if p in ctx.index and ctx.index[p] not in seen]
        seen.update(idx)
        while len(idx) >= 2:
            pairs.append((idx.pop(0), idx.pop(0)))
        singles.extend(idx)
    singles += sorted((i for i in range(ctx.n) if i not in seen), key=lambda i: ctx.ids[i])
    while len(singles) >= 2:
        pairs.append((singles.pop(0), singles.pop(0)))
    if singles:
        pairs.append((singles[0], -1))
    m = 2 * len(pairs)
    ring = [0] * m
    for t, (i, j) in enumerate(pairs):
        ring[t], ring[m - 1 - t] = i, j
    return ring  # -1 (odd pools) is the circle's empty seat


class _Plan:
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
                s, r = _group_score(ctx, g, met)
                repeats += r
                score += s
            for g in groups:
                for x, i in enumerate(g):
                    for j in g[x + 1 :]:
                        met.add(pair_key(i, j, ctx.n))
        return (repeats, unplaced, trios, -score)


def _schedule(
    ctx: Context,
    rounds: int,
    met0: set[int],
    unavailable: Mapping[int, Collection[str]],
    locked: Sequence[Sequence[int]],
    seed: int,
    circle: bool,
    ring: list[int] | None = None,
) -> _Plan:
    rng = random.Random(seed)
    met = set(met0)
    plan = _Plan()
    factors = _circle_factors(ctx, ring) if circle else []
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


def _fewest_off_size(plan: _Plan, k: int) -> int:
    """Groups not of size k that the plan's rounds need at least, for their numbers of people."""
    fewest = 0
    for groups, _left, _number in plan.rounds:
        sizes = group_sizes(sum(len(g) for g in groups), k) or []
        fewest += sum(size != k for size in sizes)
    return fewest


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


def _deal(pool: Sequence[int], sizes: Sequence[int], rng: random.Random) -> list[list[int]]:
    order = list(pool)
    rng.shuffle(order)
    groups, at = [], 0
    for size in sizes:
        groups.append(order[at : at + size])
        at += size
    return groups


def _search_schedule(
    ctx: Context,
    rounds: int,
    met0: set[int],
    unavailable: Mapping[int, Collection[str]],
    seed: int,
) -> _Plan | None:
    """All rounds of groups at once (construction + tabu repair); None when not applicable."""
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
    # Constructions first (the one with groups closest to k first), then plain deals of each
    # layout; the first start repaired without repeats wins.
    built_options = constructions(len(pools[0]), k, rounds) if same_pool else []
    variants = [(built, 0) for built in built_options]
    variants += [([], v) for v in range(len(_layouts(len(pools[0]), k))) if v or not variants]
    for attempt_seed, (built, variant) in enumerate(variants):
        rng = random.Random(seed * 7919 + attempt_seed)
        in_pool = [i for i in order if i in set(pools[0])]
        mapped = [[[in_pool[x] for x in g] for g in groups] for groups in built]
        # With rounds to spare, use those where the fewest forbidden or earlier pairs meet.
        mapped.sort(key=lambda groups: total_cost([groups], met, bad))
        start = mapped[:rounds]
        for r in range(len(start), rounds):
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
    while rest and not same_pool:
        chosen.append(rest.pop(0))
    while rest:
        pick = min(
            range(len(rest)),
            key=lambda x: (total_cost([*chosen, rest[x]], met, bad)[1], x),
        )
        chosen.append(rest.pop(pick))
    out = _Plan()
    for r, groups in enumerate(chosen, start=1):
        away = sorted(set(range(n)) - set(pools[r - 1]))
        out.rounds.append(([tuple(g) for g in groups], [(i, "unavailable") for i in away], r))
    return out


def plan_rounds(
    people: Sequence[Person],
    options: Options,
    rounds: int = 1,
    *,
    history: Sequence[Sequence[Sequence[str]]] = (),
    role_history: Mapping[str, Mapping[str, int]] = MappingProxyType({}),
    unavailable: Mapping[int, Collection[str]] = MappingProxyType({}),
    locked: Sequence[Sequence[str]] = (),
    seed: int = 0,
) -> list[RoundResult]:
    """Plan `rounds` rounds after `history`, respecting every hard constraint."""
    if rounds < 0:
        raise ValueError("rounds must be >= 0")
    ctx = Context(people, options)
    met0 = _met_keys(ctx, history)
    locked_idx = []
    taken: set[int] = set()
    away1 = set(unavailable.get(1, ()))
    for grp in locked:
        idx = [ctx.index[p] for p in grp if p in ctx.index and p not in away1]
        idx = [i for i in idx if i not in taken]
        taken.update(idx)
        if idx:
            locked_idx.append(idx)
    plan = None
    if options.group_size > 2 and not locked_idx and ctx.n <= SEARCH_MAX:
        # Groups in a small pool: a constructive schedule repaired by search reaches far more
        # repeat-free rounds than planning one round at a time. Its rounds are mutually
        # repeat-free, so a program that plans round after round keeps drawing fresh ones from
        # the same construction; that is why it is also preferred when it merely ties the
        # round-by-round plan on repeats, unplaced people and group sizes (the soft score, where
        # the round-by-round plan is usually ahead, comes after those).
        searched = _search_schedule(ctx, rounds, met0, unavailable, seed)
        if searched is not None:
            found = searched.quality(ctx, met0)[:3]
            fewest = _fewest_off_size(searched, ctx.options.group_size)
            if found <= (0, 0, fewest) or (rounds > 1 and found[:2] == (0, 0)):
                # Round by round, planning several rounds hardly ever avoids every repeat: not
                # worth its time once the search did.
                plan = searched
            else:
                plan = _schedule(ctx, rounds, met0, unavailable, locked_idx, seed, circle=False)
                if found <= plan.quality(ctx, met0)[:3]:
                    plan = searched
    if plan is None:
        plan = _schedule(ctx, rounds, met0, unavailable, locked_idx, seed, circle=False)
    if options.group_size == 2 and ctx.n <= CIRCLE_MAX and rounds > 1:
        best_q = plan.quality(ctx, met0)
        if best_q[:3] != (0, 0, 0):
            other = _schedule(ctx, rounds, met0, unavailable, locked_idx, seed, circle=True)
            if other.quality(ctx, met0) < best_q:
                plan = other
    if options.group_size == 2 and ctx.n <= ROTATION_MAX and history and not locked_idx:
        # Round by round in a small pool: the next unused factor of the circle that starts
        # with the first round keeps N−1 rounds repeat-free; it wins unless it repeats or
        # leaves out more people than the optimiser's round (it may weigh less).
        ring = _history_ring(ctx, history)
        other = _schedule(ctx, rounds, met0, unavailable, locked_idx, seed, circle=True, ring=ring)
        if other.quality(ctx, met0)[:3] <= plan.quality(ctx, met0)[:3]:
            plan = other
    # Roles and explanations.
    counts: dict[int, dict[str, int]] = {}
    for pid, held in role_history.items():
        if pid in ctx.index:
            counts[ctx.index[pid]] = dict(held)
    rng = random.Random(seed + 1)
    met = set(met0)
    results = []
    for groups, left, r in plan.rounds:
        matched = []
        total_repeats = 0
        weight = _pair_weight(ctx, groups, met) if options.group_size == 2 else 0.0
        has_bound = len(plan.bounds) >= r and not (locked_idx and r == 1)
        upper = plan.bounds[r - 1] if has_bound else None
        for g in sorted(groups, key=lambda g: min(ctx.ids[i] for i in g)):
            score, repeats = _group_score(ctx, g, met)
            total_repeats += repeats
            roles = _assign_roles(ctx, g, counts, rng)
            ordered = sorted(g, key=lambda i: (_role_rank(roles[ctx.ids[i]]), ctx.ids[i]))
            matched.append(
                MatchedGroup(
                    members=tuple(ctx.ids[i] for i in ordered),
                    roles=MappingProxyType(roles),
                    score=score,
                    reasons=_group_reasons(ctx, ordered, repeats),
                )
            )
        for g in groups:
            for x, i in enumerate(g):
                for j in g[x + 1 :]:
                    met.add(pair_key(i, j, ctx.n))
        unplaced = tuple(Unplaced(ctx.ids[i], reason(code)) for i, code in left)
        results.append(
            RoundResult(
                number=len(history) + r,
                groups=tuple(matched),
                unplaced=unplaced,
                repeats=total_repeats,
                pair_weight=round(weight, 3),
                upper_bound=None if upper is None else round(upper, 3),
            )
        )
    return results


def _pair_weight(ctx: Context, groups: Sequence[Sequence[int]], met: set[int]) -> float:
    """Weight of a round as a matching: each group's best new pair (a pair is its own)."""
    n = ctx.n
    total = 0.0
    for g in groups:
        best = 0.0
        for x, i in enumerate(g):
            for j in g[x + 1 :]:
                if pair_key(i, j, n) not in met:
                    best = max(best, ctx.weight(i, j))
        total += best
    return total


ROTATION_LIMIT_MAX = 600  # pools up to this size get the per-person rotation limit


def rotation_limit(people: Sequence[Person], options: Options) -> dict[str, object] | None:
    """The most repeat-free rounds any schedule can have, and why, in small pools.

    Each round puts a person in one group with k − 1 others whom they never meet again, so no
    schedule has more rounds than ⌊(N − 1) / (k − 1)⌋, and none more than
    ⌊partners / (k − 1)⌋ for the person with the fewest admissible partners (the hard rules
    keep the others away). Returns {"rounds", "people", "person" (id or None when the pool size
    itself is the limit), "partners", "colleagues"}; None above `ROTATION_LIMIT_MAX` people.
    """
    n, k = len(people), options.group_size
    if n < 2 or n > ROTATION_LIMIT_MAX:
        return None
    ctx = Context(people, options)
    fewest, who = n - 1, None
    for i in range(n):
        partners = sum(ctx.ok(i, j) for j in range(n) if j != i)
        if partners < fewest:
            fewest, who = partners, i
    return {
        "rounds": fewest // (k - 1),
        "people": n,
        "person": None if who is None else ctx.ids[who],
        "partners": fewest,
        "colleagues": n - 1,
    }


def _role_rank(role: str) -> int:
    return {"coach": 0, "case_bringer": 0, "facilitator": 1}.get(role, 2)


def violation_reasons(
    people: Sequence[Person], options: Options, groups: Sequence[Sequence[str]]
) -> list[Reason]:
    """The broken hard constraints of `groups` as reasons (codes `rule_*`) with people's names."""
    ctx = Context(people, options)
    found: list[Reason] = []
    for members in groups:
        idx = [ctx.index[pid] for pid in members if pid in ctx.index]
        common = -1
        for x, i in enumerate(idx):
            common &= ctx.lang[i]
            for j in idx[x + 1 :]:
                why = ctx.conflict_reason(i, j)
                if why is not None:
                    found.append(why)
        if len(idx) > 1 and common == 0:
            names = ", ".join(display(ctx.people[i]) for i in idx)
            found.append(reason("rule_no_common_language", members=names))
    return found
