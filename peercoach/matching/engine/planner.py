"""plan_rounds: choose the best plan of rounds after the history, then give it roles and reasons."""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType

from .candidates import pair_key
from .circle import history_ring
from .context import Context
from .groups import group_round
from .model import MatchedGroup, Options, Person, RoundResult, Unplaced, reason
from .plans import Plan, fewest_off_size, leading_clean, round_by_round, search_schedule
from .roles import assign_roles, role_rank
from .schedule import constructions
from .scores import group_reasons, group_score, met_keys, pair_weight

CIRCLE_MAX = (
    3_000  # pools up to this size try the round-robin schedule when the optimiser falls short
)

ROTATION_MAX = 64  # pairs pools up to this size follow one circle round after round

SEARCH_MAX = 150  # pools up to this size search all rounds of groups together when stuck


def _searched(
    ctx: Context,
    rounds: int,
    history: Sequence[Sequence[Sequence[str]]],
    met0: set[int],
    unavailable: Mapping[int, Collection[str]],
    seed: int,
) -> Plan | None:
    """The all-rounds search, its first round the best single round found when it can be.

    Without history, the first round is one round optimised on its own (`group_round`, whose
    tabu search reaches CP-SAT's optimum on small pools) and constructions are relabelled onto
    it, so the rounds after it stay as repeat-free as before. With forbidden pairs in the pool a
    relabelling may reach fewer rounds than the department-order mapping: for one round, the
    anchor is kept only when its continuation is repeat-free for as many rounds. With history,
    the search continues the construction that holds most of the history's rounds."""
    n, k = ctx.n, ctx.options.group_size
    if history:
        past = [[[ctx.index[p] for p in g if p in ctx.index] for g in rnd] for rnd in history]
        return search_schedule(ctx, rounds, met0, unavailable, seed, history=past)
    away = {ctx.index[p] for p in unavailable.get(1, ()) if p in ctx.index}
    pool = [i for i in range(n) if i not in away]
    groups, left = group_round(ctx, pool, met0, k, random.Random(seed))
    searched = None
    if not left:
        anchor = [list(g) for g in groups]
        searched = search_schedule(ctx, rounds, met0, unavailable, seed, anchor=anchor)
        partners = min((sum(ctx.ok(i, j) for j in pool) for i in pool), default=0)
        horizon = min(
            max((len(b) for b in constructions(len(pool), k)), default=0), partners // (k - 1)
        )
        if searched is not None and rounds < horizon and partners < len(pool) - 1:
            # Rounds planned one at a time relabel onto this round: check its continuation.
            longer = search_schedule(ctx, horizon, met0, unavailable, seed, anchor=anchor)
            usual = search_schedule(ctx, horizon, met0, unavailable, seed)
            reach = 0 if longer is None else leading_clean(longer, ctx, met0)
            if usual is not None and leading_clean(usual, ctx, met0) > reach:
                searched = None
    if searched is not None and rounds == 1:
        return searched
    plain = search_schedule(ctx, rounds, met0, unavailable, seed)
    if searched is None or plain is None:
        return searched or plain
    ours, theirs = searched.quality(ctx, met0), plain.quality(ctx, met0)
    # A tie on the whole plan's score (where every pair meets once, all rounds together score
    # the same whatever they are; each group's score is rounded to 0.001) goes to the plan with
    # the best first round.
    tie = 0.0005 * sum(len(groups) for groups, _left, _r in plain.rounds) + 1e-9
    if theirs[:3] < ours[:3] or (theirs[:3] == ours[:3] and theirs[3] < ours[3] - tie):
        return plain
    return searched


def plan_rounds(
    people: Sequence[Person],
    options: Options,
    rounds: int = 1,
    *,
    history: Sequence[Sequence[Sequence[str]]] = (),
    role_history: Mapping[str, Mapping[str, int]] = MappingProxyType({}),
    unavailable: Mapping[int, Collection[str]] = MappingProxyType({}),
    locked: Sequence[Sequence[str]] = (),
    blocked: Collection[Collection[str]] = (),
    seed: int = 0,
    context: Context | None = None,
) -> list[RoundResult]:
    """Plan `rounds` rounds after `history`, respecting every hard constraint.

    `blocked`: pairs of person ids that never share a group, whatever else holds (symmetric; the
    app passes the participants' private "rather not with" lists). Unlike `Person.exclude`, no
    reason ever names them.

    `context`: `Context(people, options, blocked)` when the caller built it already (to check
    the plan on the same data, `violation_reasons(..., context=)`); it is only read.
    """
    if rounds < 0:
        raise ValueError("rounds must be >= 0")
    if context is not None and (context.options != options or context.n != len(people)):
        raise ValueError("the context was built for other people or options")
    ctx = context if context is not None else Context(people, options, blocked)
    met0 = met_keys(ctx, history)
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
        searched = _searched(ctx, rounds, history, met0, unavailable, seed)
        if searched is not None:
            found = searched.quality(ctx, met0)[:3]
            fewest = fewest_off_size(searched, ctx.options.group_size)
            if found <= (0, 0, fewest) or (rounds > 1 and found[:2] == (0, 0)):
                # Round by round, planning several rounds hardly ever avoids every repeat: not
                # worth its time once the search did.
                plan = searched
            else:
                plan = round_by_round(
                    ctx, rounds, met0, unavailable, locked_idx, seed, circle=False
                )
                if found <= plan.quality(ctx, met0)[:3]:
                    plan = searched
    if plan is None:
        plan = round_by_round(ctx, rounds, met0, unavailable, locked_idx, seed, circle=False)
    if options.group_size == 2 and ctx.n <= CIRCLE_MAX and rounds > 1:
        best_q = plan.quality(ctx, met0)
        if best_q[:3] != (0, 0, 0):
            other = round_by_round(ctx, rounds, met0, unavailable, locked_idx, seed, circle=True)
            if other.quality(ctx, met0) < best_q:
                plan = other
    if options.group_size == 2 and ctx.n <= ROTATION_MAX and history and not locked_idx:
        # Round by round in a small pool: the next unused factor of the circle that starts
        # with the first round keeps N−1 rounds repeat-free; it wins unless it repeats or
        # leaves out more people than the optimiser's round (it may weigh less).
        ring = history_ring(ctx, history)
        other = round_by_round(
            ctx, rounds, met0, unavailable, locked_idx, seed, circle=True, ring=ring
        )
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
        weight = pair_weight(ctx, groups, met) if options.group_size == 2 else 0.0
        has_bound = len(plan.bounds) >= r and not (locked_idx and r == 1)
        upper = plan.bounds[r - 1] if has_bound else None
        for g in sorted(groups, key=lambda g: min(ctx.ids[i] for i in g)):
            score, repeats = group_score(ctx, g, met)
            total_repeats += repeats
            roles = assign_roles(ctx, g, counts, rng)
            ordered = sorted(g, key=lambda i: (role_rank(roles[ctx.ids[i]]), ctx.ids[i]))
            matched.append(
                MatchedGroup(
                    members=tuple(ctx.ids[i] for i in ordered),
                    roles=MappingProxyType(roles),
                    score=score,
                    reasons=group_reasons(ctx, ordered, repeats),
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
