"""Roles in a matched group: coach and coachee in pairs, case bringer and facilitator in groups,
taking turns over the rounds."""

from __future__ import annotations

import random
from collections.abc import Sequence

from .context import Context

PAIR_ROLES = ("coach", "coachee")
GROUP_ROLES = ("case_bringer", "facilitator")


def assign_roles(
    ctx: Context, members: Sequence[int], counts: dict[int, dict[str, int]], rng: random.Random
) -> dict[str, str]:
    def c(i: int, role: str) -> int:
        return counts.get(i, {}).get(role, 0)

    if len(members) == 2:
        return _pair_roles(ctx, members[0], members[1], counts)
    roles: dict[str, str] = {}
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


def _pair_roles(ctx: Context, a: int, b: int, counts: dict[int, dict[str, int]]) -> dict[str, str]:
    pa, pb = ctx.pref[a], ctx.pref[b]
    held_a, held_b = counts.setdefault(a, {}), counts.setdefault(b, {})
    if pa + pb == 1:  # one wants to coach, the other to be coached
        coach_is_a = pa == 0
    else:
        # Fewest coach turns relative to coachee turns coaches now, so roles alternate; then
        # whoever prefers coaching, the more experienced, the smaller id.
        def key(i: int, held: dict[str, int]) -> tuple:
            exp = ctx.exp[i] if ctx.exp[i] is not None else -1
            turns = held.get("coach", 0) - held.get("coachee", 0)
            return (turns, -(ctx.pref[i] == 0), -exp, ctx.ids[i])

        coach_is_a = key(a, held_a) <= key(b, held_b)  # min() keeps the first of equals
    held_coach, held_coachee = (held_a, held_b) if coach_is_a else (held_b, held_a)
    held_coach["coach"] = held_coach.get("coach", 0) + 1
    held_coachee["coachee"] = held_coachee.get("coachee", 0) + 1
    return {
        ctx.ids[a]: "coach" if coach_is_a else "coachee",
        ctx.ids[b]: "coachee" if coach_is_a else "coach",
    }


_RANKS = {"coach": 0, "case_bringer": 0, "facilitator": 1}


def role_rank(role: str) -> int:
    return _RANKS.get(role, 2)
