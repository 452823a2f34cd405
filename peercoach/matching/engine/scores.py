"""Scores, reasons and hard-rule checks of groups: what the plan reports and edits re-check."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from .candidates import pair_key
from .context import NEW_PAIRING_BONUS, Context, display
from .model import Options, Person, Reason, common_reason, make_reason, reason


def met_keys(ctx: Context, history: Sequence[Sequence[Sequence[str]]]) -> set[int]:
    met: set[int] = set()
    for rnd in history:
        for grp in rnd:
            idx = [ctx.index[p] for p in grp if p in ctx.index]
            for x, i in enumerate(idx):
                for j in idx[x + 1 :]:
                    if i != j:
                        met.add(pair_key(i, j, ctx.n))
    return met


def group_score(ctx: Context, members: Sequence[int], met: set[int]) -> tuple[float, int]:
    """Mean pair score (a repeat pair loses the new-pairing bonus) and the number of repeats."""
    n = ctx.n
    if len(members) == 2:
        i, j = members
        if pair_key(i, j, n) in met:
            return round(ctx.weight(i, j) - NEW_PAIRING_BONUS, 3), 1
        return round(ctx.weight(i, j), 3), 0
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


def group_reasons(ctx: Context, members: Sequence[int], repeats: int) -> tuple[Reason, ...]:
    """The group's strongest pair reasons (3 for a pair, 4 for a group; each once), then what
    the group shares and whether it is new. Only the reasons shown are built."""
    if len(members) == 2:
        # One pair: its reasons have distinct codes; strongest first, ties in their order.
        parts = sorted(ctx.reason_parts(members[0], members[1]), key=lambda t: -t[0])
        out = [make_reason(code, params) for _, code, params in parts[:3]]
    else:
        scored: list[tuple[float, int, str, tuple[tuple[str, str], ...]]] = []
        seen: set[tuple[str, tuple]] = set()
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                for share, code, params in ctx.reason_parts(i, j):
                    if code == "different_departments":
                        continue
                    key = (code, tuple(sorted(params)))
                    if key not in seen:
                        seen.add(key)
                        scored.append((share, len(scored), code, params))
        scored.sort(key=lambda t: (-t[0], t[1]))
        out = [make_reason(code, params) for _, _, code, params in scored[:4]]
        depts = {ctx.people[i].department for i in members if ctx.people[i].department}
        if len(depts) > 1:
            params = (("count", str(len(depts))), ("size", str(len(members))))
            out.append(common_reason("departments_mixed", params))
    common = -1
    for i in members:
        common &= ctx.lang[i]
    if common > 0:
        language = ctx.lang_names[(common & -common).bit_length() - 1]  # the first one
        out.append(common_reason("shared_language", (("language", language),)))
    if repeats:
        out.append(common_reason("repeat_pairing", (("count", str(repeats)),)))
    else:
        out.append(common_reason("new_pairing"))
    return tuple(out)


def pair_weight(ctx: Context, groups: Sequence[Sequence[int]], met: set[int]) -> float:
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


def score_group(
    people_by_id: Mapping[str, Person],
    options: Options,
    members: Sequence[str],
    met_before: set[frozenset[str]],
) -> tuple[float, tuple[Reason, ...]]:
    """Score and reasons of one group (e.g. after a manual edit)."""
    ctx = Context([people_by_id[m] for m in members], options)
    met = met_keys(ctx, [[[a, b] for a, b in (tuple(p) for p in met_before if len(p) == 2)]])
    idx = list(range(ctx.n))
    score, repeats = group_score(ctx, idx, met)
    return score, group_reasons(ctx, idx, repeats)


def hard_constraint_violations(
    people: Sequence[Person],
    options: Options,
    groups: Sequence[Sequence[str]],
    blocked: Collection[Collection[str]] = (),
) -> list[str]:
    """Every broken hard constraint in `groups` (empty when all hold). History is not checked."""
    ctx = Context(people, options, blocked)
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


def violation_reasons(
    people: Sequence[Person],
    options: Options,
    groups: Sequence[Sequence[str]],
    blocked: Collection[Collection[str]] = (),
    *,
    context: Context | None = None,
) -> list[Reason]:
    """The broken hard constraints of `groups` as reasons (codes `rule_*`) with people's names;
    a `blocked` pair as one `rule_private` without names, however many pairs (their number would
    tell something too).

    `context`: these people, options and blocked pairs already indexed (`Context`), e.g. the one
    `plan_rounds` planned on, so checking its plan does not index 10,000 people a second time.
    The check itself runs pair by pair as ever, independent of how the plan was found."""
    if context is not None and context.options != options:
        raise ValueError("the context was built for other options")
    ctx = context if context is not None else Context(people, options, blocked)
    found: list[Reason] = []
    for members in groups:
        idx = [ctx.index[pid] for pid in members if pid in ctx.index]
        common = -1
        for x, i in enumerate(idx):
            common &= ctx.lang[i]
            for j in idx[x + 1 :]:
                why = ctx.conflict_reason(i, j)
                if why is not None and why not in found:
                    found.append(why)
        if len(idx) > 1 and common == 0:
            names = ", ".join(display(ctx.people[i]) for i in idx)
            found.append(reason("rule_no_common_language", members=names))
    return found
