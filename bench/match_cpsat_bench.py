"""The engine's groups against CP-SAT's optimum (or its proven bound) for one round.

Usage: .venv/bin/python bench/match_cpsat_bench.py [--people 30 40 60] [--size 5] [--seconds 60]
Prints one JSON line per size: the engine's objective (sum over groups of the mean pair score,
what the engine maximises), CP-SAT's best solution and proven upper bound on the same objective
and hard rules, and engine / bound. OR-tools is a test and benchmark dependency only.

The model: x[p][g] = person p in group g (exactly one group each, k per group); t[p][q][g] ≤
x[p][g], x[q][g] marks a pair in one group; pairs that may not meet are never together; the
objective is Σ weight(p, q) · t / (k(k−1)/2) (each group has k(k−1)/2 pairs). It is exact only
when every group has exactly k people (N a multiple of k) and the pool shares one language
(the engine's whole-group language rule is then implied by the pair rules).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from peercoach.matching.engine import (  # noqa: E402
    Options,
    Person,
    hard_constraint_violations,
    plan_rounds,
)
from peercoach.matching.engine.context import Context  # noqa: E402
from peercoach.matching.engine.scores import group_score  # noqa: E402

SCALE = 1000  # CP-SAT works in integers: weights in thousandths


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
    per_group = SCALE * k * (k - 1) / 2
    return {
        "status": solver.status_name(status),
        "best": solver.objective_value / per_group,
        "bound": solver.best_objective_bound / per_group,
        # The engine's own scoring of CP-SAT's groups, and its hard-rule check of them.
        "best_rescored": sum(group_score(ctx, members, set())[0] for members in chosen),
        "violations": len(
            hard_constraint_violations(people, options, [[ctx.ids[p] for p in m] for m in chosen])
        ),
    }


def engine_objective(people: list[Person], options: Options, seed: int = 0) -> float:
    (result,) = plan_rounds(people, options, seed=seed)
    assert not result.unplaced and all(len(g.members) == options.group_size for g in result.groups)
    return sum(g.score for g in result.groups)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[30, 40, 60])
    parser.add_argument("--size", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    for n in args.people:
        people = pool(n)
        options = Options(group_size=args.size)
        started = time.perf_counter()
        engine = engine_objective(people, options)
        engine_seconds = time.perf_counter() - started
        started = time.perf_counter()
        ref = cpsat_reference(people, options, args.seconds)
        print(
            json.dumps(
                {
                    "people": n,
                    "group_size": args.size,
                    "engine": round(engine, 3),
                    "engine_s": round(engine_seconds, 2),
                    "cpsat_status": ref["status"],
                    "cpsat_best": round(ref["best"], 3),
                    "cpsat_bound": round(ref["bound"], 3),
                    "cpsat_best_rescored": round(ref["best_rescored"], 3),
                    "cpsat_violations": ref["violations"],
                    "cpsat_s": round(time.perf_counter() - started, 1),
                    "engine_over_bound": round(engine / ref["bound"], 4),
                    "load_average": round(os.getloadavg()[0], 1),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
