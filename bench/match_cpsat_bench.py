"""The engine's groups against CP-SAT's optimum (or its proven bound) for one round.

Usage: .venv/bin/python bench/match_cpsat_bench.py [--people 30 40 60] [--size 5] [--seconds 60]
    [--model groups|pairs]
Prints one JSON line per size: the engine's objective (sum over groups of the mean pair score,
what the engine maximises), CP-SAT's best solution and proven upper bound on the same objective
and hard rules, and engine / bound; also the bound of the pair formulation's LP relaxation
(`lp_bound`, below), the set-partitioning LP's bound (`partition_bound.py`, the tightest; for
pools whose groups can all be listed) and engine / the lowest bound. OR-tools is a test and
benchmark dependency only.

The model: x[p][g] = person p in group g (exactly one group each, k per group); t[p][q][g] ≤
x[p][g], x[q][g] marks a pair in one group; pairs that may not meet are never together; the
objective is Σ weight(p, q) · t / (k(k−1)/2) (each group has k(k−1)/2 pairs). It is exact only
when every group has exactly k people (N a multiple of k) and the pool shares one language
(the engine's whole-group language rule is then implied by the pair rules).

`--model pairs` gives CP-SAT the pair formulation instead: y[p][q] = p and q in one group, for
admissible pairs only; each person has exactly k − 1 partners; y[p][q] and y[q][r] imply
y[p][r] (so "in one group" is an equivalence with classes of k); the objective is
Σ weight · y / (k(k−1)/2). It has no symmetry between group labels: it proves the optimum of the
smaller pools far sooner, while its bound for the larger ones stays looser in a minute.
`lp_bound` is that formulation's linear relaxation (0 ≤ y ≤ 1, every triangle inequality),
solved by HiGHS: every partition into groups of k is a solution of it with the same objective,
so its optimum bounds the best partition from above. `--highs-seconds S` also runs HiGHS's
branch and bound on that formulation for S seconds (scipy's `milp`): its proven bound
(`highs_bound`) is the tightest of the three from 30 people on.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.partition_bound import partition_bound  # noqa: E402
from peercoach.matching.engine import (  # noqa: E402
    Options,
    Person,
    hard_constraint_violations,
    plan_rounds,
)
from peercoach.matching.engine.context import Context  # noqa: E402
from peercoach.matching.engine.scores import group_score  # noqa: E402

SCALE = 1000  # CP-SAT works in integers: weights in thousandths
# The set-partitioning bound lists every group: 60 people in fives have 5.5 M.
PARTITION_MAX_GROUPS = 12_000_000


def pool(n: int, seed: int = 0) -> list[Person]:
    """n colleagues: departments, two teams per department, skills and experience that vary."""
    rng = random.Random(seed)
    skills = ["presenting", "excel", "negotiating", "planning", "writing", "python", "coaching"]
    people = []
    for i in range(n):
        dept = ["Sales", "Finance", "IT", "HR"][i % 4]
        people.append(
            Person(
                id=f"p{i:03d}",
                department=dept,
                manager_id=f"m{dept}{i % 2}" if i % 5 else None,
                languages=frozenset({"en"}),
                time_zone=rng.choice(["Europe/Amsterdam", "Europe/London", "America/New_York"]),
                skills_offered=frozenset(rng.sample(skills, 2)),
                skills_wanted=frozenset(rng.sample(skills, 1)),
                experience_years=rng.randrange(30),
            )
        )
    return people


def cpsat_reference(people: list[Person], options: Options, seconds: float) -> dict:
    """CP-SAT's best objective, proven upper bound and status for one round of `people`."""
    from ortools.sat.python import cp_model

    ctx = Context(people, options)
    n, k = ctx.n, options.group_size
    if n % k:
        raise ValueError("the reference is exact only for groups of exactly k")
    groups = n // k
    model = cp_model.CpModel()
    # Person p sits in group g ≤ p: the groups are interchangeable (symmetry breaking).
    x = [[model.new_bool_var(f"x{p}_{g}") for g in range(groups)] for p in range(n)]
    for p in range(n):
        model.add_exactly_one(x[p])
        for g in range(p + 1, groups):
            model.add(x[p][g] == 0)
    for g in range(groups):
        model.add(sum(x[p][g] for p in range(n)) == k)
    objective = []
    together: dict[tuple[int, int], list] = {(p, g): [] for p in range(n) for g in range(groups)}
    for p in range(n):
        for q in range(p + 1, n):
            if not ctx.ok(p, q):
                for g in range(groups):
                    model.add_bool_or([x[p][g].Not(), x[q][g].Not()])
                continue
            w = round(ctx.weight(p, q) * SCALE)
            for g in range(min(p, q, groups - 1) + 1):
                t = model.new_bool_var("")
                model.add_implication(t, x[p][g])
                model.add_implication(t, x[q][g])
                together[p, g].append(t)
                together[q, g].append(t)
                objective.append(w * t)
    # Implied, but it makes the relaxation (the proven bound) far tighter: in its group a person
    # is paired with exactly k − 1 others, and with nobody in the groups they are not in.
    for (p, g), ts in together.items():
        model.add(sum(ts) == (k - 1) * x[p][g])
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    chosen = [[p for p in range(n) if solver.value(x[p][g])] for g in range(groups)]
    return _solved(solver, status, ctx, people, options, chosen)


def _solved(solver, status, ctx, people: list[Person], options: Options, chosen) -> dict:
    """CP-SAT's answer on the engine's scale, with the engine's own scoring of its groups and
    its hard-rule check of them."""
    k = options.group_size
    per_group = SCALE * k * (k - 1) / 2
    return {
        "status": solver.status_name(status),
        "best": solver.objective_value / per_group,
        "bound": solver.best_objective_bound / per_group,
        "best_rescored": sum(group_score(ctx, members, set())[0] for members in chosen),
        "violations": len(
            hard_constraint_violations(people, options, [[ctx.ids[p] for p in m] for m in chosen])
        ),
    }


def _pair_vars(ctx: Context) -> dict[tuple[int, int], int]:
    """An index for each admissible pair p < q."""
    pairs: dict[tuple[int, int], int] = {}
    for p, q in itertools.combinations(range(ctx.n), 2):
        if ctx.ok(p, q):
            pairs[p, q] = len(pairs)
    return pairs


def _triangles(ctx: Context, pairs: dict[tuple[int, int], int]):
    """(a, b, c) per triangle inequality y_a + y_b − y_c ≤ 1 (c is None when that pair may not
    meet: then y_a + y_b ≤ 1); a and b always admissible."""
    for p, q, r in itertools.combinations(range(ctx.n), 3):
        sides = [pairs.get((p, q)), pairs.get((q, r)), pairs.get((p, r))]
        for x in range(3):
            a, b, c = sides[x - 2], sides[x - 1], sides[x]  # two sides imply the third
            if a is not None and b is not None:
                yield a, b, c


def _pair_program(people: list[Person], options: Options):
    """The pair formulation as matrices: (context, pairs, weights, triangles ≤ 1, degrees)."""
    import numpy as np
    from scipy.sparse import coo_matrix

    ctx = Context(people, options)
    pairs = _pair_vars(ctx)
    rows, cols, vals = [], [], []
    for row, (a, b, c) in enumerate(_triangles(ctx, pairs)):
        rows += [row, row]
        cols += [a, b]
        vals += [1.0, 1.0]
        if c is not None:
            rows.append(row)
            cols.append(c)
            vals.append(-1.0)
    count = rows[-1] + 1 if rows else 0
    upper = coo_matrix((vals, (rows, cols)), shape=(count, len(pairs))).tocsr()
    ends = [x for pq in pairs for x in pq]
    at = np.repeat(np.arange(len(pairs)), 2)
    degree = coo_matrix((np.ones(len(ends)), (ends, at)), shape=(ctx.n, len(pairs))).tocsr()
    weights = np.array([ctx.weight(p, q) for p, q in pairs])
    return ctx, pairs, weights, upper, degree


def lp_bound(people: list[Person], options: Options) -> float:
    """Upper bound on one round's objective: the pair formulation's LP relaxation (HiGHS)."""
    import numpy as np
    from scipy.optimize import linprog

    ctx, _pairs, weights, upper, degree = _pair_program(people, options)
    k = options.group_size
    count = upper.shape[0]
    found = linprog(
        -weights,
        A_ub=upper if count else None,
        b_ub=np.ones(count) if count else None,
        A_eq=degree,
        b_eq=np.full(ctx.n, k - 1.0),
        bounds=(0, 1),
        method="highs",
    )
    if found.status != 0:
        raise RuntimeError(f"the LP failed: {found.message}")
    return -found.fun / (k * (k - 1) / 2)


def highs_reference(people: list[Person], options: Options, seconds: float) -> dict:
    """The pair formulation as a MIP for HiGHS (branch and bound on that LP): its best solution
    and proven bound after `seconds`."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    ctx, pairs, weights, upper, degree = _pair_program(people, options)
    k = options.group_size
    rules = [LinearConstraint(degree, k - 1, k - 1)]
    if upper.shape[0]:
        rules.append(LinearConstraint(upper, -np.inf, 1))
    found = milp(
        -weights,
        constraints=rules,
        integrality=np.ones(len(pairs)),
        bounds=Bounds(0, 1),
        options={"time_limit": seconds},
    )
    per_group = k * (k - 1) / 2
    best = None if found.x is None else -found.fun / per_group
    return {
        "status": "OPTIMAL" if found.status == 0 else "TIME_LIMIT" if found.status == 1 else "NONE",
        "best": best,
        "bound": -found.mip_dual_bound / per_group,
    }


def cpsat_pairs_reference(people: list[Person], options: Options, seconds: float) -> dict:
    """`cpsat_reference` with the pair formulation (see the module's docstring)."""
    from ortools.sat.python import cp_model

    ctx = Context(people, options)
    n, k = ctx.n, options.group_size
    if n % k:
        raise ValueError("the reference is exact only for groups of exactly k")
    pairs = _pair_vars(ctx)
    model = cp_model.CpModel()
    y = [model.new_bool_var(f"y{p}_{q}") for p, q in pairs]
    for p in range(n):
        model.add(sum(y[t] for (a, b), t in pairs.items() if p in (a, b)) == k - 1)
    for a, b, c in _triangles(ctx, pairs):
        model.add_bool_or([y[a].Not(), y[b].Not()] + ([] if c is None else [y[c]]))
    model.maximize(sum(round(ctx.weight(p, q) * SCALE) * y[t] for (p, q), t in pairs.items()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    partner = {p: {p} for p in range(n)}
    for (p, q), t in pairs.items():
        if solver.value(y[t]):
            partner[p].add(q)
            partner[q].add(p)
    chosen = sorted({tuple(sorted(g)) for g in partner.values()})
    return _solved(solver, status, ctx, people, options, chosen)


def engine_round(
    people: list[Person], options: Options, seed: int = 0
) -> tuple[float, list[list[int]]]:
    """The engine's objective for one round and its groups, as positions in
    `Context(people, options)`."""
    (result,) = plan_rounds(people, options, seed=seed)
    assert not result.unplaced and all(len(g.members) == options.group_size for g in result.groups)
    at = {pid: i for i, pid in enumerate(Context(people, options).ids)}
    groups = [[at[pid] for pid in g.members] for g in result.groups]
    return sum(g.score for g in result.groups), groups


def engine_groups(people: list[Person], options: Options, seed: int = 0) -> list[list[int]]:
    return engine_round(people, options, seed)[1]


def engine_objective(people: list[Person], options: Options, seed: int = 0) -> float:
    return engine_round(people, options, seed)[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[30, 40, 60])
    parser.add_argument("--size", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--model", choices=["groups", "pairs"], default="groups")
    parser.add_argument("--highs-seconds", type=float, default=0.0, help="also the HiGHS MIP")
    args = parser.parse_args()
    reference = cpsat_reference if args.model == "groups" else cpsat_pairs_reference
    for n in args.people:
        people = pool(n)
        options = Options(group_size=args.size)
        started = time.perf_counter()
        engine, groups = engine_round(people, options)
        engine_seconds = time.perf_counter() - started
        started = time.perf_counter()
        ref = reference(people, options, args.seconds)
        cpsat_seconds = time.perf_counter() - started
        started = time.perf_counter()
        relaxed = lp_bound(people, options)
        lp_seconds = time.perf_counter() - started
        bounds = [ref["bound"], relaxed]
        extra = {}
        if math.comb(n, args.size) <= PARTITION_MAX_GROUPS:
            partition = partition_bound(people, options, groups)
            bounds.append(partition["bound"])
            extra = {
                "partition_bound": round(partition["bound"], 3),
                "partition_converged": partition["converged"],
                "partition_s": partition["seconds"],
                "engine_over_partition_bound": round(engine / partition["bound"], 4),
            }
        if args.highs_seconds > 0:
            started = time.perf_counter()
            mip = highs_reference(people, options, args.highs_seconds)
            bounds.append(mip["bound"])
            extra |= {
                "highs_status": mip["status"],
                "highs_best": None if mip["best"] is None else round(mip["best"], 3),
                "highs_bound": round(mip["bound"], 3),
                "highs_s": round(time.perf_counter() - started, 1),
            }
        print(
            json.dumps(
                {
                    "people": n,
                    "group_size": args.size,
                    "engine": round(engine, 3),
                    "engine_s": round(engine_seconds, 3),
                    "cpsat_status": ref["status"],
                    "cpsat_best": round(ref["best"], 3),
                    "cpsat_bound": round(ref["bound"], 3),
                    "cpsat_best_rescored": round(ref["best_rescored"], 3),
                    "cpsat_violations": ref["violations"],
                    "cpsat_model": args.model,
                    "cpsat_s": round(cpsat_seconds, 1),
                    "engine_over_bound": round(engine / ref["bound"], 4),
                    "lp_bound": round(relaxed, 3),
                    "lp_s": round(lp_seconds, 1),
                    **extra,
                    "engine_over_best_bound": round(engine / min(bounds), 4),
                    "load_average": round(os.getloadavg()[0], 1),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
