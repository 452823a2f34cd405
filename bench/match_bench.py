"""Matching benchmark: prints one JSON line of figures.

    .venv/bin/python bench/match_bench.py            # full run (a few minutes)
    .venv/bin/python bench/match_bench.py --quick    # smaller sizes, seconds
    .venv/bin/python bench/match_bench.py --child plan 10000 2 10000  # one plan, LP bound to 10,000

Each timed scenario runs in its own subprocess so that its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from orgs import organisation  # noqa: E402

from peercoach.matching.engine import (  # noqa: E402
    Options,
    Person,
    hard_constraint_violations,
    plan_rounds,
)


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def scenario_plan(n: int, k: int, bound_max: int = 0) -> dict:
    """One plan; `bound_max` > 0 gives pools up to that size the LP bound (`pairs.BOUND_MAX`)."""
    if bound_max:
        from peercoach.matching.engine import pairs

        pairs.BOUND_MAX = bound_max
    people = organisation(n)
    options = Options(group_size=k)
    before = peak_mb()
    start = time.perf_counter()
    [result] = plan_rounds(people, options, seed=1)
    seconds = time.perf_counter() - start
    groups = [g.members for g in result.groups]
    return {
        "n": n,
        "k": k,
        "seconds": round(seconds, 3),
        "peak_rss_mb": peak_mb(),
        "peak_rss_mb_before_matching": before,
        "groups": len(groups),
        "unplaced": len(result.unplaced),
        "pair_weight": result.pair_weight if k == 2 else None,
        "upper_bound": result.upper_bound,
        "share_of_bound": round(result.share_of_best, 5) if result.upper_bound else None,
        "sizes": sorted({len(g) for g in groups}),
        "violations": len(hard_constraint_violations(people, options, groups)),
    }


def _plan_weight(ctx, result) -> float:
    """The plan as a matching: each group's best pair (a pair is its own)."""
    idx = ctx.index
    total = 0.0
    for g in result.groups:
        m = [idx[x] for x in g.members]
        total += max(ctx.weight(a, b) for a, b in itertools.combinations(m, 2))
    return total


def scenario_exact(n: int) -> dict:
    """The plan against the exact optimum over ALL admissible pairs (rustworkx's blossom,
    max_cardinality=True, the engine's own weights in thousandths), and against the engine's
    certified upper bound; plus rustworkx on the engine's own sparse candidate graph."""
    import numpy as np
    import rustworkx as rx

    from peercoach.matching.engine.bound import Scanner
    from peercoach.matching.engine.context import Context

    people = organisation(n)
    ctx = Context(people, Options())
    start = time.perf_counter()
    [result] = plan_rounds(people, Options(), seed=1)
    plan_s = time.perf_counter() - start
    plan = _plan_weight(ctx, result)
    scan = Scanner(ctx, list(range(n)), set())
    graph = rx.PyGraph()
    graph.add_nodes_from(range(n))
    for a in range(0, n, 256):
        rows = scan.rows(a, min(n, a + 256))
        ii, jj = np.nonzero(np.isfinite(rows))
        ii += a
        keep = ii < jj
        ii, jj = ii[keep], jj[keep]
        good = ctx.ok_many(ii, jj)  # the scan skips explicit exclusions; the optimum may not
        ii, jj = ii[good], jj[good]
        weights = ctx.weight_many(ii, jj).tolist()
        graph.add_edges_from(list(zip(ii.tolist(), jj.tolist(), weights, strict=True)))
    edges = graph.num_edges()
    start = time.perf_counter()
    exact = rx.max_weight_matching(
        graph, max_cardinality=True, weight_fn=lambda w: int(round(w * 1000))
    )
    rx_s = time.perf_counter() - start
    optimum = sum(ctx.weight(a, b) for a, b in exact)
    rx_sparse_s = _rustworkx_on_candidate_graph(ctx)[0]
    return {
        "n": n,
        "admissible_pairs": edges,
        "rustworkx_all_pairs_seconds": round(rx_s, 1),
        "optimum_all_pairs": round(optimum, 3),
        "engine_plan_weight": round(plan, 3),
        "engine_upper_bound": result.upper_bound,
        "plan_over_optimum": round(plan / optimum, 5),
        "plan_over_bound": round(plan / result.upper_bound, 5),
        "optimum_over_bound": round(optimum / result.upper_bound, 5),
        "unplaced": len(result.unplaced),
        "engine_plan_seconds": round(plan_s, 3),
        "rustworkx_on_sparse_candidate_graph_seconds": round(rx_sparse_s, 2),
        "plan_time_over_rustworkx_sparse": round(plan_s / rx_sparse_s, 4),
    }


def _rustworkx_on_candidate_graph(ctx) -> tuple[float, int]:
    """Seconds rustworkx's blossom takes on the engine's own sparse candidate graph, and its
    edges (the graph the engine's matching step solves, built the way `pairs.pair_round` builds
    it: random proposals, each person's best partners and the LP's pairs)."""
    import rustworkx as rx

    from peercoach.matching.engine import pairs
    from peercoach.matching.engine.candidates import candidate_graph

    pool = list(range(ctx.n))
    us, vs, ws = candidate_graph(ctx, pool, set(), random.Random(0))
    _closer, _upper, best = pairs.start_bound(ctx, pool, set(), pairs.TOP_K)
    if best is not None:
        us, vs, ws = pairs._merge(ctx, pool, (us, vs), best)
    sparse = rx.PyGraph()
    sparse.add_nodes_from(range(ctx.n))
    sparse.add_edges_from(list(zip(us.tolist(), vs.tolist(), ws.tolist(), strict=True)))
    start = time.perf_counter()
    rx.max_weight_matching(sparse, max_cardinality=True, weight_fn=lambda w: int(round(w * 1000)))
    return time.perf_counter() - start, sparse.num_edges()


def scenario_sparse(n: int) -> dict:
    """The whole plan (default options, bound included) against rustworkx's exact matching on
    the engine's own candidate graph: the issue's "whole plan time / rustworkx's time"."""
    from peercoach.matching.engine.context import Context

    people = organisation(n)
    start = time.perf_counter()
    [result] = plan_rounds(people, Options(), seed=1)
    plan_s = time.perf_counter() - start
    rx_s, edges = _rustworkx_on_candidate_graph(Context(people, Options()))
    return {
        "n": n,
        "candidate_edges": edges,
        "engine_plan_seconds": round(plan_s, 2),
        "unplaced": len(result.unplaced),
        "rustworkx_on_sparse_candidate_graph_seconds": round(rx_s, 2),
        "plan_time_over_rustworkx_sparse": round(plan_s / rx_s, 4),
        "load_average": round(os.getloadavg()[0], 1),
    }


def rounds_reached(results, k: int | None = None) -> int:
    """Leading rounds with no repeat and nobody unplaced; with k, only rounds whose group sizes
    are the strict layout for their number of people (groups of k, and only as many of k±1 as
    the number forces)."""
    from peercoach.matching.engine.groups import group_sizes

    seen: set[frozenset[str]] = set()
    reached = 0
    for r in results:
        pairs = {frozenset(p) for g in r.groups for p in itertools.combinations(g.members, 2)}
        if r.repeats or r.unplaced or pairs & seen:
            break
        sizes = sorted(len(g.members) for g in r.groups)
        if k is not None and sizes != sorted(group_sizes(sum(sizes), k) or []):
            break
        seen |= pairs
        reached += 1
    return reached


def scenario_rounds(n: int, k: int) -> dict:
    people = [Person(id=f"p{i:03d}", languages=frozenset({"en"})) for i in range(n)]
    limit = (n - 1) // (k - 1)
    start = time.perf_counter()
    results = plan_rounds(people, Options(group_size=k), rounds=limit, seed=1)
    seconds = time.perf_counter() - start
    history: list = []
    one_by_one = []
    start = time.perf_counter()
    for number in range(limit):
        (result,) = plan_rounds(people, Options(group_size=k), history=history, seed=number)
        history.append([g.members for g in result.groups])
        one_by_one.append(result)
    seconds_one = time.perf_counter() - start
    return {
        "n": n,
        "k": k,
        "limit": limit,
        "reached_all_at_once_strict_sizes": rounds_reached(results, k),
        "reached_round_by_round_strict_sizes": rounds_reached(one_by_one, k),
        "seconds_all_at_once": round(seconds, 3),
        "seconds_round_by_round": round(seconds_one, 3),
    }


def scenario_rounds_org(n: int, k: int) -> dict:
    """Like scenario_rounds, in a generated organisation (reporting lines, languages, ...)."""
    people = organisation(n, seed=7)
    options = Options(group_size=k)
    limit = (n - 1) // (k - 1)
    start = time.perf_counter()
    results = plan_rounds(people, options, rounds=limit, seed=1)
    seconds = time.perf_counter() - start
    return {
        "n": n,
        "k": k,
        "limit": limit,
        "reached": rounds_reached(results),
        "reached_strict_sizes": rounds_reached(results, k),
        "repeats": sum(r.repeats for r in results),
        "violations": sum(
            len(hard_constraint_violations(people, options, [g.members for g in r.groups]))
            for r in results
        ),
        "seconds": round(seconds, 3),
    }


def scenario_rounds_org_one_at_a_time(n: int, k: int) -> dict:
    """Like scenario_rounds_org, planned the way the app does it: a round at a time."""
    people = organisation(n, seed=7)
    options = Options(group_size=k)
    limit = (n - 1) // (k - 1)
    history: list = []
    results = []
    start = time.perf_counter()
    for number in range(limit):
        (result,) = plan_rounds(people, options, rounds=1, history=history, seed=number)
        history.append([g.members for g in result.groups])
        results.append(result)
    seconds = time.perf_counter() - start
    sizes = [len(g.members) for r in results for g in r.groups]
    return {
        "n": n,
        "k": k,
        "limit": limit,
        "reached": rounds_reached(results),
        "reached_strict_sizes": rounds_reached(results, k),
        "groups_of_k": round(sizes.count(k) / len(sizes), 3),
        "seconds_per_round": round(seconds / limit, 3),
    }


def run_child(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if "--child" in sys.argv:
        kind, *rest = sys.argv[sys.argv.index("--child") + 1 :]
        nums = [int(x) for x in rest]
        fn = {
            "plan": scenario_plan,
            "exact": scenario_exact,
            "sparse": scenario_sparse,
            "rounds": scenario_rounds,
            "rounds_org": scenario_rounds_org,
            "rounds_org_one_at_a_time": scenario_rounds_org_one_at_a_time,
        }[kind]
        print(json.dumps(fn(*nums)))
        return
    quick = "--quick" in sys.argv
    figures: dict = {"quick": quick}
    figures["pairs_exact"] = run_child(["exact", "400" if quick else "2000"])
    sizes = [2000, 10000] if quick else [10000, 100000]
    figures["pairs"] = [run_child(["plan", str(n), "2"]) for n in sizes]
    figures["groups5"] = run_child(["plan", "2000" if quick else "10000", "5"])
    figures["rounds"] = [
        run_child(["rounds", str(n), str(k)])
        for n, k in [(32, 2), (16, 4), (32, 4), (15, 3), (21, 3), (25, 5)]
    ]
    figures["rounds_in_an_organisation"] = [
        run_child(["rounds_org", "30", "4"]),
        run_child(["rounds_org", "60", "4"]),
    ]
    figures["rounds_in_an_organisation_one_at_a_time"] = [
        run_child(["rounds_org_one_at_a_time", "30", "4"]),
        run_child(["rounds_org_one_at_a_time", "60", "4"]),
        run_child(["rounds_org_one_at_a_time", "40", "5"]),
    ]
    figures["violations"] = sum(
        s["violations"]
        for s in [*figures["pairs"], figures["groups5"], *figures["rounds_in_an_organisation"]]
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
